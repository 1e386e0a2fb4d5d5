/**
 * Rows of cells as columns two spaces apart, each as wide as its widest cell (Cassandra's
 * nodetool TableBuilder): left-aligned, or right-aligned from column `rightAlignFrom` on (the
 * numbers of a results table); trailing spaces are trimmed from each line.
 */

export function textTable(rows: ReadonlyArray<readonly string[]>, rightAlignFrom = Infinity): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const align = (cell: string, i: number, last: boolean): string => (i >= rightAlignFrom ? cell.padStart(widths[i]!) : last ? cell : cell.padEnd(widths[i]!));
  return rows.map((row) => row.map((cell, i) => align(cell, i, i === row.length - 1)).join('  ').trimEnd());
}
