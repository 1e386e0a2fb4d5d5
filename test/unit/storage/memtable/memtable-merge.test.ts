/**
 * A second write to a row or partition the memtable already holds is reconciled with
 * model/merge.ts rules, so what a read gets from the memtable is what a merge of every write
 * would give: later timestamps win, tombstones shadow older data (seen through filterLive),
 * partition deletions, range tombstones and static rows merge per partition.
 */
import { describe, expect, it } from 'vitest';
import { OverloadedError } from '../../../../src/lib/errors.js';
import { cellTombstone, expiringCell, liveCell } from '../../../../src/storage/model/cell.js';
import { livenessInfo } from '../../../../src/storage/model/liveness-info.js';
import { filterLive } from '../../../../src/storage/model/read-filter.js';
import { Memtable } from '../../../../src/storage/memtable/memtable.js';
import { SlabPool } from '../../../../src/storage/memtable/slab-pool.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import type { Row } from '../../../../src/storage/model/row.js';
import { bytes, partition, row, text } from './memtable-fixtures.js';

const NOW = 1_000_000;
const key = text('user-1');
const none = new Uint8Array(0);
const deletedAt = (markedForDeleteAt: bigint) => ({ markedForDeleteAt, localDeletionTime: NOW });
const put = (memtable: Memtable, rows: readonly Row[], extra: Partial<PartitionUpdate> = {}) =>
  memtable.apply(partition(5n, key, rows, extra));
const fresh = (slabs = 64) => new Memtable(7, new SlabPool(4096, slabs));
const values = (memtable: Memtable, clustering: Uint8Array) => {
  const read = memtable.readPartition(5n, key);
  const found = read?.rows.find((r) => r.clustering.join() === clustering.join());
  return found?.cells.map((c) => (c.value === null ? null : new TextDecoder().decode(c.value)));
};

describe('Memtable merge', () => {
  it('keeps the later timestamp per cell, whatever the arrival order', () => {
    const memtable = fresh();
    put(memtable, [row(bytes(1), [liveCell(1, text('new'), 20n), liveCell(2, text('old2'), 10n)])]);
    put(memtable, [row(bytes(1), [liveCell(1, text('old'), 10n), liveCell(2, text('new2'), 20n)])]);
    expect(values(memtable, bytes(1))).toEqual(['new', 'new2']);
    expect(memtable.rowCount()).toBe(1);
    expect(memtable.partitionCount()).toBe(1);
  });

  it('adds new columns to an existing row and keeps the row liveness of the later insert', () => {
    const memtable = fresh();
    put(memtable, [row(bytes(1), [liveCell(1, text('a'), 10n)], { liveness: livenessInfo(10n) })]);
    put(memtable, [row(bytes(1), [liveCell(3, text('c'), 12n)], { liveness: livenessInfo(12n) })]);
    const merged = memtable.readPartition(5n, key)!.rows[0]!;
    expect(merged.cells.map((c) => c.column)).toEqual([1, 3]);
    expect(merged.liveness?.timestamp).toBe(12n);
  });

  it('lets a cell tombstone shadow an older value and lose to a newer one', () => {
    const memtable = fresh();
    put(memtable, [row(bytes(1), [liveCell(1, text('v'), 10n), liveCell(2, text('w'), 30n)])]);
    put(memtable, [row(bytes(1), [cellTombstone(1, 20n, NOW), cellTombstone(2, 20n, NOW)])]);
    expect(values(memtable, bytes(1))).toEqual([null, 'w']);
    const live = filterLive(memtable.readPartition(5n, key)!, NOW);
    expect(live.rows[0]!.cells.map((c) => c.column)).toEqual([2]);
  });

  it('keeps a partition deletion, the newest one, and shadows older rows on read', () => {
    const memtable = fresh();
    put(memtable, [row(bytes(1), [liveCell(1, text('old'), 10n)])]);
    put(memtable, [], { deletion: deletedAt(15n) });
    put(memtable, [], { deletion: deletedAt(12n) });
    put(memtable, [row(bytes(2), [liveCell(1, text('new'), 20n)])]);
    const read = memtable.readPartition(5n, key)!;
    expect(read.deletion).toEqual(deletedAt(15n));
    expect(read.rows.length).toBe(2);
    expect(filterLive(read, NOW).rows.map((r) => [...r.clustering])).toEqual([[2]]);
    expect(memtable.partitionCount()).toBe(1);
    expect(memtable.rowCount()).toBe(2);
  });

  it('merges range tombstones of a partition and shadows the rows they cover', () => {
    const memtable = fresh();
    for (let c = 1; c <= 5; c++) put(memtable, [row(bytes(c), [liveCell(1, text(`${c}`), 10n)])]);
    const tombstone = (start: number, end: number, at: bigint) => ({
      start: { prefix: bytes(start), inclusive: true },
      end: { prefix: bytes(end), inclusive: false },
      deletion: { markedForDeleteAt: at, localDeletionTime: NOW },
    });
    put(memtable, [], { rangeTombstones: [tombstone(2, 4, 11n)] });
    put(memtable, [], { rangeTombstones: [tombstone(2, 4, 13n), tombstone(5, 6, 9n)] });
    const read = memtable.readPartition(5n, key)!;
    expect(read.rangeTombstones.map((t) => t.deletion.markedForDeleteAt)).toEqual([13n, 9n]);
    expect(filterLive(read, NOW).rows.map((r) => r.clustering[0])).toEqual([1, 4, 5]);
  });

  it('merges the static row like any row, apart from the clustering rows', () => {
    const memtable = fresh();
    put(memtable, [], { staticRow: row(none, [liveCell(9, text('s1'), 10n)]) });
    put(memtable, [row(bytes(1), [liveCell(1, text('r'), 10n)])]);
    const later = row(none, [liveCell(8, text('t'), 5n), liveCell(9, text('s2'), 11n)]);
    put(memtable, [], { staticRow: later });
    const read = memtable.readPartition(5n, key)!;
    const staticValues = read.staticRow?.cells.map((c) => new TextDecoder().decode(c.value!));
    expect(staticValues).toEqual(['t', 's2']);
    expect(read.rows.length).toBe(1);
    expect(memtable.rowCount()).toBe(1);
  });

  it('keeps a row deletion and lets it shadow older cells of the row on read', () => {
    const memtable = fresh();
    put(memtable, [row(bytes(1), [liveCell(1, text('a'), 10n), liveCell(2, text('b'), 30n)])]);
    put(memtable, [row(bytes(1), [], { deletion: deletedAt(20n) })]);
    const read = memtable.readPartition(5n, key)!;
    expect(read.rows[0]!.deletion?.markedForDeleteAt).toBe(20n);
    expect(filterLive(read, NOW).rows[0]!.cells.map((c) => c.column)).toEqual([2]);
  });

  it('keeps an expiring cell that wins a timestamp tie', () => {
    const memtable = fresh();
    put(memtable, [row(bytes(1), [liveCell(1, text('z'), 10n)])]);
    put(memtable, [row(bytes(1), [expiringCell(1, text('a'), 10n, 60, NOW)])]);
    expect(memtable.readPartition(5n, key)!.rows[0]!.cells[0]!.ttl).toBe(60);
  });

  it('holds an empty partition write as an existing, empty partition', () => {
    const memtable = fresh();
    put(memtable, []);
    const read = memtable.readPartition(5n, key);
    expect(read).toMatchObject({ rows: [], deletion: null, staticRow: null });
    expect(memtable.partitionCount()).toBe(1);
    expect(memtable.rowCount()).toBe(0);
  });

  it('tracks the smallest and largest timestamp, deletions included', () => {
    const memtable = fresh();
    expect(memtable.minTimestamp()).toBe(2n ** 63n - 1n);
    expect(memtable.maxTimestamp()).toBe(-(2n ** 63n));
    put(memtable, [row(bytes(1), [liveCell(1, text('a'), 50n)], { liveness: livenessInfo(40n) })]);
    memtable.apply(partition(6n, key, [], { deletion: deletedAt(-7n) }));
    memtable.apply(partition(7n, key, [row(bytes(1), [cellTombstone(2, 2n ** 40n, NOW)])]));
    expect(memtable.minTimestamp()).toBe(-7n);
    expect(memtable.maxTimestamp()).toBe(2n ** 40n);
  });

  it('refuses an update whole, changing nothing, when the pool cannot hold it', () => {
    const memtable = fresh(2);
    const value = new Uint8Array(1000);
    let written = 0;
    let refused: unknown = null;
    for (let i = 0; i < 50 && refused === null; i++) {
      try {
        const cells = [liveCell(1, value, 1n)];
        const rows = [row(bytes(1), cells), row(bytes(2), cells)];
        memtable.apply(partition(BigInt(i), key, rows));
        written++;
      } catch (error) {
        refused = error;
      }
    }
    expect(refused).toBeInstanceOf(OverloadedError);
    expect(written).toBeGreaterThan(0);
    expect(memtable.partitionCount()).toBe(written);
    expect(memtable.rowCount()).toBe(2 * written);
    const tokens = [...memtable.partitions()].map((p) => p.token);
    expect(tokens).toEqual([...Array(written).keys()].map(BigInt));
  });

  it('stores a row larger than a slab in a dedicated buffer and reads it back', () => {
    const pool = new SlabPool(4096, 16);
    const memtable = new Memtable(7, pool);
    const big = new Uint8Array(10_000).map((_, i) => i % 251);
    memtable.apply(partition(1n, key, [row(bytes(1), [liveCell(1, text('small'), 1n)])]));
    memtable.apply(partition(2n, key, [row(bytes(1), [liveCell(1, big, 1n)])]));
    memtable.apply(partition(3n, key, [row(bytes(1), [liveCell(1, text('after'), 1n)])]));
    const read = [...memtable.partitions()];
    expect(read.map((p) => p.rows[0]!.cells[0]!.value!.length)).toEqual([5, 10_000, 5]);
    expect(read[1]!.rows[0]!.cells[0]!.value).toEqual(big);
    memtable.freeze();
    memtable.release();
    expect(pool.stats().slabsInUse).toBe(0);
  });
});
