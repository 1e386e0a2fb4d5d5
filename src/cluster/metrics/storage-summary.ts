/**
 * A node's storage as the node tool and metrics report it, summed from the per-vnode status
 * the engine answers: per table (storage id) its memtable and SSTable sizes, and for the node
 * its compactions in flight and load (live SSTable bytes, Cassandra's "Load").
 */

import type { TableStatus } from '../../storage/vnode/vnode-state.js';

export interface TableStorage {
  memtableBytes: number;
  memtableRows: number;
  flushingMemtables: number;
  sstables: number;
  sstableBytes: number;
  /** Partitions summed over SSTables: an over-estimate when SSTables share partitions. */
  sstablePartitions: number;
  /** Tombstones summed over SSTables (partition, range and row deletions, cell tombstones). */
  sstableTombstones: number;
}

export interface StorageSummary {
  readonly tables: ReadonlyMap<number, Readonly<TableStorage>>;
  /** Compactions submitted and not yet finished (queued on the pool or running). */
  readonly compactionsInFlight: number;
  readonly loadBytes: number;
}

export interface VNodeStatus {
  readonly compactionsRunning: number;
  readonly tables: readonly TableStatus[];
}

export function summarizeStorage(vnodes: readonly VNodeStatus[]): StorageSummary {
  const tables = new Map<number, TableStorage>();
  let compactionsInFlight = 0;
  let loadBytes = 0;
  for (const vnode of vnodes) {
    compactionsInFlight += vnode.compactionsRunning;
    for (const t of vnode.tables) {
      let sum = tables.get(t.tableId);
      if (sum === undefined) {
        tables.set(t.tableId, (sum = { memtableBytes: 0, memtableRows: 0, flushingMemtables: 0, sstables: 0, sstableBytes: 0, sstablePartitions: 0, sstableTombstones: 0 }));
      }
      sum.memtableBytes += t.memtableBytes;
      sum.memtableRows += t.memtableRows;
      sum.flushingMemtables += t.flushingMemtables;
      sum.sstables += t.sstables;
      sum.sstableBytes += t.sstableBytes;
      sum.sstablePartitions += t.sstablePartitions;
      sum.sstableTombstones += t.sstableTombstones;
      loadBytes += t.sstableBytes;
    }
  }
  return { tables, compactionsInFlight, loadBytes };
}
