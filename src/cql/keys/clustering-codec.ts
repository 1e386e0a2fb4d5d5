/**
 * Clustering prefixes as byte-comparable keys: compareBytes of two encodings has the sign of
 * Cassandra's clustering comparison (component by component, each by its type's comparator,
 * reversed for DESC columns), so the storage engine sorts rows with no comparator of its own
 * (ADR 0009, "Storage mapping"; the idea is Cassandra 5's ByteComparable).
 *
 *   clustering (c1, c2, ...):
 *     +------+-----------+------+-----------+-----+------+
 *     | 0x40 | value(c1) | 0x40 | value(c2) | ... | 0x38 |
 *     +------+-----------+------+-----------+-----+------+
 *   value(c) is comparable-value.ts's encoding, every byte inverted when c is DESC; markers
 *   (0x40 before each component, 0x38 at the end) are never inverted. A frozen collection,
 *   tuple or UDT value nests the same markers inside value(c) (comparable-composite.ts), and
 *   those are inverted with the rest of the value.
 *
 *   bound of a prefix P (P's components without the 0x38 terminator, written enc(P)):
 *     enc(P) | 0x20   sorts before P and every extension of P
 *     enc(P) | 0x60   sorts after P and every extension of P
 *
 * Every value encoding is self-delimiting, so after enc(P) a clustering has either 0x38 (it
 * is P itself) or 0x40 (an extension): P sorts before its extensions, and 0x20 < 0x38 < 0x40
 * < 0x60 puts bounds around both. A bound never equals a clustering's bytes: row k is in the
 * slice (start, end) iff compareBytes(start, k) < 0 and compareBytes(k, end) < 0. The empty
 * clustering (a table without clustering columns) is the single byte 0x38, inside the bounds
 * of the empty prefix. The markers are those of Cassandra 5's ByteSource.
 */

import { formatCqlType, type CqlType } from '../types/cql-type.js';
import { ComparableReader } from './comparable-reader.js';
import { checkClusteringType, readComparableValue, writeComparableValue } from './comparable-value.js';
import { keyErrors } from './key-errors.js';

export interface ClusteringColumn {
  readonly type: CqlType;
  readonly order: 'asc' | 'desc';
  /** Used in error messages only. */
  readonly name?: string;
}

export type BoundSide = 'start' | 'end';

const componentMarker = 0x40;
const terminator = 0x38;
const beforeMarker = 0x20;
const afterMarker = 0x60;

export function encodeClustering(columns: readonly ClusteringColumn[], values: readonly unknown[]): Uint8Array {
  const out = encodeInto(columns, values);
  out.push(terminator);
  return Uint8Array.from(out);
}

export function decodeClustering(columns: readonly ClusteringColumn[], bytes: Uint8Array): unknown[] {
  const reader = new ComparableReader(bytes);
  const values: unknown[] = [];
  for (;;) {
    reader.mask = 0;
    const marker = reader.nextRaw();
    if (marker === terminator) break;
    const column = columns[values.length];
    if (column === undefined) throw keyErrors.malformed('clustering bytes (too many components)');
    if (marker !== componentMarker) throw keyErrors.malformed('clustering bytes (missing component marker)');
    reader.mask = column.order === 'desc' ? 0xff : 0;
    values.push(readComparableValue(column.type, reader));
  }
  if (!reader.atEnd) throw keyErrors.malformed('clustering bytes (data after the terminator)');
  return values;
}

/**
 * The bytes bounding a slice at prefix `values`, in clustering order (for a DESC column the
 * executor maps `c > x` to a start bound, as Cassandra's ClusteringBound does): an inclusive
 * start or exclusive end sorts just before the prefix, the others just after all its extensions.
 */
export function clusteringPrefixBound(
  columns: readonly ClusteringColumn[],
  values: readonly unknown[],
  side: BoundSide,
  inclusive: boolean,
): Uint8Array {
  const out = encodeInto(columns, values);
  out.push((side === 'start') === inclusive ? beforeMarker : afterMarker);
  return Uint8Array.from(out);
}

function encodeInto(columns: readonly ClusteringColumn[], values: readonly unknown[]): number[] {
  if (values.length > columns.length) throw keyErrors.tooManyValues(values.length, columns.length);
  const out: number[] = [];
  const component: number[] = [];
  values.forEach((value, i) => {
    const column = columns[i]!;
    const name = column.name ?? `#${i} (${formatCqlType(column.type)})`;
    checkClusteringType(column.type, name);
    if (value === null || value === undefined) throw keyErrors.nullComponent(name);
    component.length = 0;
    writeComparableValue(column.type, value, component);
    out.push(componentMarker);
    const mask = column.order === 'desc' ? 0xff : 0;
    for (const byte of component) out.push(byte ^ mask);
  });
  return out;
}
