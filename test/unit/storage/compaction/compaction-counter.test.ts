/**
 * A compaction merges the versions of a counter held by several SSTables into one total, and
 * copies a counter partition held by one SSTable alone as its stored bytes, counter flag intact.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { compactStored, compactedPartitions } from '../../../../src/storage/compaction/compacted-partitions.js';
import { PurgeFloor } from '../../../../src/storage/compaction/purge-floor.js';
import { counterTombstone } from '../../../../src/storage/model/cell.js';
import type { Cell } from '../../../../src/storage/model/cell.js';
import { decodePartition } from '../../../../src/storage/model/partition-codec.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import { counterOf, totalOf } from '../model/counter-fixtures.js';
import { makeTempDirectory, writeSSTable } from '../sstable/sstable-test-kit.js';

const NOW = 1_700_000_000;
const TIME = { nowSeconds: NOW, gcGraceSeconds: 864_000 };
const directory = makeTempDirectory('counter-compaction');
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

const counterPartition = (token: bigint, cells: Cell[]): PartitionUpdate => ({
  tableId: 7,
  token,
  key: new TextEncoder().encode(`k${token}`),
  deletion: null,
  rangeTombstones: [],
  staticRow: null,
  rows: [{ clustering: Uint8Array.of(1), liveness: null, deletion: null, cells }],
});
const compact = (inputs: PartitionUpdate[][]) =>
  [...compactedPartitions(inputs.map((list) => list[Symbol.iterator]()), new PurgeFloor([]), TIME)];

describe('compaction of counter cells', () => {
  it('merges the shards that several inputs hold for one counter, counting a repeated shard once', () => {
    const out = compact([
      [counterPartition(1n, [counterOf(0, 10n, [1, 1n, 5n])])],
      [counterPartition(1n, [counterOf(0, 20n, [1, 2n, 8n], [2, 1n, 100n])])],
      [counterPartition(1n, [counterOf(0, 20n, [2, 1n, 100n])])],
    ]);
    expect(out).toHaveLength(1);
    const cell = out[0]!.rows[0]!.cells[0]!;
    expect(totalOf(cell)).toBe(108n);
    expect(cell.counter).toBe(true);
  });

  it('keeps a counter tombstone over a newer counter write', () => {
    const out = compact([
      [counterPartition(1n, [counterTombstone(0, 5n, NOW - 60)])],
      [counterPartition(1n, [counterOf(0, 50n, [1, 9n, 90n])])],
    ]);
    expect(out[0]!.rows[0]!.cells[0]!.value).toBeNull();
  });

  it('copies a counter partition one SSTable alone holds as its stored bytes, and merges one two SSTables hold', () => {
    const only = counterPartition(1n, [counterOf(0, 10n, [1, 1n, 5n], [2, 4n, 6n])]);
    const shared = counterPartition(2n, [counterOf(0, 10n, [1, 1n, 5n])]);
    const first = writeSSTable({ directory, generation: 1 }, [only, shared]);
    const second = writeSSTable({ directory, generation: 2 }, [counterPartition(2n, [counterOf(0, 11n, [1, 2n, 7n], [3, 1n, 1n])])]);
    const outputs: { copied: boolean; partition: PartitionUpdate }[] = [];
    for (const output of compactStored([first.scanStored(), second.scanStored()], new PurgeFloor([]), TIME)) {
      const partition = output.partition ?? decodePartition(output.bytes.subarray(output.start, output.end));
      outputs.push({ copied: output.partition === null, partition });
    }
    expect(outputs.map((o) => o.copied)).toEqual([true, false]);
    expect(outputs[0]!.partition).toEqual(only);
    const merged = outputs[1]!.partition.rows[0]!.cells[0]!;
    expect(totalOf(merged)).toBe(8n);
    expect(merged.timestamp).toBe(11n);
    first.close();
    second.close();
  });
});
