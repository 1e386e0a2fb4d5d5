/**
 * Every native function of Cassandra 4 that this layer implements, by name, in Cassandra's
 * declaration order (error messages list overloads in that order). toJson() and fromJson()
 * are not here: their types depend on the call (json-functions.ts), as in Cassandra.
 * token() is the executor's. Not implemented: floor(), the arithmetic operators as functions.
 */

import { countRowsFunction, orderingAggregates } from './aggregate-functions.js';
import { bytesConversionFunctions } from './bytes-conversion-functions.js';
import { castFunctions } from './cast-functions.js';
import type { NativeFunction } from './native-function.js';
import { sumAvgAggregates } from './sum-avg-functions.js';
import { timeFunctions } from './time-functions.js';
import { uuidFunction } from './uuid-functions.js';

const all: readonly NativeFunction[] = [
  ...timeFunctions,
  uuidFunction,
  ...bytesConversionFunctions,
  ...castFunctions,
  countRowsFunction,
  ...sumAvgAggregates,
  ...orderingAggregates,
];

const byName = new Map<string, NativeFunction[]>();
for (const fn of all) {
  const overloads = byName.get(fn.name) ?? [];
  overloads.push(fn);
  byName.set(fn.name, overloads);
}

/** The overloads of a native function named exactly `name` (case-sensitive), possibly none. */
export function nativeFunctionsNamed(name: string): readonly NativeFunction[] {
  return byName.get(name) ?? [];
}
