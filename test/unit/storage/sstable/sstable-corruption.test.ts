import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { CorruptionError } from '../../../../src/lib/errors.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import type { SSTableComponent, SSTableDescriptor } from '../../../../src/storage/sstable/descriptor.js';
import { componentPath } from '../../../../src/storage/sstable/descriptor.js';
import { SSTableReader } from '../../../../src/storage/sstable/sstable-reader.js';
import { ck, defaultOptions, flipByte, makeTempDirectory, normalize, port, simplePartition, simpleRow, slice, writeSSTable } from './sstable-test-kit.js';

const directory = makeTempDirectory('corruption');
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));
let generation = 0;
const next = (): SSTableDescriptor => ({ directory, generation: ++generation });

function expectCorruption(action: () => unknown, file: string): CorruptionError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(CorruptionError);
    expect((error as CorruptionError).file).toBe(file);
    expect((error as CorruptionError).message).toContain(file);
    return error as CorruptionError;
  }
  throw new Error(`expected a CorruptionError naming ${file}`);
}

/**
 * Reads everything through a fresh reader: every result must equal the original, and anything
 * else must be a CorruptionError naming `file`. Returns how many reads were refused.
 */
function readAllChecked(d: SSTableDescriptor, partitions: readonly PartitionUpdate[], file: string): number {
  let reader: SSTableReader;
  try {
    reader = SSTableReader.open(port, d);
  } catch (error) {
    expect(error).toBeInstanceOf(CorruptionError);
    expect((error as CorruptionError).file).toBe(file);
    return 1;
  }
  let refused = 0;
  const attempt = (read: () => void): void => {
    try {
      read();
    } catch (error) {
      if (!(error instanceof CorruptionError) || error.file !== file) throw error;
      refused++;
    }
  };
  try {
    attempt(() => expectSame([...reader.scan()], partitions));
    for (const p of partitions) {
      attempt(() => expectSame(reader.readPartition(p.token, p.key), p));
      attempt(() => expectSame(reader.readSlice(p.token, p.key, slice(ck(0), ck(1)))?.rows, p.rows.slice(0, 2)));
    }
  } finally {
    reader.close();
  }
  return refused;
}

/** A cheap deep equality for the byte-walking test (toEqual over thousands of reads is slow). */
function expectSame(actual: unknown, expected: unknown): void {
  const text = (v: unknown) => JSON.stringify(normalize(v), (_, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));
  if (text(actual) !== text(expected)) throw new Error(`wrong data returned: ${text(actual)}`);
}

describe('SSTable corruption', () => {
  it('detects a flipped byte at every offset of every component, and never returns wrong data', () => {
    const rows = [simpleRow(ck(0), 5n, 2), simpleRow(ck(1), 6n, 2), simpleRow(ck(2), 7n, 2)];
    const partitions = Array.from({ length: 4 }, (_, i) => simplePartition(i, rows));
    const d = next();
    writeSSTable(d, partitions).close();
    const components: SSTableComponent[] = ['Data', 'Index', 'Summary', 'Filter', 'Statistics', 'TOC'];
    for (const component of components) {
      const file = componentPath(d, component);
      const pristine = fs.readFileSync(file);
      // The filter is mostly bits: sample it; walk every byte of everything else.
      const step = component === 'Filter' ? 7 : 1;
      for (let offset = 0; offset < pristine.length; offset += step) {
        const damaged = Buffer.from(pristine);
        damaged[offset] = damaged[offset]! ^ 0x5a;
        fs.writeFileSync(file, damaged);
        const refused = readAllChecked(d, partitions, file);
        // A scan verifies every data block, and open verifies all of every other component.
        if (refused === 0) throw new Error(`flip at ${component} offset ${offset} went unnoticed`);
      }
      fs.writeFileSync(file, pristine);
    }
  });

  it('names the Data file and the offset, and still reads partitions in other blocks', () => {
    const partitions = Array.from({ length: 3000 }, (_, i) => simplePartition(i));
    const d = next();
    writeSSTable(d, partitions, { ...defaultOptions, expectedPartitions: 3000 }).close();
    const file = componentPath(d, 'Data');
    const middle = Math.floor(fs.statSync(file).size / 2);
    flipByte(file, middle);
    const reader = SSTableReader.open(port, d);
    let refused = 0;
    for (const p of partitions) {
      try {
        expect(normalize(reader.readPartition(p.token, p.key))).toEqual(normalize(p));
      } catch (error) {
        const corruption = expectCorruption(() => { throw error; }, file);
        expect(Math.abs(corruption.offset - middle)).toBeLessThan(1000);
        refused++;
      }
    }
    expect(refused).toBe(1);
    const scanError = expectCorruption(() => [...reader.scan()], file);
    expect(middle - scanError.offset).toBeLessThan(2 * 16 * 1024);
    expect(middle - scanError.offset).toBeGreaterThanOrEqual(0);
    // Partitions before the damaged block still stream.
    expect([...reader.scan(undefined, 100_000n)]).toHaveLength(101);
    reader.close();
  });

  it('names the Index file when a page is damaged, and other pages still serve reads', () => {
    const partitions = Array.from({ length: 1000 }, (_, i) => simplePartition(i));
    const d = next();
    writeSSTable(d, partitions, { ...defaultOptions, expectedPartitions: 1000 }).close();
    const file = componentPath(d, 'Index');
    flipByte(file, Math.floor(fs.statSync(file).size / 3));
    const reader = SSTableReader.open(port, d);
    let refused = 0;
    for (const p of partitions) {
      try {
        expect(normalize(reader.readPartition(p.token, p.key))).toEqual(normalize(p));
      } catch (error) {
        expectCorruption(() => { throw error; }, file);
        refused++;
      }
    }
    expect(refused).toBe(16); // exactly one page of limits.sstableSummaryInterval entries
    reader.close();
  });

  it('refuses to open an SSTable whose Statistics, Summary or Filter is damaged', () => {
    for (const component of ['Statistics', 'Summary', 'Filter'] as const) {
      const d = next();
      writeSSTable(d, [simplePartition(1), simplePartition(2)]).close();
      const file = componentPath(d, component);
      flipByte(file, fs.statSync(file).size - 10);
      expectCorruption(() => SSTableReader.open(port, d), file);
    }
  });

  it('refuses a truncated Data file at open', () => {
    const d = next();
    writeSSTable(d, [simplePartition(1), simplePartition(2)]).close();
    const file = componentPath(d, 'Data');
    fs.truncateSync(file, fs.statSync(file).size - 1);
    expectCorruption(() => SSTableReader.open(port, d), file);
  });
});
