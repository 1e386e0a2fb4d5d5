/**
 * The memtable is read in order by the flusher (an SSTable is sorted) and sliced by token
 * range by reads: partitions must come out by signed token, then key bytes, rows by clustering
 * bytes, whatever order they were written in, across many leaves and slabs.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src/lib/random.js';
import { liveCell } from '../../../../src/storage/model/cell.js';
import { MAX_TOKEN, MIN_TOKEN } from '../../../../src/storage/model/token.js';
import { Memtable } from '../../../../src/storage/memtable/memtable.js';
import { SlabPool } from '../../../../src/storage/memtable/slab-pool.js';
import { TABLE_ID, bytes, partition, row, text } from './memtable-fixtures.js';

const cell = (value: string, timestamp = 1n) => liveCell(1, text(value), timestamp);
const tokensOf = (memtable: Memtable, start?: bigint, end?: bigint) =>
  [...memtable.partitions(start, end)].map((p) => p.token);
const noClustering = new Uint8Array(0);

function shuffled<T>(items: readonly T[], random: SeededRandom): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe('Memtable order', () => {
  it('orders partitions by signed token, negative before positive, extremes included', () => {
    const memtable = new Memtable(TABLE_ID, new SlabPool(4096, 64));
    const tokens = [5n, -1n, MAX_TOKEN, 0n, MIN_TOKEN + 1n, -(2n ** 32n), 2n ** 32n, 1n];
    tokens.push(-(2n ** 31n), 2n ** 31n - 1n);
    for (const token of tokens) {
      memtable.apply(partition(token, text(`k${token}`), [row(noClustering, [cell('v')])]));
    }
    expect(tokensOf(memtable)).toEqual([...tokens].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(memtable.partitionCount()).toBe(tokens.length);
  });

  it('orders equal tokens by unsigned key bytes, shorter prefix first', () => {
    const memtable = new Memtable(TABLE_ID, new SlabPool(4096, 64));
    const keys = [bytes(0x80), bytes(0x01, 0x00), bytes(0x01), bytes(0xff), bytes(0x7f, 0xff)];
    keys.push(bytes(0x01, 0x00, 0x00));
    for (const key of keys) memtable.apply(partition(-3n, key, [row(noClustering, [cell('v')])]));
    const read = [...memtable.partitions()];
    const expected = [[0x01], [0x01, 0x00], [0x01, 0x00, 0x00], [0x7f, 0xff], [0x80], [0xff]];
    expect(read.map((p) => [...p.key])).toEqual(expected);
    expect(read.every((p) => p.token === -3n)).toBe(true);
    expect(memtable.partitionCount()).toBe(keys.length);
  });

  it('orders rows by unsigned clustering bytes and keeps partitions apart', () => {
    const memtable = new Memtable(TABLE_ID, new SlabPool(4096, 64));
    const clusterings = [bytes(0x02), bytes(0x01, 0x05), bytes(0xf0), bytes(0x01), bytes(0x00)];
    for (const clustering of clusterings) {
      memtable.apply(partition(9n, text('b'), [row(clustering, [cell('b')])]));
      memtable.apply(partition(9n, text('a'), [row(clustering, [cell('a')])]));
    }
    const [a, b] = [...memtable.partitions()];
    const expected = [[0x00], [0x01], [0x01, 0x05], [0x02], [0xf0]];
    expect(a!.rows.map((r) => [...r.clustering])).toEqual(expected);
    expect(b!.rows.map((r) => [...r.clustering])).toEqual(expected);
    expect(a!.rows.every((r) => r.cells[0]!.value![0] === 'a'.charCodeAt(0))).toBe(true);
    expect(memtable.partitionCount()).toBe(2);
    expect(memtable.rowCount()).toBe(10);
  });

  it('stays sorted across thousands of shuffled writes spanning many leaves and slabs', () => {
    const random = new SeededRandom(11);
    const pool = new SlabPool(4096, 4096);
    const memtable = new Memtable(TABLE_ID, pool);
    const entries: Array<{ token: bigint; key: number; clustering: number }> = [];
    for (let t = 0; t < 300; t++) {
      const token = BigInt(t - 150) * 1_000_003n * (t % 3 === 0 ? 2n ** 30n : 1n);
      for (let key = 0; key < 3; key++) {
        for (let c = 0; c < 5; c++) entries.push({ token, key, clustering: c * 37 });
      }
    }
    for (const e of shuffled(entries, random)) {
      const rows = [row(bytes(e.clustering), [cell(`${e.clustering}`)])];
      memtable.apply(partition(e.token, bytes(e.key), rows));
    }
    const read = [...memtable.partitions()];
    expect(read.length).toBe(900);
    for (let i = 1; i < read.length; i++) {
      const [previous, current] = [read[i - 1]!, read[i]!];
      const sameToken = previous.token === current.token;
      const keyAfter = previous.key[0]! < current.key[0]!;
      expect(previous.token < current.token || (sameToken && keyAfter)).toBe(true);
    }
    const clusterings = (p: (typeof read)[number]) => p.rows.map((r) => r.clustering[0]).join();
    expect(read.every((p) => clusterings(p) === '0,37,74,111,148')).toBe(true);
    expect(memtable.rowCount()).toBe(4500);
    expect(memtable.partitionCount()).toBe(900);
    expect(pool.stats().slabsInUse).toBeGreaterThan(10);
  });
});

describe('Memtable slicing', () => {
  const pool = new SlabPool(4096, 64);
  const memtable = new Memtable(TABLE_ID, pool);
  for (const token of [-20n, -10n, 0n, 10n, 20n]) {
    memtable.apply(partition(token, text('x'), [row(bytes(1), [cell('x')])]));
    memtable.apply(partition(token, text('y'), [row(bytes(1), [cell('y')])]));
  }

  it('returns tokens in (start, end]: start excluded, end included', () => {
    expect(tokensOf(memtable, -10n, 10n)).toEqual([0n, 0n, 10n, 10n]);
    expect(tokensOf(memtable, -11n, -10n)).toEqual([-10n, -10n]);
    expect(tokensOf(memtable, undefined, -10n)).toEqual([-20n, -20n, -10n, -10n]);
    expect(tokensOf(memtable, 10n)).toEqual([20n, 20n]);
    expect(tokensOf(memtable, MIN_TOKEN, MAX_TOKEN).length).toBe(10);
  });

  it('is empty for an empty or reversed range and past the last token', () => {
    expect(tokensOf(memtable, 0n, 0n)).toEqual([]);
    expect(tokensOf(memtable, 10n, -10n)).toEqual([]);
    expect(tokensOf(memtable, 20n)).toEqual([]);
    expect(tokensOf(memtable, MAX_TOKEN)).toEqual([]);
    expect(tokensOf(memtable, 1n, 9n)).toEqual([]);
  });

  it('reads one partition by token and key, or null', () => {
    const y = memtable.readPartition(10n, text('y'));
    expect(y?.key).toEqual(text('y'));
    expect(y?.rows[0]?.cells[0]?.value).toEqual(text('y'));
    expect(memtable.readPartition(10n, text('z'))).toBeNull();
    expect(memtable.readPartition(10n, text('xx'))).toBeNull();
    expect(memtable.readPartition(11n, text('x'))).toBeNull();
    expect(memtable.readPartition(MIN_TOKEN, text('x'))).toBeNull();
    expect(new Memtable(TABLE_ID, pool).readPartition(10n, text('x'))).toBeNull();
  });

  it('refuses to continue an iteration after a write (a split would skip or repeat)', () => {
    const other = new Memtable(TABLE_ID, new SlabPool(4096, 8));
    other.apply(partition(1n, text('a'), [row(bytes(1), [cell('a')])]));
    other.apply(partition(2n, text('a'), [row(bytes(1), [cell('a')])]));
    const iterator = other.partitions();
    iterator.next();
    other.apply(partition(3n, text('a'), [row(bytes(1), [cell('a')])]));
    expect(() => iterator.next()).toThrow(/changed while it was being iterated/);
  });
});
