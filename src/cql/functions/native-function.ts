/**
 * Cassandra's native functions as data: a scalar function maps argument values to a value, an
 * aggregate folds the values of many rows into one. Values are in the canonical JS form of
 * values/normalize-value.ts (null for a null argument or result); every native function is
 * "called on null input" and answers null to a null argument unless it says otherwise.
 *
 * Names are as Cassandra declares them in the system keyspace: lower case ('totimestamp',
 * 'intasblob'), except 'countRows' and the 'castAs<Type>' family, which CQL text cannot name
 * directly (the parser lowercases unquoted names); COUNT(*) and CAST reach them by name.
 */

import type { CqlType } from '../types/cql-type.js';
import type { FunctionContext } from './function-context.js';

export interface ScalarFunction {
  readonly kind: 'scalar';
  readonly name: string;
  readonly argTypes: readonly CqlType[];
  readonly returnType: CqlType;
  /** Cassandra's column name for a selection of this function over `argNames`. */
  columnName(argNames: readonly string[]): string;
  /** Throws InvalidRequestError when the arguments cannot be converted (blobAsInt of 3 bytes). */
  apply(args: readonly unknown[], context: FunctionContext): unknown;
}

/** One group's running state; `add` takes the argument value of one row (undefined for count(*)). */
export interface Aggregate {
  add(value: unknown): void;
  result(): unknown;
}

export interface AggregateFunction {
  readonly kind: 'aggregate';
  readonly name: string;
  readonly argTypes: readonly CqlType[];
  readonly returnType: CqlType;
  columnName(argNames: readonly string[]): string;
  newAggregate(): Aggregate;
}

export type NativeFunction = ScalarFunction | AggregateFunction;

/** Cassandra's default column name: 'system.name(a, b)'. */
export function defaultColumnName(name: string, argNames: readonly string[]): string {
  return `system.${name}(${argNames.join(', ')})`;
}

export function scalarFunction(
  name: string,
  returnType: CqlType,
  argTypes: readonly CqlType[],
  apply: (args: readonly unknown[], context: FunctionContext) => unknown,
  columnName: (argNames: readonly string[]) => string = (argNames) => defaultColumnName(name, argNames),
): ScalarFunction {
  return Object.freeze({ kind: 'scalar', name, argTypes: Object.freeze([...argTypes]), returnType, columnName, apply });
}

/** A one-argument scalar function that answers null to a null argument. */
export function unaryFunction(
  name: string,
  returnType: CqlType,
  argType: CqlType,
  convert: (value: unknown) => unknown,
  columnName?: (argNames: readonly string[]) => string,
): ScalarFunction {
  const apply = ([value]: readonly unknown[]): unknown => (value === null || value === undefined ? null : convert(value));
  return columnName === undefined ? scalarFunction(name, returnType, [argType], apply) : scalarFunction(name, returnType, [argType], apply, columnName);
}
