/**
 * Partition key bytes exactly as Cassandra builds them, so murmur3Token of them equals
 * Cassandra's token and a driver's token-aware routing finds the right replica: one column's
 * serialized value, or CompositeType for several (cluster/ring/composite-key.ts).
 *
 * Cassandra rejects an empty key ("Key may not be empty") but not an empty component of a
 * composite key, and we do the same.
 */

import { serializePartitionKey, splitCompositeKey } from '../../cluster/ring/composite-key.js';
import { assert } from '../../lib/assert.js';
import type { CqlType } from '../types/cql-type.js';
import { deserializeValue, valueBytes } from '../types/value-codec.js';
import { columnLabel, keyErrors } from './key-errors.js';

export function encodePartitionKey(types: readonly CqlType[], values: readonly unknown[], names?: readonly string[]): Uint8Array {
  assert(types.length > 0, 'a table has at least one partition key column');
  if (values.length !== types.length) throw keyErrors.tooManyValues(values.length, types.length);
  const parts = types.map((type, i) => {
    const value = values[i];
    if (value === null || value === undefined) throw keyErrors.nullComponent(columnLabel(names, i));
    // Whoever keeps the key copies it.
    return valueBytes(type, value);
  });
  if (parts.length === 1 && parts[0]!.length === 0) throw keyErrors.emptyKey();
  return serializePartitionKey(parts);
}

export function decodePartitionKey(types: readonly CqlType[], bytes: Uint8Array): unknown[] {
  assert(types.length > 0, 'a table has at least one partition key column');
  if (types.length === 1) return [deserializeValue(types[0]!, bytes)];
  const components = splitCompositeKey(bytes, types.length);
  if (components === null) throw keyErrors.malformed('composite partition key');
  return components.map((component, i) => deserializeValue(types[i]!, component));
}
