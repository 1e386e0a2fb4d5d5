/**
 * Columns a string takes on a terminal, as cqlsh measures values (wcwidth.wcswidth): combining
 * marks and format characters take none, East Asian wide and fullwidth characters (and emoji)
 * take two, everything else one. Control characters never reach here: the value formatter has
 * already escaped them.
 */

const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}]/u;

/** Inclusive code point ranges of wide characters (the main blocks of Unicode's EastAsianWidth W and F). */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
  [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff], [0x20000, 0x2fffd], [0x30000, 0x3fffd],
];

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x300) width += 1; // fast path: ASCII and Latin
    else if (ZERO_WIDTH.test(char)) continue;
    else width += WIDE_RANGES.some(([low, high]) => code >= low && code <= high) ? 2 : 1;
  }
  return width;
}

/** `text` padded with spaces on the right to `width` columns (Python's str.ljust by display width). */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** `text` padded with spaces on the left to `width` columns (str.rjust by display width). */
export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}
