/**
 * Point-read throughput on a 1M-partition SSTable of small rows (the cassandra-stress shape:
 * 10-byte keys, 5 cells of 34 bytes), files in the OS page cache. Prints numbers; asserts only
 * correctness. Skipped unless SIBYL_SSTABLE_BENCH=1 (it takes ~30 s):
 *
 *   SIBYL_SSTABLE_BENCH=1 npx vitest run test/unit/storage/sstable/sstable-point-read-bench
 */

import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { SeededRandom } from '../../../../src/lib/random.js';
import { liveCell } from '../../../../src/storage/model/cell.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import { SSTableReader } from '../../../../src/storage/sstable/sstable-reader.js';
import { SSTableWriter } from '../../../../src/storage/sstable/sstable-writer.js';
import { makeTempDirectory, port } from './sstable-test-kit.js';

const partitionCount = Number(process.env.SIBYL_SSTABLE_BENCH_PARTITIONS ?? 1_000_000);
const directory = makeTempDirectory('bench');
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

function key(i: number): Uint8Array {
  const bytes = new Uint8Array(10);
  const text = String(i).padStart(10, '0');
  for (let j = 0; j < 10; j++) bytes[j] = text.charCodeAt(j);
  return bytes;
}

/** Token i * 2^43 - 2^62 keeps tokens ascending and spread; the key is only its decimal text. */
function token(i: number): bigint {
  return BigInt(i) * 2n ** 43n - 2n ** 62n;
}

function partition(i: number): PartitionUpdate {
  const cells = [];
  for (let c = 0; c < 5; c++) cells.push(liveCell(c, new Uint8Array(34).fill(i & 0xff), 1_700_000_000_000_000n));
  return { tableId: 1, token: token(i), key: key(i), deletion: null, rangeTombstones: [], staticRow: null, rows: [{ clustering: new Uint8Array(0), liveness: null, deletion: null, cells }] };
}

describe.skipIf(process.env.SIBYL_SSTABLE_BENCH !== '1')('SSTable point-read benchmark', () => {
  it('measures write, mayContain and readPartition rates', () => {
    const d = { directory, generation: 1 };
    let started = performance.now();
    const writer = SSTableWriter.create(port, d, { bloomFilterFpChance: 0.01, expectedPartitions: partitionCount, level: 0, createdAtMs: 0 });
    for (let i = 0; i < partitionCount; i++) writer.append(partition(i));
    const stats = writer.finish();
    const writeMs = performance.now() - started;
    started = performance.now();
    const reader = SSTableReader.open(port, d);
    const openMs = performance.now() - started;

    const random = new SeededRandom(42);
    const reads = 300_000;
    const picks = Array.from({ length: reads }, () => random.int(partitionCount));
    const keys = picks.map(key);
    const tokens = picks.map(token);
    // Warm the page cache and the JIT.
    for (let i = 0; i < 50_000; i++) reader.readPartition(tokens[i]!, keys[i]!);

    started = performance.now();
    let found = 0;
    for (let i = 0; i < reads; i++) if (reader.readPartition(tokens[i]!, keys[i]!) !== null) found++;
    const readSeconds = (performance.now() - started) / 1000;
    expect(found).toBe(reads);

    started = performance.now();
    let maybe = 0;
    for (let i = 0; i < reads; i++) if (reader.mayContain(tokens[i]!, keys[i]!)) maybe++;
    const bloomSeconds = (performance.now() - started) / 1000;
    expect(maybe).toBe(reads);

    started = performance.now();
    let misses = 0;
    for (let i = 0; i < reads; i++) if (reader.readPartition(tokens[i]! + 1n, keys[i]!) === null) misses++;
    const missSeconds = (performance.now() - started) / 1000;
    expect(misses).toBe(reads);

    started = performance.now();
    let scanned = 0;
    for (const p of reader.scan()) scanned += p.rows.length;
    const scanSeconds = (performance.now() - started) / 1000;
    expect(scanned).toBe(partitionCount);
    reader.close();

    console.log(
      [
        `partitions ${partitionCount}, Data ${(stats.dataBytes / 2 ** 20).toFixed(1)} MiB, on disk ${(reader.sizeOnDisk() / 2 ** 20).toFixed(1)} MiB`,
        `write+finish ${(writeMs / 1000).toFixed(2)} s (${Math.round(partitionCount / (writeMs / 1000))} partitions/s), open ${openMs.toFixed(0)} ms`,
        `readPartition hit  ${Math.round(reads / readSeconds)} /s (${((readSeconds / reads) * 1e6).toFixed(2)} us)`,
        `readPartition miss ${Math.round(reads / missSeconds)} /s (no bloom; token between two partitions)`,
        `mayContain         ${Math.round(reads / bloomSeconds)} /s (${((bloomSeconds / reads) * 1e6).toFixed(2)} us)`,
        `scan               ${Math.round(partitionCount / scanSeconds)} partitions/s`,
      ].join('\n'),
    );
  });
});
