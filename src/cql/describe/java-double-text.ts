/**
 * A double as Java's Double.toString writes it, which is how Cassandra prints
 * bloom_filter_fp_chance and crc_check_chance: plain with at least one decimal (`0.01`, `1.0`)
 * for magnitudes in [1e-3, 1e7), else `d.dddE±n` (`1.0E-4`). Digits are JavaScript's shortest
 * round-trip ones (what JDK 19+ prints; older JDKs sometimes print one more).
 */
export function javaDoubleText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}
