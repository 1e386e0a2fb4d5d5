/**
 * A page of rows as cqlsh lays it out (print_formatted_result, print_formatted_result_vertically):
 *
 *    k | name  | tags            <- names left-aligned, the line right-trimmed
 *   ---+-------+--------------
 *    1 | alice | {'a', 'b'}      <- values right-aligned
 *
 * and with EXPAND ON, one block a row:
 *
 *   @ Row 1
 *   ------+-------
 *    k    | 1
 *    name | alice
 *
 * Widths are display widths (text-width.ts). Values arrive already formatted (format-value.ts).
 */

import { displayWidth, padEnd, padStart } from './text-width.js';

/** The table lines for one page; `values` null means no rows (header only, then a blank line). */
export function tableLines(names: readonly string[], values: readonly (readonly string[])[] | null, withHeader: boolean, tty: boolean): string[] {
  const widths = names.map(displayWidth);
  for (const row of values ?? []) row.forEach((value, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(value))));
  const lines: string[] = [];
  if (withHeader) {
    lines.push(` ${names.map((name, i) => padEnd(name, widths[i]!)).join(' | ')}`.trimEnd());
    lines.push(`-${widths.map((w) => '-'.repeat(w)).join('-+-')}-`);
  }
  if (values === null) {
    lines.push('');
    return lines;
  }
  for (const row of values) lines.push(` ${row.map((value, i) => padStart(value, widths[i]!)).join(' | ')}`);
  if (tty) lines.push('');
  return lines;
}

/** The vertical layout of one page; `firstRowNumber` continues the count across pages. */
export function expandedLines(names: readonly string[], values: readonly (readonly string[])[], firstRowNumber: number): string[] {
  const nameWidth = Math.max(...names.map(displayWidth));
  const valueWidth = Math.max(...values.flatMap((row) => row.map(displayWidth)));
  const lines: string[] = [];
  values.forEach((row, r) => {
    lines.push(`@ Row ${firstRowNumber + r}`);
    lines.push(`-${'-'.repeat(nameWidth)}-+-${'-'.repeat(valueWidth)}-`);
    row.forEach((value, i) => lines.push(` ${padEnd(names[i]!, nameWidth)} | ${value}`));
    lines.push('');
  });
  return lines;
}
