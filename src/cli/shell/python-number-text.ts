/**
 * Numbers as cqlsh's Python prints them: floats through cqlsh's format_floating_point_type
 * (`%.*g` with the precision widened by the digits left of the point), decimals as Python's
 * Decimal.__str__ (plain unless the exponent is positive or the number is tiny: `1E+2`, `1E-7`).
 */

/** cqlsh's float and double display precision (DEFAULT_FLOAT_PRECISION, DEFAULT_DOUBLE_PRECISION). */
export const CQLSH_FLOAT_PRECISION = 5;

export function cqlshFloatText(value: number, precision = CQLSH_FLOAT_PRECISION): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  // Python's int(math.log10(...)) truncates toward zero; below epsilon the exponent is "minus infinity".
  const exponent = Math.abs(value) > Number.EPSILON ? Math.trunc(Math.log10(Math.abs(value))) : -Infinity;
  const digits = exponent >= -4 && exponent < precision ? precision + exponent + 1 : precision;
  return pythonG(value, digits);
}

/** Python's `'%.*g' % (precision, value)` for a finite value. */
export function pythonG(value: number, precision: number): string {
  const p = Math.max(1, precision);
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa = '', exponentText = '0'] = value.toExponential(p - 1).split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= p) {
    const sign = exponent < 0 ? '-' : '+';
    return `${stripZeros(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return stripZeros(value.toFixed(p - 1 - exponent));
}

function stripZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Python's str(Decimal) for unscaled * 10^-scale. */
export function pythonDecimalText(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString();
  const exponent = -scale;
  const adjusted = exponent + digits.length - 1;
  let body: string;
  if (exponent <= 0 && adjusted >= -6) {
    const point = digits.length + exponent;
    body = exponent === 0 ? digits : point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${'0'.repeat(-point)}${digits}`;
  } else {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    body = `${digits[0]}${fraction}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
  }
  return negative ? `-${body}` : body;
}
