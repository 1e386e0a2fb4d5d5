/**
 * A node's storage settings, as plain data so they cross into worker threads unchanged.
 * Names follow cassandra.yaml where one exists.
 */

import type { CommitLogSyncMode } from './commitlog/commit-log.js';
import type { TableOptions } from './table-options.js';

export interface StorageConfig {
  readonly dataDirectory: string;
  readonly vnodeCount: number;
  readonly commitLogSync: CommitLogSyncMode;
  /** periodic: fsync interval (commitlog_sync_period); group: the group window. */
  readonly commitLogSyncPeriodMs: number;
  readonly commitLogSegmentBytes: number;
  /** Flush the largest memtables when the commit log holds more than this (commitlog_total_space). */
  readonly commitLogTotalBytesMax: number;
  /** Memtable space per worker thread (memtable_heap_space divided among threads). */
  readonly memtableBytesPerThread: number;
  /**
   * Where in the flush stagger (VNodeState.firstFlushBytes) this engine's memtables start, in
   * [0, 1). The replicas of a range receive the same writes, so with one stagger for all they
   * flushed the same memtable at the same moment, and on a shared host every replica of a
   * QUORUM write waited for a core at once; a cluster gives each node its own phase.
   */
  readonly flushStaggerPhase: number;
  /**
   * Fault in all memtable memory (SlabPool.preTouch) and each thread's data-plane ring
   * (preTouchRing) when a thread starts, as Cassandra's JVM does with -XX:+AlwaysPreTouch:
   * opening takes longer (~0.5 s for 128 MiB of memtable and ~0.1 s for a 32 MiB ring per
   * thread here) and the memory is resident from the start, but writes do not pay the faults.
   */
  readonly preTouchMemory: boolean;
  /**
   * Compaction throughput throttle of the whole node, 0 = unthrottled (compaction_throughput,
   * 64 MiB/s as in Cassandra 4.1): each storage thread's compactions get an equal share.
   */
  readonly compactionThroughputBytesPerSecond: number;
  /** Storage worker threads of the node (set by the engine when it starts them). */
  readonly storageThreads: number;
  /**
   * Nice increment of the storage worker threads (and so of the flush and compaction threads
   * they start, which inherit it): under CPU contention the event loop that answers clients
   * runs first. At 5, a 1M-row ingest kept its rate and main-loop p99 fell from ~14 to ~9 ms.
   */
  readonly workerNiceIncrement: number;
  readonly tables: readonly TableOptions[];
}

export const MiB = 1024 * 1024;

export function defaultStorageConfig(dataDirectory: string, tables: readonly TableOptions[]): StorageConfig {
  return {
    dataDirectory,
    vnodeCount: 16,
    commitLogSync: 'periodic',
    commitLogSyncPeriodMs: 1000,
    commitLogSegmentBytes: 32 * MiB,
    commitLogTotalBytesMax: 512 * MiB,
    memtableBytesPerThread: 128 * MiB,
    flushStaggerPhase: 0,
    preTouchMemory: true,
    compactionThroughputBytesPerSecond: 64 * MiB,
    storageThreads: 1,
    workerNiceIncrement: 5,
    tables,
  };
}
