/** Fake SSTableInfo values for planner tests: only the fields a planner reads matter. */

import type { SSTableInfo } from '../../../../src/storage/compaction/sstable-info.js';
import type { SSTableStats } from '../../../../src/storage/sstable/sstable-stats.js';

export const MiB = 1024 * 1024;

export interface FakeSSTable {
  generation: number;
  sizeOnDisk?: number;
  level?: number;
  minToken?: bigint;
  maxToken?: bigint;
  minTimestamp?: bigint;
  maxTimestamp?: bigint;
  createdAtMs?: number;
  rowCount?: number;
  tombstoneCount?: number;
  minLocalDeletionTime?: number;
  maxLocalDeletionTime?: number;
  directory?: string;
}

export function fakeSSTable(fake: FakeSSTable): SSTableInfo {
  const size = fake.sizeOnDisk ?? MiB;
  const stats: SSTableStats = {
    formatVersion: 1,
    partitionCount: 100,
    rowCount: fake.rowCount ?? 1000,
    tombstoneCount: fake.tombstoneCount ?? 0,
    minTimestamp: fake.minTimestamp ?? 1n,
    maxTimestamp: fake.maxTimestamp ?? 2n,
    minLocalDeletionTime: fake.minLocalDeletionTime ?? 0x7fffffff,
    maxLocalDeletionTime: fake.maxLocalDeletionTime ?? 0x7fffffff,
    minToken: fake.minToken ?? -(2n ** 63n),
    maxToken: fake.maxToken ?? 2n ** 63n - 1n,
    minClustering: new Uint8Array(0),
    maxClustering: new Uint8Array(0),
    dataBytes: size,
    level: fake.level ?? 0,
    createdAtMs: fake.createdAtMs ?? fake.generation,
  };
  return { descriptor: { directory: fake.directory ?? '/data/t', generation: fake.generation }, stats, sizeOnDisk: size };
}

export function generations(plan: { inputs: readonly { generation: number }[] } | null): number[] {
  if (plan === null) return [];
  return plan.inputs.map((d) => d.generation).sort((a, b) => a - b);
}
