import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtWorker } from '../../../../src/lib/package-root.js';
import { NodeStoragePort } from '../../../../src/lib/node-storage-port.js';
import { CompactionPool } from '../../../../src/storage/compaction/compaction-pool.js';
import type { CompactionRequest } from '../../../../src/storage/compaction/compaction-request.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import { mergeAllPartitions } from '../../../../src/storage/model/merge.js';
import { SSTableReader } from '../../../../src/storage/sstable/sstable-reader.js';
import { SSTableWriter } from '../../../../src/storage/sstable/sstable-writer.js';
import { live, partition, row } from './partition-fixtures.js';

// Workers run the compiled entry (ADR 0001): `npm test` builds first; without a build, skip.
const built = fs.existsSync(builtWorker('compaction'));
const port = new NodeStoragePort();
let directory: string;
let pool: CompactionPool;

beforeAll(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-compaction-pool-'));
  if (built) pool = new CompactionPool({ threads: 1 });
});
afterAll(async () => {
  if (built) await pool.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

function request(inputs: CompactionRequest['inputs'], outputGenerations: number[]): CompactionRequest {
  return {
    taskId: 9,
    inputs,
    outputDirectory: directory,
    outputGenerations,
    outputLevel: 0,
    maxOutputBytes: Number.POSITIVE_INFINITY,
    bloomFilterFpChance: 0.01,
    nowMs: 1_700_000_000_000,
    gcGraceSeconds: 864_000,
    overlapping: [],
    throughputBytesPerSecond: 64 * 1024 * 1024,
  };
}

describe.skipIf(!built)('CompactionPool (piscina, built worker)', () => {
  it('compacts four SSTables into one on a pool thread', async () => {
    const versions: PartitionUpdate[][] = [];
    const inputs = [1, 2, 3, 4].map((generation) => {
      const partitions = Array.from({ length: 50 }, (_, i) =>
        partition(BigInt(i * 10 + (generation % 2)), `k${i}`, [row('r', [live(generation, `v${generation}`, BigInt(generation))])]),
      );
      versions.push(partitions);
      const writer = SSTableWriter.create(port, { directory, generation }, {
        bloomFilterFpChance: 0.01,
        expectedPartitions: partitions.length,
        level: 0,
        createdAtMs: 1,
      });
      for (const p of partitions) writer.append(p);
      writer.finish();
      return { directory, generation };
    });
    const result = await pool.run(request(inputs, [10]));
    expect(result.taskId).toBe(9);
    expect(result.outputs).toHaveLength(1);
    expect(typeof result.outputs[0]!.stats.minTimestamp).toBe('bigint');
    const reader = SSTableReader.open(port, result.outputs[0]!.descriptor);
    const merged = [...reader.scan()];
    reader.close();
    // Generations 1 and 3 share tokens (even), 2 and 4 too (odd): 100 partitions, each of two versions.
    expect(merged).toHaveLength(100);
    const byKey = new Map<string, PartitionUpdate[]>();
    for (const p of versions.flat()) byKey.set(`${p.token}`, [...(byKey.get(`${p.token}`) ?? []), p]);
    for (const p of merged) expect(p).toEqual(mergeAllPartitions(byKey.get(`${p.token}`)!));
  });

  it('rejects with the error when a compaction fails on the thread', async () => {
    await expect(pool.run(request([{ directory, generation: 77 }], [78]))).rejects.toThrow();
    expect(fs.readdirSync(directory).some((name) => name.startsWith('sb-78-'))).toBe(false);
  });
});
