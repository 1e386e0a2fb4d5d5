/**
 * Cleanup's compaction side: which SSTables a cleanup rewrites, and a rewrite on real files
 * that keeps exactly the partitions of the kept spans, tombstones and all, and counts the rest.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/lib/clock.js';
import { NodeStoragePort } from '../../../../src/lib/node-storage-port.js';
import { planCleanup } from '../../../../src/storage/compaction/cleanup-plan.js';
import { runCompaction } from '../../../../src/storage/compaction/compaction-task.js';
import { normalizeTokenSpans } from '../../../../src/storage/compaction/token-spans.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import { compareDecoratedKeys } from '../../../../src/storage/model/token.js';
import { SSTableReader } from '../../../../src/storage/sstable/sstable-reader.js';
import { SSTableWriter } from '../../../../src/storage/sstable/sstable-writer.js';
import { fakeSSTable } from './fake-sstables.js';
import { dead, keysOf, live, partition, row } from './partition-fixtures.js';

const NOW_MS = 1_700_000_000_000;
const port = new NodeStoragePort();
let directory: string;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-cleanup-'));
});
afterEach(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

describe('planCleanup', () => {
  const keep = normalizeTokenSpans([{ startToken: 0n, endToken: 100n }, { startToken: 200n, endToken: 300n }]);

  it('rewrites each SSTable reaching outside the kept spans alone, at its own level, and leaves the others', () => {
    const inside = fakeSSTable({ generation: 1, minToken: 1n, maxToken: 100n, level: 2 });
    const across = fakeSSTable({ generation: 2, minToken: 50n, maxToken: 250n, level: 1 });
    const outside = fakeSSTable({ generation: 3, minToken: 101n, maxToken: 200n });
    const plans = planCleanup([inside, across, outside], keep);
    expect(plans.map((p) => p.inputs.map((d) => d.generation))).toEqual([[2], [3]]);
    expect(plans.map((p) => p.outputLevel)).toEqual([1, 0]);
    expect(plans.every((p) => p.maxOutputBytes === Number.POSITIVE_INFINITY)).toBe(true);
  });

  it('plans nothing when every SSTable lies inside', () => {
    expect(planCleanup([fakeSSTable({ generation: 1, minToken: 201n, maxToken: 300n })], keep)).toEqual([]);
  });
});

describe('a cleanup rewrite', () => {
  it('keeps the partitions of the kept spans as they were (tombstones too) and counts the dropped ones', () => {
    const partitions: PartitionUpdate[] = [];
    for (let k = 0; k < 60; k++) {
      const cells = k % 7 === 0 ? [dead(1, BigInt(k), NOW_MS / 1000 - 5)] : [live(1, `v${k}`, BigInt(k))];
      partitions.push(partition(BigInt(k * 10 - 300), `k${k}`, [row('c', cells)]));
    }
    const descriptor = { directory, generation: 1 };
    const writer = SSTableWriter.create(port, descriptor, { bloomFilterFpChance: 0.01, expectedPartitions: 60, level: 0, createdAtMs: NOW_MS });
    for (const p of [...partitions].sort(compareDecoratedKeys)) writer.append(p);
    writer.finish();
    const keep = normalizeTokenSpans([{ endToken: -100n }, { startToken: 0n, endToken: 50n }]);
    const clock = new ManualClock(NOW_MS);
    const result = runCompaction(
      port,
      {
        taskId: 1,
        inputs: [descriptor],
        outputDirectory: directory,
        outputGenerations: [2],
        outputLevel: 0,
        maxOutputBytes: Number.POSITIVE_INFINITY,
        bloomFilterFpChance: 0.01,
        nowMs: NOW_MS,
        gcGraceSeconds: 864_000,
        overlapping: [],
        throughputBytesPerSecond: 0,
        keep,
      },
      { clock, sleep: (ms) => clock.advanceMs(ms) },
    );
    const expected = partitions.filter((p) => p.token <= -100n || (p.token > 0n && p.token <= 50n));
    const reader = SSTableReader.open(port, result.outputs[0]!.descriptor);
    try {
      const written = [...reader.scan()];
      expect(keysOf(written)).toEqual(keysOf(expected));
      expect(written).toEqual(expected);
    } finally {
      reader.close();
    }
    expect(result.partitionsDropped).toBe(partitions.length - expected.length);
  });
});
