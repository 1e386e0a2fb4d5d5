/**
 * Partition key bytes exactly as Cassandra builds them, so murmur3Token of them equals
 * Cassandra's token and a driver's token-aware routing finds the right replica:
 *
 *   one column:  the column's serialized value
 *   composite:   CompositeType, per component:
 *                  +---------------+------------------+------+
 *                  | u16 BE length | serialized value | 0x00 |
 *                  +---------------+------------------+------+
 *
 * Cassandra rejects an empty key ("Key may not be empty") but not an empty component of a
 * composite key, and we do the same.
 */

import { assert } from '../../lib/assert.js';
import type { CqlType } from '../types/cql-type.js';
import { deserializeValue, serializeValue } from '../types/value-codec.js';
import { columnLabel, keyErrors } from './key-errors.js';

const componentMax = 0xffff;

export function encodePartitionKey(types: readonly CqlType[], values: readonly unknown[], names?: readonly string[]): Uint8Array {
  assert(types.length > 0, 'a table has at least one partition key column');
  if (values.length !== types.length) throw keyErrors.tooManyValues(values.length, types.length);
  const parts = types.map((type, i) => {
    const value = values[i];
    if (value === null || value === undefined) throw keyErrors.nullComponent(columnLabel(names, i));
    const bytes = serializeValue(type, value);
    if (bytes.length > componentMax) throw keyErrors.keyTooLong(bytes.length);
    return bytes;
  });
  if (parts.length === 1) {
    const only = parts[0]!;
    if (only.length === 0) throw keyErrors.emptyKey();
    return only;
  }
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length + 3, 0));
  let at = 0;
  for (const part of parts) {
    out[at] = part.length >>> 8;
    out[at + 1] = part.length & 0xff;
    out.set(part, at + 2);
    out[at + 2 + part.length] = 0;
    at += part.length + 3;
  }
  return out;
}

export function decodePartitionKey(types: readonly CqlType[], bytes: Uint8Array): unknown[] {
  assert(types.length > 0, 'a table has at least one partition key column');
  if (types.length === 1) return [deserializeValue(types[0]!, bytes)];
  const values: unknown[] = [];
  let at = 0;
  for (const type of types) {
    if (at + 2 > bytes.length) throw keyErrors.malformed('composite partition key');
    const length = (bytes[at]! << 8) | bytes[at + 1]!;
    const end = at + 2 + length;
    if (end >= bytes.length || bytes[end] !== 0) throw keyErrors.malformed('composite partition key');
    values.push(deserializeValue(type, bytes.subarray(at + 2, end)));
    at = end + 1;
  }
  if (at !== bytes.length) throw keyErrors.malformed('composite partition key');
  return values;
}
