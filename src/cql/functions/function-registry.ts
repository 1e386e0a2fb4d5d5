/**
 * The executor's door to functions in a selection, by name and argument types (the types of
 * the selected columns or of nested calls): scalar functions, aggregates and CAST. It wraps
 * resolveFunction (Cassandra's overload resolution and messages) and hands back objects that
 * need nothing more than the argument values.
 *
 * Functions that read the time or draw random values (now(), uuid(), currentTimestamp()...)
 * need a FunctionContext: pass the execution's when resolving, or apply() fails loudly.
 */

import { AssertionError } from '../../lib/assert.js';
import type { Clock } from '../../lib/clock.js';
import { InvalidRequestError } from '../../lib/errors.js';
import { formatCqlType, type CqlType } from '../types/cql-type.js';
import { sameType } from '../values/type-compatibility.js';
import { castFunctionName } from './cast-functions.js';
import type { FunctionContext } from './function-context.js';
import type { FunctionArgument } from './function-argument.js';
import type { Aggregate, NativeFunction } from './native-function.js';
import { nativeFunctionsNamed } from './native-function-registry.js';
import { resolveFunction } from './resolve-function.js';

export interface ResolvedScalarFunction {
  /** Cassandra's name without keyspace ('totimestamp'). */
  readonly name: string;
  readonly argTypes: readonly CqlType[];
  readonly returnType: CqlType;
  /** The result column's name: 'system.totimestamp(c)'. */
  columnName(argNames: readonly string[]): string;
  apply(args: readonly unknown[]): unknown;
}

export interface ResolvedAggregate {
  readonly name: string;
  readonly argTypes: readonly CqlType[];
  readonly returnType: CqlType;
  columnName(argNames: readonly string[]): string;
  /** A fresh state for one group: add each row's argument value, then read result(). */
  create(): Aggregate;
}

export interface SelectionFunctionOptions {
  /** The clock and random sources of the execution, for now(), uuid() and the like. */
  readonly context?: FunctionContext;
  /** How each argument reads in error messages (the selected column's name); 'arg0'... otherwise. */
  readonly argNames?: readonly string[];
}

export function resolveScalarFunction(name: string, argTypes: readonly CqlType[], options: SelectionFunctionOptions = {}): ResolvedScalarFunction {
  const fn = resolveForSelection(name, argTypes, options);
  if (fn.kind !== 'scalar') throw new InvalidRequestError(`Function system.${fn.name} is an aggregate and cannot be used here`);
  const context = options.context ?? contextRequired(fn.name);
  return Object.freeze({
    name: fn.name,
    argTypes: fn.argTypes,
    returnType: fn.returnType,
    columnName: (argNames: readonly string[]) => fn.columnName(argNames),
    apply: (args: readonly unknown[]) => fn.apply(args, context),
  });
}

export function resolveAggregate(name: string, argType: CqlType, options: SelectionFunctionOptions = {}): ResolvedAggregate {
  const fn = resolveForSelection(name, [argType], options);
  if (fn.kind !== 'aggregate') throw new InvalidRequestError(`Function system.${fn.name} is not an aggregate`);
  return Object.freeze({
    name: fn.name,
    argTypes: fn.argTypes,
    returnType: fn.returnType,
    columnName: (argNames: readonly string[]) => fn.columnName(argNames),
    create: () => fn.newAggregate(),
  });
}

/**
 * CAST(x AS target) for x of type `source`: the conversion of the castAs<Target> overload for
 * `source`. A cast to x's own type is the identity (Cassandra then keeps x's column name).
 * `argText` names x in the error for a target no cast reaches ("v cannot be cast to blob").
 */
export function castFunction(source: CqlType, target: CqlType, argText = 'value'): (value: unknown) => unknown {
  if (sameType(source, target, true)) return (value) => value;
  const name = castFunctionName(target);
  if (nativeFunctionsNamed(name).length === 0) throw new InvalidRequestError(`${argText} cannot be cast to ${formatCqlType(target)}`);
  const fn = resolveFunction({ keyspace: null, name }, [{ type: source, text: argText }], { receiverType: null, usage: 'selector' });
  const context = contextRequired(fn.name);
  return (value) => (fn.kind === 'scalar' ? fn.apply([value], context) : value);
}

function resolveForSelection(name: string, argTypes: readonly CqlType[], options: SelectionFunctionOptions): NativeFunction {
  const args: FunctionArgument[] = argTypes.map((type, i) => ({ type, text: options.argNames?.[i] ?? `arg${i}` }));
  return resolveFunction({ keyspace: null, name }, args, { receiverType: null, usage: 'selector' });
}

/** A stand-in context for functions resolved without one: harmless unless a function reads it. */
function contextRequired(name: string): FunctionContext {
  const fail = (): never => {
    throw new AssertionError(`function ${name}() reads the clock: resolve it with the execution's FunctionContext`);
  };
  const clock: Clock = { nowMs: fail, nowMicros: fail, nowSeconds: fail };
  return { clock };
}
