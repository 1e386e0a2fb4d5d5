/**
 * The stored row a read-before-write needs: list element updates by index and removal by
 * value (their cell paths), and counter updates (the local shard). Cassandra reads these too.
 */

import type { StorageProxy } from '../../../cluster/coordinator/storage-proxy.js';
import type { Row } from '../../../storage/model/row.js';
import type { ClusteringSlice } from '../../../storage/model/clustering-slice.js';

export async function readCurrentRow(engine: StorageProxy, tableId: number, key: Uint8Array, clustering: Uint8Array | null): Promise<Row | null> {
  if (clustering === null) return (await engine.read(tableId, key, { start: EMPTY_BOUND, end: EMPTY_BOUND, reversed: false, limit: 0 }))?.staticRow ?? null;
  const bound = { prefix: clustering, inclusive: true };
  const slice: ClusteringSlice = { start: bound, end: bound, reversed: false, limit: 1 };
  const partition = await engine.read(tableId, key, slice);
  return partition?.rows.find((row) => Buffer.compare(row.clustering, clustering) === 0) ?? null;
}

const EMPTY_BOUND = Object.freeze({ prefix: new Uint8Array(0), inclusive: true });
