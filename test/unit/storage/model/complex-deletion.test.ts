import { describe, expect, it } from 'vitest';
import { cellTombstone, liveCell, type Cell } from '../../../../src/storage/model/cell.js';
import { purgePartition } from '../../../../src/storage/model/purge.js';
import { filterRow } from '../../../../src/storage/model/read-filter.js';
import { LIVE } from '../../../../src/storage/model/deletion-time.js';
import type { Row } from '../../../../src/storage/model/row.js';

const COLUMN = new Uint8Array(0);
const path = (n: number): Uint8Array => Uint8Array.of(n);
const value = Uint8Array.of(1);
const now = 1_000_000;

function row(cells: Cell[]): Row {
  return { clustering: new Uint8Array(0), liveness: null, deletion: null, cells };
}

describe('a column (complex) deletion: a tombstone on a collection column\'s empty path', () => {
  const cells = [
    liveCell(1, value, 5n),
    cellTombstone(2, 10n, now, COLUMN),
    liveCell(2, value, 9n, path(1)),
    liveCell(2, value, 10n, path(2)),
    liveCell(2, value, 11n, path(3)),
    liveCell(3, value, 1n, path(1)),
  ];

  it('hides the elements written at or before it and keeps later ones, in that column only', () => {
    const live = filterRow(row(cells), LIVE, now)!;
    expect(live.cells.map((c) => [c.column, c.path?.[0] ?? null])).toEqual([
      [1, null],
      [2, 3],
      [3, 1],
    ]);
  });

  it('lets compaction drop the shadowed elements, keeping the deletion until gc_grace passes', () => {
    const partition = { tableId: 1, token: 0n, key: Uint8Array.of(1), deletion: null, rangeTombstones: [], staticRow: null, rows: [row(cells)] };
    const kept = purgePartition(partition, { nowSeconds: now, gcBefore: now - 10, maxPurgeableTimestamp: 1_000n })!;
    expect(kept.rows[0]!.cells.map((c) => [c.column, c.path?.length === 0 ? 'column' : (c.path?.[0] ?? null)])).toEqual([
      [1, null],
      [2, 'column'],
      [2, 3],
      [3, 1],
    ]);
    const later = purgePartition(partition, { nowSeconds: now + 100, gcBefore: now + 1, maxPurgeableTimestamp: 1_000n })!;
    expect(later.rows[0]!.cells.map((c) => [c.column, c.path?.[0] ?? null])).toEqual([
      [1, null],
      [2, 3],
      [3, 1],
    ]);
  });
});
