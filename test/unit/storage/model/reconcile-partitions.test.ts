/**
 * A coordinator reconciles replicas' answers in whatever order they arrive, and read repair
 * sends each stale replica the difference: the result must not depend on the order, merging an
 * answer twice must change nothing, and a repaired replica must end up with the reconciled
 * partition. Checked on random versions of one partition drawn from small domains, so that
 * ties and shadowing happen often (random-partitions.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellTombstone, liveCell } from '../../../../src/storage/model/cell.js';
import { mergePartitions } from '../../../../src/storage/model/merge.js';
import { partitionDiff } from '../../../../src/storage/model/partition-diff.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import { filterLive } from '../../../../src/storage/model/read-filter.js';
import { reconcileAllPartitions, reconcilePartitions } from '../../../../src/storage/model/reconcile-partitions.js';
import type { Row } from '../../../../src/storage/model/row.js';
import { encoded, KEY, partitionVersion, TOKEN } from './random-partitions.js';

const version = fc.option(partitionVersion, { freq: 6 });
const runs = { numRuns: 1000 };

const text = (s: string) => new TextEncoder().encode(s);
const row = (c: number, cells: Row['cells'], extra: Partial<Row> = {}): Row => ({
  clustering: Uint8Array.of(c),
  liveness: null,
  deletion: null,
  cells,
  ...extra,
});
const partition = (rows: Row[], extra: Partial<PartitionUpdate> = {}): PartitionUpdate => ({
  tableId: 1,
  token: TOKEN,
  key: KEY,
  deletion: null,
  rangeTombstones: [],
  staticRow: null,
  rows,
  ...extra,
});

describe('reconcilePartitions', () => {
  it('is commutative', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(encoded(reconcilePartitions(a, b))).toBe(encoded(reconcilePartitions(b, a)));
      }),
      runs,
    );
  });

  it('is associative', () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        const left = reconcilePartitions(reconcilePartitions(a, b), c);
        const right = reconcilePartitions(a, reconcilePartitions(b, c));
        expect(encoded(left)).toBe(encoded(right));
      }),
      runs,
    );
  });

  it('is idempotent: merging a version again, or a result with itself, changes nothing', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        const merged = reconcilePartitions(a, b);
        expect(encoded(reconcilePartitions(merged, merged))).toBe(encoded(merged));
        expect(encoded(reconcilePartitions(merged, a))).toBe(encoded(merged));
        expect(encoded(reconcilePartitions(a, a))).toBe(encoded(reconcilePartitions(a, null)));
      }),
      runs,
    );
  });

  it('shows readers what the plain merge shows them: only shadowed data goes', () => {
    const liveView = (p: PartitionUpdate | null, now: number): string => {
      if (p === null) return 'null';
      const live = filterLive(p, now);
      if (live.staticRow === null && live.rows.length === 0) return 'null';
      return encoded({ ...p, deletion: null, rangeTombstones: [], staticRow: live.staticRow, rows: live.rows });
    };
    fc.assert(
      fc.property(partitionVersion, partitionVersion, fc.constantFrom(50, 103, 108, 500), (a, b, now) => {
        expect(liveView(reconcilePartitions(a, b), now)).toBe(liveView(mergePartitions(a, b), now));
      }),
      runs,
    );
  });

  it('keeps the newer cell, and the tombstone on a timestamp tie, dropping what a deletion shadows', () => {
    const replicaA = partition([row(1, [liveCell(0, text('old'), 5n), liveCell(1, text('x'), 7n)])]);
    const replicaB = partition([row(1, [cellTombstone(1, 7n, 100)]), row(2, [liveCell(0, text('gone'), 3n)])], {
      deletion: { markedForDeleteAt: 4n, localDeletionTime: 100 },
    });
    const merged = reconcilePartitions(replicaA, replicaB)!;
    expect(merged.deletion).toEqual({ markedForDeleteAt: 4n, localDeletionTime: 100 });
    expect(merged.rows).toHaveLength(1); // row 2 was written before the partition deletion
    expect(merged.rows[0]!.cells.map((c) => [c.column, c.value === null ? null : new TextDecoder().decode(c.value)])).toEqual([
      [0, 'old'],
      [1, null],
    ]);
  });

  it('reconciles answers whose node-local table ids differ, keeping the first', () => {
    const merged = reconcilePartitions(partition([row(1, [liveCell(0, text('a'), 1n)])]), partition([row(2, [liveCell(0, text('b'), 1n)])], { tableId: 9 }));
    expect(merged!.tableId).toBe(1);
    expect(merged!.rows).toHaveLength(2);
  });

  it('refuses versions of different partitions', () => {
    expect(() => reconcilePartitions(partition([]), partition([], { key: text('other') }))).toThrow(/different partitions/);
  });

  it('reconcileAllPartitions gives the same result in any order of the answers', () => {
    fc.assert(
      fc.property(fc.array(version, { minLength: 1, maxLength: 5 }), fc.infiniteStream(fc.nat()), (versions, draws) => {
        const shuffled = versions.map((v) => ({ v, rank: draws.next().value })).sort((x, y) => x.rank - y.rank).map((x) => x.v);
        expect(encoded(reconcileAllPartitions(shuffled))).toBe(encoded(reconcileAllPartitions(versions)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('partitionDiff', () => {
  it('brings a replica up to the reconciled partition', () => {
    fc.assert(
      fc.property(version, fc.array(version, { maxLength: 3 }), (replica, others) => {
        const merged = reconcileAllPartitions([replica, ...others]);
        const diff = partitionDiff(merged, replica);
        expect(encoded(reconcilePartitions(replica, diff))).toBe(encoded(merged));
      }),
      runs,
    );
  });

  it('is null when the replica already holds the reconciled partition, and only then', () => {
    fc.assert(
      fc.property(version, version, (replica, other) => {
        const merged = reconcilePartitions(replica, other);
        const diff = partitionDiff(merged, replica);
        const upToDate = encoded(reconcilePartitions(replica, null)) === encoded(merged);
        expect(diff === null).toBe(upToDate);
        expect(partitionDiff(merged, merged)).toBeNull();
      }),
      runs,
    );
  });

  it('sends only what differs: one newer cell of a wide row', () => {
    const cells = [0, 1, 2, 3].map((c) => liveCell(c, text('v'), 1n));
    const stale = partition([row(1, cells), row(2, cells)]);
    const fresh = partition([row(2, [liveCell(2, text('new'), 2n)])]);
    const merged = reconcilePartitions(stale, fresh);
    const diff = partitionDiff(merged, stale)!;
    expect(diff.rows).toHaveLength(1);
    expect(diff.rows[0]!.cells).toEqual([liveCell(2, text('new'), 2n)]);
    expect(partitionDiff(merged, fresh)!.rows.map((r) => r.cells.length)).toEqual([4, 3]);
  });
});
