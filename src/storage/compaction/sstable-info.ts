/**
 * What a compaction planner knows about one live SSTable: its descriptor, the statistics its
 * writer recorded and its size on disk. Plain data, so a planner can be driven by fake values in
 * tests and the same values can cross a thread (bigints survive structured clone).
 */

import type { SSTableDescriptor } from '../sstable/descriptor.js';
import type { SSTableStats } from '../sstable/sstable-stats.js';

export interface SSTableInfo {
  readonly descriptor: SSTableDescriptor;
  readonly stats: SSTableStats;
  readonly sizeOnDisk: number;
}

/** A stable identity for maps and sets: one directory holds one store's SSTables. */
export function sstableKey(descriptor: SSTableDescriptor): string {
  return `${descriptor.directory}#${descriptor.generation}`;
}

export function totalSizeOnDisk(sstables: readonly SSTableInfo[]): number {
  let total = 0;
  for (const sstable of sstables) total += sstable.sizeOnDisk;
  return total;
}

/** True when the closed token ranges [minToken, maxToken] of two SSTables intersect. */
export function tokenRangesOverlap(a: SSTableInfo, b: SSTableInfo): boolean {
  return a.stats.minToken <= b.stats.maxToken && b.stats.minToken <= a.stats.maxToken;
}

/** Oldest first: by creation time, then by generation, so plans are deterministic. */
export function compareByAge(a: SSTableInfo, b: SSTableInfo): number {
  if (a.stats.createdAtMs !== b.stats.createdAtMs) return a.stats.createdAtMs - b.stats.createdAtMs;
  return a.descriptor.generation - b.descriptor.generation;
}
