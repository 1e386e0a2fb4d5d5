/**
 * Choosing the function a call names (Cassandra's FunctionResolver.get):
 *
 *   toJson / fromJson  built for the call: toJson only in a selection, of its one argument's
 *                      type; fromJson only where a receiver gives its return type
 *   no overload        Unknown function (worded per place: "Unknown function x called" in a
 *                      term, "Unknown function 'x'" in a selection)
 *   one overload       it, once the arguments fit: right count ("Invalid number of arguments
 *                      in call to function system.f: 1 required but 2 provided") and each
 *                      assignable ("Type error: 'a' cannot be passed as argument 0 of function
 *                      system.f of type timeuuid")
 *   several            those whose return type fits the receiver (if any) and whose arguments
 *                      fit: the first exact match, else the only weak match; none is an
 *                      "Invalid call", several an "Ambiguous call" (use type casts)
 *
 * Functions in another keyspace than system would be user-defined: we have none.
 */

import { assert } from '../../lib/assert.js';
import { InvalidRequestError } from '../../lib/errors.js';
import { formatCqlType, type CqlType } from '../types/cql-type.js';
import { testResultType } from '../values/term-assignment.js';
import { resolveTypeWithoutUserTypes, type TypeResolver } from '../values/type-resolver.js';
import { argumentText, testArgument, type FunctionArgument } from './function-argument.js';
import { functionSignature, qualifiedName } from './function-signature.js';
import { fromJsonFunction, toJsonFunction } from './json-functions.js';
import type { NativeFunction } from './native-function.js';
import { nativeFunctionsNamed } from './native-function-registry.js';

export interface FunctionCallName {
  readonly keyspace: string | null;
  readonly name: string;
}

export interface ResolveOptions {
  /** The receiver's type where the call is a term (INSERT values, WHERE, SET); null in a selection. */
  readonly receiverType: CqlType | null;
  readonly usage: 'term' | 'selector';
  /** Resolves type hints among the arguments; the default knows no user types. */
  readonly types?: TypeResolver | undefined;
}

export function resolveFunction(call: FunctionCallName, args: readonly FunctionArgument[], options: ResolveOptions): NativeFunction {
  const types = options.types ?? resolveTypeWithoutUserTypes;
  const written = call.keyspace === null ? call.name : `${call.keyspace}.${call.name}`;
  const native = call.keyspace === null || call.keyspace === 'system';
  assert(!(native && call.name === 'token'), 'token() is resolved by the executor');
  if (native && call.name === 'tojson') return resolveToJson(args, options);
  if (native && call.name === 'fromjson') {
    if (options.usage === 'selector' || options.receiverType === null) {
      throw new InvalidRequestError('fromJson() cannot be used in the selection clause of a SELECT statement');
    }
    return fromJsonFunction(options.receiverType);
  }
  const candidates = native ? nativeFunctionsNamed(call.name) : [];
  if (candidates.length === 0) {
    throw new InvalidRequestError(options.usage === 'term' ? `Unknown function ${written} called` : `Unknown function '${written}'`);
  }
  if (candidates.length === 1) return validateTypes(candidates[0]!, args, types);

  let exact: NativeFunction | null = null;
  const compatibles: NativeFunction[] = [];
  for (const candidate of candidates) {
    const receiver = options.receiverType;
    if (receiver !== null && testResultType(candidate.returnType, receiver) === 'no') continue;
    const fit = matchArguments(candidate, args, types);
    if (fit === 'exact') {
      exact = candidate;
      break;
    }
    if (fit === 'weak') compatibles.push(candidate);
  }
  if (exact !== null) return exact;
  if (compatibles.length === 0) {
    throw new InvalidRequestError(
      `Invalid call to function ${written}, none of its type signatures match (known type signatures: ${candidates.map(functionSignature).join(', ')})`,
    );
  }
  if (compatibles.length > 1) {
    throw new InvalidRequestError(
      `Ambiguous call to function ${written} (can be matched by following signatures: ${compatibles.map(functionSignature).join(', ')}): use type casts to disambiguate`,
    );
  }
  return compatibles[0]!;
}

function resolveToJson(args: readonly FunctionArgument[], options: ResolveOptions): NativeFunction {
  if (options.usage === 'term') throw new InvalidRequestError('toJson() may only be used within the selection clause of SELECT statements');
  if (args.length !== 1) throw new InvalidRequestError(`toJson() only accepts one argument (got ${args.length})`);
  const argument = args[0]!;
  if ('term' in argument) {
    throw new InvalidRequestError(`Cannot infer type for term ${argumentText(argument)} in selection clause (try using a cast to force a type)`);
  }
  return toJsonFunction(argument.type);
}

function validateTypes(fn: NativeFunction, args: readonly FunctionArgument[], types: TypeResolver): NativeFunction {
  if (args.length !== fn.argTypes.length) {
    throw new InvalidRequestError(
      `Invalid number of arguments in call to function ${qualifiedName(fn)}: ${fn.argTypes.length} required but ${args.length} provided`,
    );
  }
  args.forEach((argument, i) => {
    const parameter = fn.argTypes[i]!;
    if (testArgument(argument, parameter, types) === 'no') {
      throw new InvalidRequestError(
        `Type error: ${argumentText(argument)} cannot be passed as argument ${i} of function ${qualifiedName(fn)} of type ${formatCqlType(parameter)}`,
      );
    }
  });
  return fn;
}

function matchArguments(fn: NativeFunction, args: readonly FunctionArgument[], types: TypeResolver): 'exact' | 'weak' | 'no' {
  if (args.length !== fn.argTypes.length) return 'no';
  let result: 'exact' | 'weak' = 'exact';
  for (let i = 0; i < args.length; i++) {
    const fit = testArgument(args[i]!, fn.argTypes[i]!, types);
    if (fit === 'no') return 'no';
    if (fit === 'weak') result = 'weak';
  }
  return result;
}
