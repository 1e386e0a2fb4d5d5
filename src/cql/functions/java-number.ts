/**
 * Java's java.lang.Number conversions, which CAST between numeric types is made of
 * (CastFcts wraps Number::intValue, Number::floatValue, ...). A value is one of three kinds:
 *
 *   integral  Byte, Short, Integer, Long, BigInteger: narrowing keeps the low bits (wraps)
 *   floating  Float, Double: to an integer type saturates at the type's range (NaN gives 0);
 *             to byte or short it saturates to int first, then wraps (JLS 5.1.3)
 *   decimal   BigDecimal: truncated toward zero to a BigInteger, then the low bits
 */

import { assertNever } from '../../lib/assert.js';
import type { CqlType } from '../types/cql-type.js';
import { bigDecimalParts, driverTypes, integerToBigInt, longToBigInt, type BigDecimal, type Integer, type Long } from '../types/driver-values.js';

export type JavaNumber =
  | { readonly kind: 'integral'; readonly value: bigint }
  | { readonly kind: 'floating'; readonly value: number }
  | { readonly kind: 'decimal'; readonly unscaled: bigint; readonly scale: number };

export function javaNumberOf(type: CqlType, value: unknown): JavaNumber {
  switch (type.kind) {
    case 'tinyint':
    case 'smallint':
    case 'int':
      return { kind: 'integral', value: BigInt(value as number) };
    case 'bigint':
    case 'counter':
      return { kind: 'integral', value: value instanceof driverTypes.Long ? longToBigInt(value as Long) : BigInt(value as number) };
    case 'varint':
      return { kind: 'integral', value: integerToBigInt(value as Integer) };
    case 'float':
    case 'double':
      return { kind: 'floating', value: value as number };
    case 'decimal':
      return { kind: 'decimal', ...bigDecimalParts(value as BigDecimal) };
    default:
      throw new Error(`not a numeric type: ${type.kind}`);
  }
}

/** byteValue (8), shortValue (16), intValue (32), longValue (64). */
export function javaIntegerValue(number: JavaNumber, bits: 8 | 16 | 32 | 64): bigint {
  switch (number.kind) {
    case 'integral':
      return BigInt.asIntN(bits, number.value);
    case 'floating':
      return bits === 64 ? saturate(number.value, 64) : BigInt.asIntN(bits, saturate(number.value, 32));
    case 'decimal':
      return BigInt.asIntN(bits, truncate(number));
    default:
      return assertNever(number, 'Java number');
  }
}

/** doubleValue; floatValue is Math.fround of it. */
export function javaDoubleValue(number: JavaNumber): number {
  switch (number.kind) {
    case 'integral':
      return Number(number.value);
    case 'floating':
      return number.value;
    case 'decimal':
      return Number(`${number.unscaled}e${-number.scale}`);
    default:
      return assertNever(number, 'Java number');
  }
}

/** BigDecimal.toBigInteger: the integer part, truncated toward zero. */
function truncate({ unscaled, scale }: { readonly unscaled: bigint; readonly scale: number }): bigint {
  return scale <= 0 ? unscaled * 10n ** BigInt(-scale) : unscaled / 10n ** BigInt(scale);
}

/** Java's (int) or (long) of a double: toward zero, clamped to the range, NaN to 0. */
function saturate(value: number, bits: 32 | 64): bigint {
  if (Number.isNaN(value)) return 0n;
  const max = (1n << BigInt(bits - 1)) - 1n;
  const min = -(1n << BigInt(bits - 1));
  if (value === Infinity) return max;
  if (value === -Infinity) return min;
  const whole = BigInt(Math.trunc(value));
  return whole > max ? max : whole < min ? min : whole;
}
