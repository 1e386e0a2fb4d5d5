/**
 * What evaluating a term may consult: the statement's bound values (as the application passed
 * them, by marker index), the function context (clock, random source, time-UUID generator) for
 * now(), uuid() and 'now', and a type resolver for type hints naming user types.
 */

import type { FunctionContext } from '../functions/function-context.js';
import type { CqlType } from '../types/cql-type.js';
import type { TypeResolver } from './type-resolver.js';

export interface TermContext extends FunctionContext {
  /** The value bound to marker `index`; undefined or the driver's `types.unset` mean unset. */
  boundValue(index: number): unknown;
  /** Resolves the types of type hints; defaults to one that knows no user types. */
  readonly types?: TypeResolver;
}

/**
 * Where a term's value goes: a column, or a part of one with Cassandra's name for it, which
 * error messages show: "value(l)" for list and set elements, "key(m)" and "value(m)" for map
 * entries, "t[0]" for tuple components, "u.f" for UDT fields, "arg0(system.f)" for arguments.
 */
export interface TermReceiver {
  readonly name: string;
  readonly type: CqlType;
}
