/**
 * AggregateFcts, the arithmetic half: sum(x) and avg(x) for each numeric type, returning that
 * same type and computed as Cassandra 4 computes them (nulls skipped; no rows give 0):
 *
 *   tinyint, smallint, int   sum wraps at the type's width (Java byte/short/int arithmetic);
 *                            avg divides an exact total, truncating toward zero
 *   bigint, counter          sum wraps at 64 bits; avg as above
 *   varint                   exact sum; avg truncates toward zero
 *   decimal                  exact sum; avg is a running mean, each step
 *                            avg += (x - avg) / n rounded half-even at avg's scale
 *   float, double            Kahan-compensated double sum (NaN from opposite infinities
 *                            becomes the plain sum's infinity); avg divides that sum by n, or,
 *                            once the sum overflows, a decimal sum of the values (HALF_EVEN)
 */

import { nativeCqlType, type CqlType, type NativeCqlTypeKind } from '../types/cql-type.js';
import { bigDecimalOf, integerFromBigInt, longFromBigInt } from '../types/driver-values.js';
import { parseJavaBigDecimal, type DecimalParts } from '../values/java-number-parsing.js';
import { javaDoubleToString } from '../values/java-number-text.js';
import { aggregateFunction } from './aggregate-functions.js';
import { addDecimals, decimalZero, divideDecimalHalfEven, subtractDecimals } from './decimal-arithmetic.js';
import { javaDoubleValue, javaNumberOf } from './java-number.js';
import type { Aggregate, AggregateFunction } from './native-function.js';

type IntegralKind = 'tinyint' | 'smallint' | 'int' | 'bigint' | 'counter' | 'varint';

const widths: Readonly<Record<IntegralKind, number>> = { tinyint: 8, smallint: 16, int: 32, bigint: 64, counter: 64, varint: 0 };

function integralValue(kind: IntegralKind, total: bigint): unknown {
  const bits = widths[kind];
  if (kind === 'varint') return integerFromBigInt(total);
  const wrapped = BigInt.asIntN(bits, total);
  return bits === 64 ? longFromBigInt(wrapped) : Number(wrapped);
}

function integralAggregate(kind: IntegralKind, average: boolean): Aggregate {
  const type = nativeCqlType(kind)!;
  let total = 0n;
  let count = 0n;
  return {
    add: (value) => {
      if (value === null || value === undefined) return;
      const number = javaNumberOf(type, value);
      if (number.kind === 'integral') total += number.value;
      count++;
    },
    result: () => integralValue(kind, average ? (count === 0n ? 0n : total / count) : total),
  };
}

function decimalAggregate(average: boolean): Aggregate {
  const type = nativeCqlType('decimal')!;
  let result: DecimalParts = decimalZero;
  let count = 0n;
  return {
    add: (value) => {
      if (value === null || value === undefined) return;
      const number = javaNumberOf(type, value);
      if (number.kind !== 'decimal') return;
      count++;
      result = average ? addDecimals(result, divideDecimalHalfEven(subtractDecimals(number, result), count)) : addDecimals(result, number);
    },
    result: () => bigDecimalOf(result.unscaled, result.scale),
  };
}

/** Kahan summation of doubles, with the plain sum kept to repair NaN from same-signed infinities. */
class CompensatedSum {
  sum = 0;
  private compensation = 0;
  private simpleSum = 0;

  add(number: number): void {
    this.simpleSum += number;
    const adjusted = number - this.compensation;
    const rounded = this.sum + adjusted;
    this.compensation = rounded - this.sum - adjusted;
    this.sum = rounded;
  }

  total(): number {
    const total = this.sum + this.compensation;
    return Number.isNaN(total) && !Number.isFinite(this.simpleSum) && !Number.isNaN(this.simpleSum) ? this.simpleSum : total;
  }
}

function floatingAggregate(kind: 'float' | 'double', average: boolean): Aggregate {
  const type = nativeCqlType(kind)!;
  const sum = new CompensatedSum();
  let count = 0n;
  let bigSum: DecimalParts | null = null;
  const finish = (value: number): number => (kind === 'float' ? Math.fround(value) : value);
  return {
    add: (value) => {
      if (value === null || value === undefined) return;
      const number = javaDoubleValue(javaNumberOf(type, value));
      count++;
      if (bigSum !== null) {
        bigSum = addDecimals(bigSum, decimalOfDouble(number));
        return;
      }
      const previous = sum.sum;
      sum.add(number);
      if (average && !Number.isFinite(sum.sum) && Number.isFinite(number) && !Number.isNaN(sum.sum)) {
        bigSum = addDecimals(decimalOfDouble(previous), decimalOfDouble(number));
      }
    },
    result: () => {
      if (!average) return finish(sum.total());
      if (count === 0n) return finish(0);
      if (bigSum !== null) {
        const mean = divideDecimalHalfEven(bigSum, count);
        return finish(Number(`${mean.unscaled}e${-mean.scale}`));
      }
      return finish(sum.total() / Number(count));
    },
  };
}

/** BigDecimal.valueOf(double): the decimal of Double.toString. */
function decimalOfDouble(value: number): DecimalParts {
  return parseJavaBigDecimal(javaDoubleToString(value)) ?? decimalZero;
}

function newAggregate(kind: NativeCqlTypeKind, average: boolean): Aggregate {
  switch (kind) {
    case 'decimal':
      return decimalAggregate(average);
    case 'float':
    case 'double':
      return floatingAggregate(kind, average);
    default:
      return integralAggregate(kind as IntegralKind, average);
  }
}

const numericKinds = ['tinyint', 'smallint', 'int', 'bigint', 'float', 'double', 'decimal', 'varint', 'counter'] as const;

export const sumAvgAggregates: readonly AggregateFunction[] = Object.freeze(
  numericKinds.flatMap((kind) => {
    const type: CqlType = nativeCqlType(kind)!;
    return [aggregateFunction('sum', type, [type], () => newAggregate(kind, false)), aggregateFunction('avg', type, [type], () => newAggregate(kind, true))];
  }),
);
