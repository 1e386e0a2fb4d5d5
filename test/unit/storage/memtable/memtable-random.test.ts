/**
 * Randomized check against a reference model: a Map of partitions merged with model/merge.ts.
 * Writes collide on purpose (few tokens, keys and clusterings, close timestamps, ties between
 * tokens) and mix every kind of data: cells, tombstones, expiring cells, row liveness and row
 * deletions, partition deletions, range tombstones, static rows, and values larger than a
 * slab. After every round the memtable must read exactly like the model: whole scans, token
 * slices and point reads, active and frozen. A failure prints its seed.
 */
import { describe, expect, it } from 'vitest';
import { Buffer } from 'node:buffer';
import { ByteWriter } from '../../../../src/lib/bytes/byte-writer.js';
import { SeededRandom } from '../../../../src/lib/random.js';
import type { Cell } from '../../../../src/storage/model/cell.js';
import { cellTombstone, expiringCell, liveCell } from '../../../../src/storage/model/cell.js';
import type { DeletionTime } from '../../../../src/storage/model/deletion-time.js';
import { livenessInfo } from '../../../../src/storage/model/liveness-info.js';
import { mergePartitions } from '../../../../src/storage/model/merge.js';
import { decodePartition, writePartition } from '../../../../src/storage/model/partition-codec.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import type { RangeTombstone } from '../../../../src/storage/model/range-tombstone.js';
import type { Row } from '../../../../src/storage/model/row.js';
import { compareDecoratedKeys } from '../../../../src/storage/model/token.js';
import { Memtable } from '../../../../src/storage/memtable/memtable.js';
import { openFrozenMemtable } from '../../../../src/storage/memtable/frozen-memtable.js';
import { SlabPool } from '../../../../src/storage/memtable/slab-pool.js';
import { TABLE_ID, partition, randomToken } from './memtable-fixtures.js';

const NOW = 1_700_000_000;
const TOKENS = [-(2n ** 63n) + 1n, -5_000_000_000n, -1n, 0n, 1n, 4_294_967_295n, 4_294_967_296n];
TOKENS.push(2n ** 63n - 1n);

class Generator {
  constructor(private readonly random: SeededRandom) {}

  pick<T>(items: readonly T[]): T {
    return items[this.random.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.random.next() < p;
  }

  bytes(maxLength: number, alphabet = 4): Uint8Array {
    const length = this.random.int(maxLength + 1);
    const letters = [0x00, 0x01, 0x7f, 0x80, 0xff].slice(0, alphabet + 1);
    return Uint8Array.from({ length }, () => this.pick(letters));
  }

  timestamp(): bigint {
    return BigInt(1000 + this.random.int(8));
  }

  deletion(): DeletionTime {
    return { markedForDeleteAt: this.timestamp(), localDeletionTime: NOW + this.random.int(3) };
  }

  cell(column: number): Cell {
    const roll = this.random.int(10);
    if (roll === 0) return cellTombstone(column, this.timestamp(), NOW + this.random.int(3));
    const large = this.chance(0.01);
    const value = large ? new Uint8Array(5000 + this.random.int(3000)).fill(column) : this.bytes(6);
    const ttl = 1 + this.random.int(3);
    if (roll === 1) return expiringCell(column, value, this.timestamp(), ttl, NOW);
    return liveCell(column, value, this.timestamp());
  }

  row(clustering: Uint8Array): Row {
    const columns = [1, 2, 3, 4].filter(() => this.chance(0.5));
    return {
      clustering,
      liveness: this.chance(0.3) ? livenessInfo(this.timestamp()) : null,
      deletion: this.chance(0.1) ? this.deletion() : null,
      cells: columns.map((column) => this.cell(column)),
    };
  }

  rangeTombstone(): RangeTombstone {
    return {
      start: { prefix: this.bytes(1), inclusive: this.chance(0.5) },
      end: { prefix: this.bytes(1), inclusive: this.chance(0.5) },
      deletion: this.deletion(),
    };
  }

  update(): PartitionUpdate {
    const clusterings = new Map<string, Uint8Array>();
    const rowCount = this.chance(0.6) ? 1 : this.random.int(4);
    for (let i = 0; i < rowCount; i++) {
      const clustering = this.bytes(2, 2);
      clusterings.set([...clustering].join(), clustering);
    }
    const rows = [...clusterings.values()].sort(compareUnsigned).map((c) => this.row(c));
    const token = this.chance(0.2) ? randomToken(this.random) : this.pick(TOKENS);
    return partition(token, this.bytes(2, 3), rows, {
      deletion: this.chance(0.05) ? this.deletion() : null,
      rangeTombstones: this.chance(0.05) ? [this.rangeTombstone()] : [],
      staticRow: this.chance(0.05) ? this.row(new Uint8Array(0)) : null,
    });
  }
}

function compareUnsigned(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

const modelKey = (update: { token: bigint; key: Uint8Array }) =>
  `${update.token}/${[...update.key].join('.')}`;

/**
 * Deep equality through the codec: comparing encodings is exact (every field is encoded) and
 * far faster than a structural toEqual over thousands of byte arrays; a mismatch falls back to
 * toEqual on the first differing partition for a readable diff.
 */
function expectSame(
  actual: readonly PartitionUpdate[],
  expected: readonly PartitionUpdate[],
): void {
  const encode = (partitions: readonly PartitionUpdate[]) => {
    const writer = new ByteWriter();
    for (const p of partitions) writePartition(writer, p);
    return Buffer.from(writer.written());
  };
  if (actual.length === expected.length && encode(actual).equals(encode(expected))) return;
  const differs = (p: PartitionUpdate, i: number) =>
    actual[i] === undefined || !encode([actual[i]!]).equals(encode([p]));
  const first = expected.findIndex(differs);
  expect(actual.length).toBe(expected.length);
  expect(actual[first]).toEqual(expected[first]);
}

function decodeEach(encoded: Iterable<Uint8Array>): PartitionUpdate[] {
  const decoded: PartitionUpdate[] = [];
  for (const bytes of encoded) decoded.push(decodePartition(bytes, true));
  return decoded;
}

function checkAgainstModel(
  read: Pick<Memtable, 'partitions' | 'readPartition' | 'encodedPartitions'>,
  model: Map<string, PartitionUpdate>,
  random: SeededRandom,
): void {
  const expected = [...model.values()].sort(compareDecoratedKeys);
  expectSame([...read.partitions()], expected);
  // The raw encodings, decoded, are the same partitions (each view is decoded before the next).
  expectSame(decodeEach(read.encodedPartitions()), expected);
  for (let i = 0; i < 5; i++) {
    const a = random.int(TOKENS.length);
    const b = random.int(TOKENS.length);
    const start = i === 0 ? undefined : TOKENS[Math.min(a, b)]!;
    const end = i === 1 ? undefined : TOKENS[Math.max(a, b)]!;
    const inRange = expected.filter(
      (p) => (start === undefined || p.token > start) && (end === undefined || p.token <= end),
    );
    const wanted = start !== undefined && end !== undefined && start >= end ? [] : inRange;
    expectSame([...read.partitions(start, end)], wanted);
    expectSame(decodeEach(read.encodedPartitions(start, end)), wanted);
  }
  const points = expected.map((p) => read.readPartition(p.token, p.key));
  expect(points.every((p) => p !== null)).toBe(true);
  expectSame(points as PartitionUpdate[], expected);
  // One structural comparison per round, so the codec is not the only judge.
  if (expected.length > 0) expect(points[0]).toEqual(expected[0]);
}

describe('Memtable against a reference model', () => {
  for (const seed of [1, 2, 3]) {
    it(`reads like Map + mergePartitions (seed ${seed})`, () => {
      const random = new SeededRandom(seed);
      const generator = new Generator(random);
      const pool = new SlabPool(4096, 100_000);
      const memtable = new Memtable(TABLE_ID, pool);
      const model = new Map<string, PartitionUpdate>();
      try {
        for (let round = 0; round < 4; round++) {
          for (let i = 0; i < 600; i++) {
            const update = generator.update();
            memtable.apply(update);
            const previous = model.get(modelKey(update));
            const merged = previous === undefined ? update : mergePartitions(previous, update);
            model.set(modelKey(update), merged);
          }
          checkAgainstModel(memtable, model, random);
          expect(memtable.partitionCount()).toBe(model.size);
          const modelRows = [...model.values()].reduce((n, p) => n + p.rows.length, 0);
          expect(memtable.rowCount()).toBe(modelRows);
        }
        const view = openFrozenMemtable(memtable.freeze());
        checkAgainstModel(view, model, random);
        expect(view.partitionCount()).toBe(model.size);
        memtable.release();
        expect(pool.stats().slabsInUse).toBe(0);
      } catch (error) {
        throw new Error(`seed ${seed}: ${String(error)}`, { cause: error });
      }
    });
  }
});
