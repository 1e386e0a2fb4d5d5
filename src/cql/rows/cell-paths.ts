/**
 * The cell path of each element of a non-frozen collection or UDT (ADR 0009): the storage
 * engine orders a column's cells by path bytes, unsigned, so each path is chosen to sort the
 * way CQL orders the elements.
 *
 *   list  16 bytes: u64 position, u64 node-unique suffix. Appends take increasing positions
 *         above 2^63 and prepends decreasing ones below it (Cassandra uses time UUIDs, going
 *         backwards from a reference time for prepends, to the same end).
 *   set   the element, byte-comparable (keys/comparable-value.ts) where its type has an order
 *         encoding, else its serialized bytes
 *   map   the key, likewise; the cell's value is the map value
 *   udt   u16 field index
 *
 * No element path is empty: the empty path names the column itself (its complex deletion).
 */

import { randomBytes } from 'node:crypto';
import { ComparableReader } from '../keys/comparable-reader.js';
import { checkClusteringType, readComparableValue, writeComparableValue } from '../keys/comparable-value.js';
import type { CqlType } from '../types/cql-type.js';
import { deserializeValue, serializeValue } from '../types/value-codec.js';

export const COLUMN_PATH = new Uint8Array(0);

const LIST_PATH_BYTES = 16;
const MIDDLE = 1n << 63n;
/** Ties list paths written in the same microsecond by different processes apart. */
const nodeSuffix = randomBytes(8);
let lastSequence = 0n;

/** A path after every list path taken so far (`prepend` false) or before all of them. */
export function nextListPath(nowMicros: bigint, prepend = false): Uint8Array {
  lastSequence = nowMicros > lastSequence ? nowMicros : lastSequence + 1n;
  const position = prepend ? MIDDLE - lastSequence : MIDDLE + lastSequence;
  const path = new Uint8Array(LIST_PATH_BYTES);
  new DataView(path.buffer).setBigUint64(0, position);
  path.set(nodeSuffix, 8);
  return path;
}

const comparable = new WeakMap<CqlType, boolean>();

function hasComparableEncoding(type: CqlType): boolean {
  let known = comparable.get(type);
  if (known === undefined) {
    try {
      checkClusteringType(type, '');
      known = true;
    } catch {
      known = false;
    }
    comparable.set(type, known);
  }
  return known;
}

/** The path of a set element or a map key. */
export function elementPath(type: CqlType, value: unknown): Uint8Array {
  if (!hasComparableEncoding(type)) return serializeValue(type, value);
  const out: number[] = [];
  writeComparableValue(type, value, out);
  return Uint8Array.from(out);
}

export function elementFromPath(type: CqlType, path: Uint8Array): unknown {
  if (!hasComparableEncoding(type)) return deserializeValue(type, path);
  return readComparableValue(type, new ComparableReader(path));
}

export function fieldPath(index: number): Uint8Array {
  return Uint8Array.of(index >>> 8, index & 0xff);
}

export function fieldIndexOfPath(path: Uint8Array): number {
  return (path[0]! << 8) | path[1]!;
}
