/**
 * A rows result as cqlsh's print_result prints it: a blank line, each page (header on the first,
 * and on every page when interactive), `---MORE---` between pages when interactive, a blank line
 * when not, then `(N rows)`. An empty result still shows its header.
 */

import { expandedLines, tableLines } from './format-rows.js';
import { formatValue, textValue } from './format-value.js';
import type { ShellIo, ShellSettings } from './shell-io.js';
import type { ShellResult } from './shell-session.js';

export interface ResultPrinting {
  readonly io: ShellIo;
  readonly settings: ShellSettings;
  readonly tty: boolean;
  /** Fetches the page after `pageState`. */
  readonly nextPage: (pageState: string) => Promise<ShellResult>;
}

export async function printResult(first: ShellResult, printing: ResultPrinting): Promise<void> {
  const { io, tty } = printing;
  const print = (lines: readonly string[]): void => io.write(lines.map((line) => `${line}\n`).join(''));
  print(['']);
  let rowCount = 0;
  let page = first;
  let isFirst = true;
  for (;;) {
    if (page.rows.length > 0 || isFirst) {
      print(pageLines(page, isFirst || tty, rowCount, printing));
      rowCount += page.rows.length;
    }
    if (page.pageState === null) {
      if (!tty) print(['']);
      break;
    }
    if (tty) await io.waitForMore();
    page = await printing.nextPage(page.pageState);
    isFirst = false;
  }
  print([`(${rowCount} rows)`]);
}

function pageLines(page: ShellResult, withHeader: boolean, rowsBefore: number, printing: ResultPrinting): string[] {
  const columns = page.columns ?? [];
  if (columns.length === 0) return [];
  const names = columns.map((column) => textValue(column.name, false));
  if (page.rows.length === 0) return tableLines(names, null, true, printing.tty);
  const values = page.rows.map((row) => columns.map((column) => formatValue(row[column.name], column.type)));
  return printing.settings.expand ? expandedLines(names, values, rowsBefore + 1) : tableLines(names, values, withHeader, printing.tty);
}
