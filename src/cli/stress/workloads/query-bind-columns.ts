/**
 * Which column each `?` of a profile query binds: cassandra-stress fills a query's markers
 * with the values of the columns they are compared with (`WHERE user = ? AND day >= ?`), from
 * one generated row. Markers in any other place (LIMIT ?, token(?)) cannot be filled from a
 * row and are a usage error.
 */

import { StressUsageError } from '../options/stress-usage-error.js';

/** `column op ?` just before a marker: the column (bare or quoted) and a comparison. */
const RELATION_BEFORE_MARKER = /("(?:[^"]|"")+"|\w+)\s*(?:=|<=|>=|<|>|\bIN\b|\bCONTAINS\b)\s*$/i;

export function queryBindColumns(cql: string, queryName: string, columns: readonly string[]): string[] {
  const bound: string[] = [];
  for (let at = cql.indexOf('?'); at >= 0; at = cql.indexOf('?', at + 1)) {
    if (insideQuotes(cql, at)) continue;
    const match = RELATION_BEFORE_MARKER.exec(cql.slice(0, at));
    if (match === null) throw new StressUsageError(`query ${queryName}: the marker at character ${at + 1} is not a column comparison (column = ?), so stress cannot fill it`);
    const raw = match[1]!;
    const name = raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw.toLowerCase();
    if (!columns.includes(name)) throw new StressUsageError(`query ${queryName}: '${raw}' is not a column of the table (${columns.join(', ')})`);
    bound.push(name);
  }
  return bound;
}

/** Whether character `at` is inside a '...' string literal. */
function insideQuotes(text: string, at: number): boolean {
  let quotes = 0;
  for (let i = 0; i < at; i++) if (text[i] === "'") quotes++;
  return quotes % 2 === 1;
}
