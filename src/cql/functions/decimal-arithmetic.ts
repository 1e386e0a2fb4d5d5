/**
 * The few java.math.BigDecimal operations sum() and avg() need, on (unscaled, scale) pairs:
 * add keeps the larger scale; divide(n, HALF_EVEN) keeps the dividend's scale and rounds the
 * quotient half to even, as BigDecimal.divide(BigDecimal, RoundingMode) does.
 */

import type { DecimalParts } from '../values/java-number-parsing.js';

export const decimalZero: DecimalParts = Object.freeze({ unscaled: 0n, scale: 0 });

export function addDecimals(a: DecimalParts, b: DecimalParts): DecimalParts {
  const scale = Math.max(a.scale, b.scale);
  return { unscaled: rescale(a, scale) + rescale(b, scale), scale };
}

export function subtractDecimals(a: DecimalParts, b: DecimalParts): DecimalParts {
  return addDecimals(a, { unscaled: -b.unscaled, scale: b.scale });
}

/** this.divide(BigDecimal.valueOf(divisor), RoundingMode.HALF_EVEN), divisor > 0. */
export function divideDecimalHalfEven(a: DecimalParts, divisor: bigint): DecimalParts {
  return { unscaled: divideHalfEven(a.unscaled, divisor), scale: a.scale };
}

function rescale(value: DecimalParts, scale: number): bigint {
  return value.unscaled * 10n ** BigInt(scale - value.scale);
}

function divideHalfEven(dividend: bigint, divisor: bigint): bigint {
  const quotient = dividend / divisor;
  const remainder = dividend % divisor;
  if (remainder === 0n) return quotient;
  const twice = 2n * (remainder < 0n ? -remainder : remainder);
  const away = dividend < 0n !== divisor < 0n ? -1n : 1n;
  if (twice > divisor || (twice === divisor && quotient % 2n !== 0n)) return quotient + away;
  return quotient;
}
