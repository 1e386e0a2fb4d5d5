/**
 * `bindMarkersOf(statement)`: the statement's bind markers in textual order, which is also the
 * order of their `index` (0, 1, 2, ... across a whole BATCH). Its length is the number of values
 * an EXECUTE must carry, and each marker's `name` the name a PREPARED result reports (null for `?`).
 *
 * The AST is plain frozen data, so a generic walk over it finds every marker without a case per
 * node kind (a new node kind cannot be forgotten); sorting by `index` restores textual order
 * whatever order the fields of a node are declared in (UPDATE's USING precedes its SET).
 */

import type { BindMarker } from './bind-marker.js';
import type { Statement } from './statement.js';

export function bindMarkersOf(statement: Statement): readonly BindMarker[] {
  const markers: BindMarker[] = [];
  collect(statement, markers);
  markers.sort((a, b) => a.index - b.index);
  return Object.freeze(markers);
}

function collect(value: unknown, into: BindMarker[]): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, into);
    return;
  }
  const record = value as Readonly<Record<string, unknown>>;
  if (record['kind'] === 'BindMarker') {
    into.push(value as BindMarker);
    return;
  }
  for (const key of Object.keys(record)) collect(record[key], into);
}
