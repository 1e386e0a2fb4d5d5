/**
 * AggregateFcts, the row-counting and ordering half: count(*) (Cassandra's 'countRows', column
 * name 'count'), count(x), min(x) and max(x) for every native type. count ignores nulls and
 * returns a bigint (0 for no rows); min and max use the type's comparator and return null
 * when every value was null. Counter columns get their own min/max, comparing as bigint.
 */

import { nativeCqlType, nativeCqlTypeKinds, type CqlType } from '../types/cql-type.js';
import { longFromBigInt } from '../types/driver-values.js';
import { compareValues } from '../values/compare-values.js';
import { defaultColumnName, type Aggregate, type AggregateFunction } from './native-function.js';

const bigint = nativeCqlType('bigint')!;

export function aggregateFunction(
  name: string,
  returnType: CqlType,
  argTypes: readonly CqlType[],
  newAggregate: () => Aggregate,
  columnName: (argNames: readonly string[]) => string = (argNames) => defaultColumnName(name, argNames),
): AggregateFunction {
  return Object.freeze({ kind: 'aggregate', name, returnType, argTypes: Object.freeze([...argTypes]), columnName, newAggregate });
}

export const countRowsFunction: AggregateFunction = aggregateFunction(
  'countRows',
  bigint,
  [],
  () => {
    let count = 0n;
    return { add: () => void count++, result: () => longFromBigInt(count) };
  },
  () => 'count',
);

function countFunction(type: CqlType): AggregateFunction {
  return aggregateFunction('count', bigint, [type], () => {
    let count = 0n;
    return {
      add: (value) => {
        if (value !== null && value !== undefined) count++;
      },
      result: () => longFromBigInt(count),
    };
  });
}

/** min (`sign` -1) or max (`sign` 1): keeps the first value that no later value beats. */
function extremeFunction(name: 'min' | 'max', type: CqlType, compareAs: CqlType): AggregateFunction {
  const sign = name === 'max' ? 1 : -1;
  return aggregateFunction(name, type, [type], () => {
    let best: unknown = null;
    return {
      add: (value) => {
        if (value === null || value === undefined) return;
        if (best === null || sign * compareValues(compareAs, value, best) > 0) best = value;
      },
      result: () => best,
    };
  });
}

export const orderingAggregates: readonly AggregateFunction[] = Object.freeze(
  nativeCqlTypeKinds.flatMap((kind) => {
    const type = nativeCqlType(kind)!;
    const compareAs = kind === 'counter' ? bigint : type;
    return [countFunction(type), extremeFunction('max', type, compareAs), extremeFunction('min', type, compareAs)];
  }),
);
