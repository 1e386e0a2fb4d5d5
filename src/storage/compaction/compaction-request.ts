/**
 * The messages between the CompactionManager's caller and a piscina compaction thread. Plain
 * data (structured clone carries bigints and Infinity), no classes or functions: everything the
 * merge needs is in the request, so a replay of the same request on the same files writes the
 * same outputs.
 */

import type { SSTableDescriptor } from '../sstable/descriptor.js';
import type { PurgeOverlapBounds } from './purge-floor.js';
import type { SSTableInfo } from './sstable-info.js';
import type { TokenSpan } from './token-spans.js';

/** Data outside the compaction that a purged tombstone could have shadowed. */
export interface PurgeOverlap extends PurgeOverlapBounds {
  /** An SSTable the worker may open to probe its bloom filter; null for a memtable. */
  readonly sstable: SSTableDescriptor | null;
}

export interface CompactionRequest {
  /** Correlation id, echoed in the result. */
  readonly taskId: number;
  readonly inputs: readonly SSTableDescriptor[];
  readonly outputDirectory: string;
  /**
   * Generations reserved for the outputs, used in order. Reserve one per maxOutputBytes of input
   * plus one; should they run out, the last output grows past maxOutputBytes instead of failing.
   */
  readonly outputGenerations: readonly number[];
  readonly outputLevel: number;
  readonly maxOutputBytes: number;
  readonly bloomFilterFpChance: number;
  /** The instant purge decisions are made at (expiry, gc_grace): fixed by the caller. */
  readonly nowMs: number;
  readonly gcGraceSeconds: number;
  readonly overlapping: readonly PurgeOverlap[];
  /** 0 = unthrottled. */
  readonly throughputBytesPerSecond: number;
  /** A cleanup: only partitions whose token lies in these normalized spans are kept (cleanup-filter.ts). */
  readonly keep?: readonly TokenSpan[];
}

export interface CompactionResult {
  readonly taskId: number;
  readonly inputs: readonly SSTableDescriptor[];
  readonly outputs: readonly SSTableInfo[];
  readonly partitionsRead: number;
  readonly partitionsWritten: number;
  /** Of those, partitions written as their stored bytes, not decoded (compacted-partitions.ts). */
  readonly partitionsCopied: number;
  /** Input data bytes charged to the throttle (each input's data size, spread over its partitions). */
  readonly bytesRead: number;
  readonly bytesWritten: number;
  readonly throttledMs: number;
  readonly durationMs: number;
  /** A cleanup's partitions outside the kept spans, not written (absent for other compactions). */
  readonly partitionsDropped?: number;
}

/** How many generations to reserve so outputs never run out in practice. */
export function outputGenerationsNeeded(inputBytes: number, maxOutputBytes: number): number {
  if (!Number.isFinite(maxOutputBytes)) return 1;
  return Math.ceil(inputBytes / maxOutputBytes) + 1;
}
