/**
 * Number text read by Java's rules, because Cassandra's fromString() for each numeric type is
 * one of these calls and its grammar decides what a constant may look like:
 *
 *   Byte/Short/Integer/Long.parseInt  [+-]?digits, in range           -> bigint
 *   new BigInteger(s)                  [+-]?digits                     -> bigint
 *   new BigDecimal(s)                  [+-]?(digits[.digits?]|.digits)([eE][+-]?digits)?
 *   Double.valueOf / Float.parseFloat  trimmed; [+-]?(NaN|Infinity|decimal)[fFdD]?
 *
 * Each returns null when Java would throw NumberFormatException; callers word the error.
 * (Java also accepts non-ASCII digits and hexadecimal floating-point text; we do not.)
 */

export interface DecimalParts {
  readonly unscaled: bigint;
  readonly scale: number;
}

const integerText = /^[+-]?\d+$/;
const decimalText = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const doubleText = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[fFdD]?$/;
const int32Max = 2 ** 31 - 1;

/** Integer.parseInt and friends: null unless the text is an integer within [min, max]. */
export function parseJavaInteger(text: string, min: bigint, max: bigint): bigint | null {
  const value = parseJavaBigInteger(text);
  return value === null || value < min || value > max ? null : value;
}

export function parseJavaBigInteger(text: string): bigint | null {
  return integerText.test(text) ? BigInt(text) : null;
}

export function parseJavaBigDecimal(text: string): DecimalParts | null {
  const match = decimalText.exec(text);
  if (match === null) return null;
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match;
  if (whole.length + fraction.length === 0) return null;
  const exponent = Number(exponentText);
  const scale = fraction.length - exponent;
  if (!Number.isSafeInteger(exponent) || Math.abs(scale) > int32Max) return null;
  return { unscaled: BigInt(`${sign}${whole}${fraction}` || '0'), scale };
}

/** Double.valueOf: null when Java throws; NaN and the infinities are values. */
export function parseJavaDouble(text: string): number | null {
  const trimmed = trimJava(text);
  if (!doubleText.test(trimmed)) return null;
  const body = trimmed.replace(/[fFdD]$/, '');
  if (body.endsWith('NaN')) return NaN;
  return Number(body);
}

/** Float.parseFloat: the double rounded to binary32 (Java rounds once, from the decimal). */
export function parseJavaFloat(text: string): number | null {
  const value = parseJavaDouble(text);
  return value === null ? null : Math.fround(value);
}

/** String.trim(): Java drops every char <= U+0020 at both ends. */
function trimJava(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}
