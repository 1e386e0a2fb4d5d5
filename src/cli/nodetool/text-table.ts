/**
 * Rows of cells as left-aligned columns two spaces apart, each as wide as its widest cell
 * (Cassandra's nodetool TableBuilder); trailing spaces are trimmed from each line.
 */

export function textTable(rows: ReadonlyArray<readonly string[]>): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}
