/**
 * Numbers printed as Java prints them, because that is the text Cassandra hands out: toJson()
 * and SELECT JSON (Double.toString, Float.toString, BigDecimal.toString) and CAST(x AS text).
 *
 *   Double/Float.toString  shortest digits that read back to the same value; plain notation
 *                          with at least one fraction digit for 1e-3 <= |x| < 1e7 ("123.0"),
 *                          else "d.dddE<exp>" ("1.0E10", "1.5E-4"); "NaN", "Infinity".
 *   BigDecimal.toString    plain when scale >= 0 and the adjusted exponent >= -6, else
 *                          scientific with an explicit exponent sign ("1E+3", "-1.23E-12").
 *   BigDecimal.toPlainString  never scientific ("1000", "-0.00000000000123"): CAST uses it.
 */

interface ShortestDigits {
  readonly negative: boolean;
  /** Significant digits without leading or trailing zeros ("0" for zero). */
  readonly digits: string;
  /** Decimal exponent of the first digit: value = 0.d1d2... * 10^(exponent + 1). */
  readonly exponent: number;
}

export function javaDoubleToString(value: number): string {
  const special = nonFinite(value);
  return special ?? layOut(atLeastTwoDigits(value, (n) => n, shortestDigits(value, value.toExponential())));
}

export function javaFloatToString(value: number): string {
  const special = nonFinite(value);
  if (special !== null) return special;
  // JS has no float32 printing: take the fewest significant digits that round back to the float.
  for (let precision = 1; precision <= 9; precision++) {
    const text = value.toPrecision(precision);
    if (Math.fround(Number(text)) === value) return layOut(atLeastTwoDigits(value, Math.fround, shortestDigits(value, Number(text).toExponential())));
  }
  return layOut(shortestDigits(value, value.toExponential(8)));
}

export function javaBigDecimalToString(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString();
  const adjusted = -scale + (digits.length - 1);
  const sign = negative ? '-' : '';
  if (scale >= 0 && adjusted >= -6) {
    if (scale === 0) return sign + digits;
    if (digits.length > scale) return `${sign}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
    return `${sign}0.${'0'.repeat(scale - digits.length)}${digits}`;
  }
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
}

export function javaBigDecimalToPlainString(unscaled: bigint, scale: number): string {
  if (scale <= 0) return (unscaled * 10n ** BigInt(-scale)).toString();
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
}

/**
 * Java always prints two significant digits (d.d) and, when one would do, picks the two-digit
 * decimal nearest the exact value if it reads back the same: 4.9E-324, where JS says 5e-324.
 */
function atLeastTwoDigits(value: number, round: (n: number) => number, shortest: ShortestDigits): ShortestDigits {
  if (shortest.digits.length !== 1 || shortest.digits === '0') return shortest;
  const twoDigits = value.toExponential(1);
  return round(Number(twoDigits)) === value ? shortestDigits(value, twoDigits) : shortest;
}

function nonFinite(value: number): string | null {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return null;
}

/** Digits and exponent from JS exponent notation ("-1.25e-7"), which already holds the shortest digits. */
function shortestDigits(value: number, exponential: string): ShortestDigits {
  const negative = value < 0 || Object.is(value, -0);
  const match = /^-?(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(exponential);
  if (match === null) throw new Error(`unexpected exponent notation ${exponential}`);
  const digits = `${match[1]}${match[2] ?? ''}`.replace(/0+$/, '') || '0';
  return { negative, digits, exponent: Number(match[3]) };
}

function layOut({ negative, digits, exponent }: ShortestDigits): string {
  const sign = negative ? '-' : '';
  if (digits === '0') return `${sign}0.0`;
  if (exponent >= -3 && exponent < 7) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    const fraction = digits.slice(exponent + 1) || '0';
    return `${sign}${whole}.${fraction}`;
  }
  const fraction = digits.slice(1) || '0';
  return `${sign}${digits[0]}.${fraction}E${exponent}`;
}
