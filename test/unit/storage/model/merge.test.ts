/**
 * Reconciliation must match Cassandra's rules exactly, and must not depend on the order in
 * which versions arrive (replicas see writes in different orders and must converge).
 */
import { describe, expect, it } from 'vitest';
import {
  cellTombstone,
  expiringCell,
  liveCell,
  mergeAllPartitions,
  reconcileCells,
  filterLive,
  type PartitionUpdate,
  type Row,
} from '../../../../src/storage/model/index.js';
import { SeededRandom } from '../../../../src/lib/random.js';

const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (s: string) => new TextEncoder().encode(s);

function partition(rows: Row[], extra: Partial<PartitionUpdate> = {}): PartitionUpdate {
  return { tableId: 1, token: 42n, key: text('k'), deletion: null, rangeTombstones: [], staticRow: null, rows, ...extra };
}

function row(clustering: Uint8Array, cells: Row['cells'], extra: Partial<Row> = {}): Row {
  return { clustering, liveness: null, deletion: null, cells, ...extra };
}

describe('reconcileCells', () => {
  it('keeps the cell with the higher timestamp', () => {
    const older = liveCell(1, text('old'), 10n);
    const newer = liveCell(1, text('new'), 11n);
    expect(reconcileCells(older, newer)).toBe(newer);
    expect(reconcileCells(newer, older)).toBe(newer);
  });

  it('lets a tombstone beat a live cell of the same timestamp', () => {
    const live = liveCell(1, text('v'), 10n);
    const dead = cellTombstone(1, 10n, 1000);
    expect(reconcileCells(live, dead)).toBe(dead);
    expect(reconcileCells(dead, live)).toBe(dead);
  });

  it('prefers an expiring cell to a plain one on a timestamp tie, then the later expiry', () => {
    const plain = liveCell(1, text('z'), 10n);
    const soon = expiringCell(1, text('a'), 10n, 10, 1000);
    const later = expiringCell(1, text('a'), 10n, 20, 1000);
    expect(reconcileCells(plain, soon)).toBe(soon);
    expect(reconcileCells(soon, later)).toBe(later);
  });

  it('breaks a full tie on the greater value, whatever the order', () => {
    const a = liveCell(1, text('a'), 10n);
    const b = liveCell(1, text('b'), 10n);
    expect(reconcileCells(a, b)).toBe(b);
    expect(reconcileCells(b, a)).toBe(b);
  });
});

describe('mergeAllPartitions', () => {
  it('merges rows by clustering and cells by column', () => {
    const one = partition([row(bytes(1), [liveCell(1, text('x'), 5n)]), row(bytes(3), [liveCell(1, text('y'), 5n)])]);
    const two = partition([row(bytes(1), [liveCell(2, text('w'), 6n)]), row(bytes(2), [liveCell(1, text('z'), 6n)])]);
    const merged = mergeAllPartitions([one, two]);
    expect(merged.rows.map((r) => r.clustering[0])).toEqual([1, 2, 3]);
    expect(merged.rows[0]!.cells.map((c) => c.column)).toEqual([1, 2]);
  });

  it('converges whatever the order of versions (seeded shuffle)', () => {
    const random = new SeededRandom(7);
    const versions: PartitionUpdate[] = [];
    for (let i = 0; i < 30; i++) {
      const clustering = bytes(random.int(5));
      const ts = BigInt(random.int(8));
      const cell = random.int(4) === 0 ? cellTombstone(random.int(3), ts, 100) : liveCell(random.int(3), bytes(random.int(9)), ts);
      versions.push(partition([row(clustering, [cell])]));
    }
    const expected = JSON.stringify(mergeAllPartitions(versions), (_, v) => (typeof v === 'bigint' ? v.toString() : v));
    for (let round = 0; round < 10; round++) {
      const shuffled = [...versions].sort(() => random.next() - 0.5);
      const merged = JSON.stringify(mergeAllPartitions(shuffled), (_, v) => (typeof v === 'bigint' ? v.toString() : v));
      expect(merged).toBe(expected);
    }
  });
});

describe('filterLive', () => {
  const now = 1_000;

  it('hides data shadowed by a partition tombstone but keeps newer writes', () => {
    const p = partition([row(bytes(1), [liveCell(1, text('old'), 5n)]), row(bytes(2), [liveCell(1, text('new'), 9n)])], {
      deletion: { markedForDeleteAt: 7n, localDeletionTime: 900 },
    });
    const live = filterLive(p, now);
    expect(live.rows.map((r) => r.clustering[0])).toEqual([2]);
  });

  it('applies range tombstones by clustering bounds', () => {
    const rows = [1, 2, 3, 4].map((c) => row(bytes(c), [liveCell(1, text('v'), 5n)]));
    const p = partition(rows, {
      rangeTombstones: [
        { start: { prefix: bytes(2), inclusive: true }, end: { prefix: bytes(3), inclusive: false }, deletion: { markedForDeleteAt: 6n, localDeletionTime: 900 } },
      ],
    });
    expect(filterLive(p, now).rows.map((r) => r.clustering[0])).toEqual([1, 3, 4]);
  });

  it('covers every clustering that extends an inclusive prefix bound', () => {
    const rows = [bytes(1, 1), bytes(2, 0), bytes(2, 9), bytes(3, 0)].map((c) => row(c, [liveCell(1, text('v'), 5n)]));
    const p = partition(rows, {
      rangeTombstones: [
        { start: { prefix: bytes(2), inclusive: true }, end: { prefix: bytes(2), inclusive: true }, deletion: { markedForDeleteAt: 6n, localDeletionTime: 900 } },
      ],
    });
    expect(filterLive(p, now).rows.map((r) => Array.from(r.clustering))).toEqual([[1, 1], [3, 0]]);
  });

  it('drops expired cells and rows left without live data, keeps a row alive by its liveness', () => {
    const expired = expiringCell(1, text('gone'), 5n, 10, 980);
    const p = partition([
      row(bytes(1), [expired]),
      row(bytes(2), [expired], { liveness: { timestamp: 5n, ttl: 0, localExpirationTime: 0x7fffffff } }),
    ]);
    const live = filterLive(p, now);
    expect(live.rows.map((r) => r.clustering[0])).toEqual([2]);
    expect(live.rows[0]!.cells).toEqual([]);
  });

  it('lets a row tombstone shadow older cells and liveness of that row only', () => {
    const p = partition([
      row(bytes(1), [liveCell(1, text('a'), 5n), liveCell(2, text('b'), 8n)], {
        deletion: { markedForDeleteAt: 6n, localDeletionTime: 900 },
        liveness: { timestamp: 5n, ttl: 0, localExpirationTime: 0x7fffffff },
      }),
    ]);
    const live = filterLive(p, now);
    expect(live.rows[0]!.liveness).toBeNull();
    expect(live.rows[0]!.cells.map((c) => c.column)).toEqual([2]);
  });
});
