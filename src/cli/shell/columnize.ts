/**
 * Python's cmd.Cmd.columnize, which cqlsh uses to list names: the fewest rows whose columns,
 * two spaces apart, fit in 80 characters; names fill columns top to bottom.
 */

const DISPLAY_WIDTH = 80;

export function columnize(names: readonly string[], displayWidth = DISPLAY_WIDTH): string[] {
  if (names.length === 0) return ['<empty>'];
  if (names.length === 1) return [names[0]!];
  const size = names.length;
  let rows = size;
  let widths: number[] = [0];
  for (let tryRows = 1; tryRows < size; tryRows += 1) {
    const columns = Math.ceil(size / tryRows);
    const tryWidths: number[] = [];
    let total = -2;
    for (let column = 0; column < columns; column += 1) {
      const slice = names.slice(column * tryRows, (column + 1) * tryRows);
      const width = Math.max(0, ...slice.map((name) => name.length));
      tryWidths.push(width);
      total += width + 2;
      if (total > displayWidth) break;
    }
    if (total <= displayWidth) {
      rows = tryRows;
      widths = tryWidths;
      break;
    }
  }
  const lines: string[] = [];
  for (let row = 0; row < rows; row += 1) {
    const texts: string[] = [];
    for (let column = 0; column < widths.length; column += 1) texts.push(names[row + rows * column] ?? '');
    while (texts.length > 0 && texts[texts.length - 1] === '') texts.pop();
    lines.push(texts.map((text, column) => text.padEnd(widths[column]!)).join('  '));
  }
  return lines;
}
