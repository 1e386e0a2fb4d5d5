/**
 * The canonical form is what replicas compare by digest: data a tombstone of the same
 * partition shadows is gone, tombstones stay, range tombstones come one per bounds in order.
 */
import { describe, expect, it } from 'vitest';
import { canonicalPartition, isEmptyPartition } from '../../../../src/storage/model/canonical-partition.js';
import { cellTombstone, expiringCell, liveCell } from '../../../../src/storage/model/cell.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import type { RangeTombstone } from '../../../../src/storage/model/range-tombstone.js';
import type { Row } from '../../../../src/storage/model/row.js';

const text = (s: string) => new TextEncoder().encode(s);
const at = (markedForDeleteAt: bigint, localDeletionTime = 100) => ({ markedForDeleteAt, localDeletionTime });
const row = (c: number, cells: Row['cells'], extra: Partial<Row> = {}): Row => ({ clustering: Uint8Array.of(c), liveness: null, deletion: null, cells, ...extra });
const partition = (rows: Row[], extra: Partial<PartitionUpdate> = {}): PartitionUpdate => ({
  tableId: 1,
  token: 7n,
  key: text('k'),
  deletion: null,
  rangeTombstones: [],
  staticRow: null,
  rows,
  ...extra,
});
const range = (from: number, to: number, deletion: RangeTombstone['deletion']): RangeTombstone => ({
  start: { prefix: Uint8Array.of(from), inclusive: true },
  end: { prefix: Uint8Array.of(to), inclusive: true },
  deletion,
});

describe('canonicalPartition', () => {
  it('returns a partition with nothing shadowed as the same object', () => {
    const p = partition([row(1, [liveCell(0, text('a'), 5n), cellTombstone(1, 6n, 100)], { deletion: at(2n) })], { deletion: at(1n) });
    expect(canonicalPartition(p)).toBe(p);
  });

  it('drops what the partition deletion shadows, keeping the deletion and newer data', () => {
    const p = partition(
      [
        row(1, [liveCell(0, text('old'), 3n), liveCell(1, text('new'), 9n)], { liveness: { timestamp: 3n, ttl: 0, localExpirationTime: 0x7fffffff } }),
        row(2, [cellTombstone(0, 4n, 100)], { deletion: at(4n) }),
      ],
      { deletion: at(5n), rangeTombstones: [range(1, 2, at(4n))], staticRow: { clustering: new Uint8Array(0), liveness: null, deletion: null, cells: [liveCell(0, text('s'), 5n)] } },
    );
    const canonical = canonicalPartition(p);
    expect(canonical.deletion).toEqual(at(5n));
    expect(canonical.rangeTombstones).toEqual([]);
    expect(canonical.staticRow).toBeNull();
    expect(canonical.rows).toEqual([row(1, [liveCell(1, text('new'), 9n)])]);
  });

  it('lets a range tombstone and a row deletion shadow what they cover, and keeps expired cells as they are', () => {
    const expired = expiringCell(2, text('e'), 8n, 10, 50);
    const p = partition([row(1, [liveCell(0, text('a'), 3n), expired]), row(3, [liveCell(0, text('b'), 3n)]), row(4, [liveCell(0, text('c'), 6n)], { deletion: at(7n) })], {
      rangeTombstones: [range(1, 2, at(4n))],
    });
    const canonical = canonicalPartition(p);
    expect(canonical.rows).toEqual([row(1, [expired]), row(3, [liveCell(0, text('b'), 3n)]), row(4, [], { deletion: at(7n) })]);
  });

  it('drops collection elements written before the collection was deleted', () => {
    const path = (n: number) => Uint8Array.of(n);
    const deletion = cellTombstone(3, 5n, 100, new Uint8Array(0));
    const p = partition([row(1, [deletion, liveCell(3, text('old'), 4n, path(1)), liveCell(3, text('new'), 6n, path(2))])]);
    expect(canonicalPartition(p).rows[0]!.cells).toEqual([deletion, liveCell(3, text('new'), 6n, path(2))]);
  });

  it('keeps one range tombstone per bounds, the newest, in bounds order', () => {
    const p = partition([], { rangeTombstones: [range(3, 4, at(1n)), range(1, 2, at(2n)), range(3, 4, at(3n))] });
    expect(canonicalPartition(p).rangeTombstones).toEqual([range(1, 2, at(2n)), range(3, 4, at(3n))]);
  });

  it('drops rows left with nothing, which may leave the partition empty', () => {
    const canonical = canonicalPartition(partition([row(1, [])]));
    expect(canonical.rows).toEqual([]);
    expect(isEmptyPartition(canonical)).toBe(true);
  });
});
