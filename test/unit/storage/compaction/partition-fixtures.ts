/** Small partition builders for merge and purge tests. */

import { cellTombstone, expiringCell, liveCell } from '../../../../src/storage/model/cell.js';
import type { Cell } from '../../../../src/storage/model/cell.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import type { Row } from '../../../../src/storage/model/row.js';

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
export const text = (value: Uint8Array | null): string | null => (value === null ? null : new TextDecoder().decode(value));

export function row(clustering: string, cells: Cell[]): Row {
  return { clustering: bytes(clustering), liveness: null, deletion: null, cells };
}

export function partition(token: bigint, key: string, rows: Row[], deletion: PartitionUpdate['deletion'] = null): PartitionUpdate {
  return { tableId: 1, token, key: bytes(key), deletion, rangeTombstones: [], staticRow: null, rows };
}

export const live = (column: number, value: string, timestamp: bigint): Cell => liveCell(column, bytes(value), timestamp);
export const dead = (column: number, timestamp: bigint, nowSeconds: number): Cell => cellTombstone(column, timestamp, nowSeconds);
export const expiring = (column: number, value: string, timestamp: bigint, ttl: number, nowSeconds: number): Cell =>
  expiringCell(column, bytes(value), timestamp, ttl, nowSeconds);

/** "token:key" for each partition, to compare orders at a glance. */
export const keysOf = (partitions: Iterable<PartitionUpdate>): string[] =>
  [...partitions].map((p) => `${p.token}:${text(p.key)}`);
