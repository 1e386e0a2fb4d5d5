import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FaultyStoragePort } from '../../../../src/lib/faulty-storage-port.js';
import { ManualClock } from '../../../../src/lib/clock.js';
import { NodeStoragePort } from '../../../../src/lib/node-storage-port.js';
import { SeededRandom } from '../../../../src/lib/random.js';
import { compactedPartitions } from '../../../../src/storage/compaction/compacted-partitions.js';
import type { CompactionRequest } from '../../../../src/storage/compaction/compaction-request.js';
import { runCompaction } from '../../../../src/storage/compaction/compaction-task.js';
import { CompactionThrottle } from '../../../../src/storage/compaction/compaction-throttle.js';
import { PurgeFloor } from '../../../../src/storage/compaction/purge-floor.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import { compareDecoratedKeys } from '../../../../src/storage/model/token.js';
import type { SSTableDescriptor } from '../../../../src/storage/sstable/descriptor.js';
import { componentPath, listSSTables } from '../../../../src/storage/sstable/descriptor.js';
import { SSTableReader } from '../../../../src/storage/sstable/sstable-reader.js';
import { SSTableWriter } from '../../../../src/storage/sstable/sstable-writer.js';
import { dead, live, partition, row, text } from './partition-fixtures.js';

const NOW_MS = 1_700_000_000_000;
const NOW = NOW_MS / 1000;
const GC_GRACE = 864_000;
const LONG_AGO = NOW - GC_GRACE - 10;

let directory: string;
const port = new NodeStoragePort();
const environment = () => {
  const clock = new ManualClock(NOW_MS);
  return { clock, sleep: (ms: number) => clock.advanceMs(ms) };
};

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-compaction-'));
});
afterEach(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

function writeSSTable(generation: number, partitions: PartitionUpdate[], writePort = port): SSTableDescriptor {
  const descriptor = { directory, generation };
  const writer = SSTableWriter.create(writePort, descriptor, {
    bloomFilterFpChance: 0.01,
    expectedPartitions: partitions.length,
    level: 0,
    createdAtMs: NOW_MS,
  });
  for (const p of [...partitions].sort(compareDecoratedKeys)) writer.append(p);
  writer.finish();
  return descriptor;
}

function readAll(descriptor: SSTableDescriptor): PartitionUpdate[] {
  const reader = SSTableReader.open(port, descriptor);
  try {
    return [...reader.scan()];
  } finally {
    reader.close();
  }
}

function request(inputs: SSTableDescriptor[], overrides: Partial<CompactionRequest> = {}): CompactionRequest {
  return {
    taskId: 1,
    inputs,
    outputDirectory: directory,
    outputGenerations: [100, 101, 102, 103, 104, 105, 106, 107],
    outputLevel: 0,
    maxOutputBytes: Number.POSITIVE_INFINITY,
    bloomFilterFpChance: 0.01,
    nowMs: NOW_MS,
    gcGraceSeconds: GC_GRACE,
    overlapping: [],
    throughputBytesPerSecond: 0,
    ...overrides,
  };
}

/** Four generations of writes over overlapping keys, with cell tombstones, old and recent. */
function fourInputs(): PartitionUpdate[][] {
  const random = new SeededRandom(7);
  const inputs: PartitionUpdate[][] = [];
  for (let s = 0; s < 4; s++) {
    const byKey = new Map<string, PartitionUpdate>();
    for (let i = 0; i < 400; i++) {
      const k = random.int(600);
      const ts = BigInt(s * 1000 + i);
      const cells =
        random.int(10) === 0
          ? [dead(1, ts, random.int(2) === 0 ? LONG_AGO : NOW - 5)]
          : [live(1, `v${s}-${i}-${'x'.repeat(random.int(200))}`, ts), live(2, `w${s}`, ts)];
      byKey.set(`k${k}`, partition(BigInt(k * 7919 - 2_000_000), `k${k}`, [row(`c${random.int(3)}`, cells)]));
    }
    inputs.push([...byKey.values()].sort(compareDecoratedKeys));
  }
  return inputs;
}

function expectedMerge(inputs: PartitionUpdate[][]): PartitionUpdate[] {
  const floor = new PurgeFloor([]);
  return [...compactedPartitions(inputs.map((i) => i[Symbol.iterator]()), floor, { nowSeconds: NOW, gcGraceSeconds: GC_GRACE })];
}

describe('runCompaction on real SSTables', () => {
  it('merges four SSTables into one whose content equals the in-memory merge and purge', () => {
    const inputs = fourInputs();
    const descriptors = inputs.map((partitions, i) => writeSSTable(i + 1, partitions));
    const result = runCompaction(port, request(descriptors), environment());
    expect(result.outputs).toHaveLength(1);
    const [output] = result.outputs;
    const expected = expectedMerge(inputs);
    const actual = readAll(output!.descriptor);
    expect(actual).toEqual(expected);
    expect(result.partitionsRead).toBe(inputs.reduce((n, i) => n + i.length, 0));
    expect(result.partitionsWritten).toBe(expected.length);
    expect(output!.stats.partitionCount).toBe(expected.length);
    expect(output!.sizeOnDisk).toBeGreaterThan(0);
    // Inputs stay: the store removes them once readers let go.
    expect(listSSTables(port, directory).map((d) => d.generation)).toEqual([1, 2, 3, 4, 100]);
    // Old tombstones went, recent ones stayed.
    const tombstoneTimes = actual.flatMap((p) => p.rows.flatMap((r) => r.cells.filter((c) => c.value === null).map((c) => c.localDeletionTime)));
    expect(tombstoneTimes.length).toBeGreaterThan(0);
    expect(tombstoneTimes.every((t) => t === NOW - 5)).toBe(true);
  });

  it('copies stored partitions nothing can change, writing the same Data and Index as the decoded merge', () => {
    // Unique plain keys take the stored copy; shared keys and tombstones the decoded merge.
    const inputs = fourInputs();
    const descriptors = inputs.map((partitions, i) => writeSSTable(i + 1, partitions));
    const result = runCompaction(port, request(descriptors), environment());
    expect(result.partitionsCopied).toBeGreaterThan(100);
    expect(result.partitionsCopied).toBeLessThan(result.partitionsWritten);
    const reference = writeSSTable(500, expectedMerge(inputs));
    for (const component of ['Data', 'Index'] as const) {
      const actual = fs.readFileSync(componentPath(result.outputs[0]!.descriptor, component));
      expect(actual.equals(fs.readFileSync(componentPath(reference, component))), component).toBe(true);
    }
  });

  it('splits outputs at maxOutputBytes into SSTables of ascending, disjoint token ranges', () => {
    const inputs = fourInputs();
    const descriptors = inputs.map((partitions, i) => writeSSTable(i + 1, partitions));
    const result = runCompaction(port, request(descriptors, { maxOutputBytes: 16 * 1024, outputLevel: 1 }), environment());
    expect(result.outputs.length).toBeGreaterThan(2);
    for (let i = 1; i < result.outputs.length; i++) {
      expect(result.outputs[i - 1]!.stats.maxToken < result.outputs[i]!.stats.minToken).toBe(true);
    }
    expect(result.outputs.every((o) => o.stats.level === 1)).toBe(true);
    expect(result.outputs.flatMap((o) => readAll(o.descriptor))).toEqual(expectedMerge(inputs));
  });

  it('keeps an old tombstone while an SSTable outside the compaction may hold the data it shadows', () => {
    const outside = writeSSTable(1, [partition(10n, 'k', [row('r', [live(1, 'old', 5n)])]), partition(40n, 'z', [row('r', [live(1, 'old', 5n)])])]);
    const a = writeSSTable(2, [partition(10n, 'k', [row('r', [dead(1, 50n, LONG_AGO)])]), partition(20n, 'j', [row('r', [dead(1, 50n, LONG_AGO)])])]);
    const b = writeSSTable(3, [partition(30n, 'm', [row('r', [live(1, 'x', 60n)])])]);
    // 'j' lies inside the outside SSTable's token range, but its bloom filter rules 'j' out.
    const overlapping = [{ minTimestamp: 5n, minToken: 10n, maxToken: 40n, sstable: outside }];
    const result = runCompaction(port, request([a, b], { overlapping }), environment());
    const out = readAll(result.outputs[0]!.descriptor);
    expect(out.map((p) => text(p.key))).toEqual(['k', 'm']);
    expect(result.partitionsRead).toBe(3);
    // A memtable over the same tokens (no bloom filter) keeps both tombstones.
    const memtable = [{ minTimestamp: 5n, minToken: 10n, maxToken: 40n, sstable: null }];
    const withMemtable = runCompaction(port, request([a, b], { overlapping: memtable, outputGenerations: [300] }), environment());
    expect(readAll(withMemtable.outputs[0]!.descriptor).map((p) => text(p.key))).toEqual(['k', 'j', 'm']);
    // Without the outside SSTable, both tombstones go.
    const again = runCompaction(port, request([a, b], { outputGenerations: [200] }), environment());
    expect(readAll(again.outputs[0]!.descriptor).map((p) => text(p.key))).toEqual(['m']);
  });

  it('writes no output when everything is purged', () => {
    const a = writeSSTable(1, [partition(1n, 'k', [row('r', [live(1, 'v', 1n)])])]);
    const b = writeSSTable(2, [partition(1n, 'k', [], { markedForDeleteAt: 2n, localDeletionTime: LONG_AGO })]);
    const result = runCompaction(port, request([a, b]), environment());
    expect(result.outputs).toEqual([]);
    expect(listSSTables(port, directory).map((d) => d.generation)).toEqual([1, 2]);
  });

  it('leaves no output file behind when the disk fills midway, even after earlier outputs finished', () => {
    const inputs = fourInputs();
    const descriptors = inputs.map((partitions, i) => writeSSTable(i + 1, partitions));
    const before = fs.readdirSync(directory).sort();
    // The disk fills while the third output is being written: two outputs are complete by then.
    class FillingPort extends FaultyStoragePort {
      writesAfterThirdOutput = 0;
      override open(file: string, mode: 'read' | 'write-new' | 'append' | 'read-write'): number {
        if (file.endsWith('sb-102-Data.db')) this.writesAfterThirdOutput = 1;
        return super.open(file, mode);
      }
      override write(fd: number, data: Uint8Array, offset: number, length: number, position: number | null): void {
        if (this.writesAfterThirdOutput > 0 && ++this.writesAfterThirdOutput === 3) this.full = true;
        super.write(fd, data, offset, length, position);
      }
    }
    const faulty = new FillingPort(port);
    expect(() => runCompaction(faulty, request(descriptors, { maxOutputBytes: 16 * 1024 }), environment())).toThrow(/ENOSPC/);
    expect(faulty.full).toBe(true);
    expect(fs.readdirSync(directory).sort()).toEqual(before);
  });

  it('paces reads through the throttle', () => {
    const inputs = fourInputs();
    const descriptors = inputs.map((partitions, i) => writeSSTable(i + 1, partitions));
    const bytesPerSecond = 64 * 1024;
    const env = environment();
    const result = runCompaction(port, request(descriptors, { throughputBytesPerSecond: bytesPerSecond }), env);
    const expectedMs = ((result.bytesRead - bytesPerSecond) / bytesPerSecond) * 1000;
    expect(result.bytesRead).toBeGreaterThan(2 * bytesPerSecond);
    expect(result.throttledMs).toBeGreaterThanOrEqual(expectedMs - 1);
    expect(result.throttledMs).toBeLessThanOrEqual(expectedMs + result.partitionsWritten + 1);
    expect(result.durationMs).toBe(result.throttledMs);
  });

  it('shares one rate among the compactions of a pool thread: the next one starts without a burst', () => {
    const inputs = fourInputs();
    const bytesPerSecond = 128 * 1024; // each half of the inputs (~96 KB) fits a second's burst
    const env = environment();
    const shared = new CompactionThrottle(bytesPerSecond, env.clock, env.sleep, bytesPerSecond / 10);
    const throttleFor = (rate: number): CompactionThrottle => {
      expect(rate).toBe(bytesPerSecond);
      return shared;
    };
    const first = runCompaction(port, request(inputs.slice(0, 2).map((p, i) => writeSSTable(i + 1, p)), { throughputBytesPerSecond: bytesPerSecond }), { ...env, throttleFor });
    const second = runCompaction(port, request(inputs.slice(2).map((p, i) => writeSSTable(i + 3, p)), { throughputBytesPerSecond: bytesPerSecond, outputGenerations: [200] }), { ...env, throttleFor });
    for (const result of [first, second]) {
      // Only a tenth of a second's bytes come free; the rest of each is paced, the second too.
      const expectedMs = ((result.bytesRead - bytesPerSecond / 10) / bytesPerSecond) * 1000;
      expect(result.throttledMs).toBeGreaterThanOrEqual(expectedMs - 1);
      expect(result.throttledMs).toBeLessThanOrEqual(expectedMs + result.partitionsWritten + 1);
    }
    // Each compaction alone (a fresh bucket: a second's burst) would not have waited at all.
    const alone = runCompaction(port, request(inputs.slice(2).map((p, i) => writeSSTable(i + 5, p)), { throughputBytesPerSecond: bytesPerSecond, outputGenerations: [300] }), environment());
    expect(alone.bytesRead).toBeLessThan(bytesPerSecond);
    expect(alone.throttledMs).toBe(0);
  });
});
