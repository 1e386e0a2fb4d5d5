/** Compaction may drop a tombstone only after gc_grace and only when nothing outside can be shadowed. */
import { describe, expect, it } from 'vitest';
import { cellTombstone, expiringCell, liveCell, purgePartition, type PartitionUpdate } from '../../../../src/storage/model/index.js';

const b = (...v: number[]) => Uint8Array.from(v);

function partition(extra: Partial<PartitionUpdate>): PartitionUpdate {
  return { tableId: 1, token: 1n, key: b(9), deletion: null, rangeTombstones: [], staticRow: null, rows: [], ...extra };
}

describe('purgePartition', () => {
  const now = 100_000;
  const context = { nowSeconds: now, gcBefore: now - 864_000 + 1_000_000, maxPurgeableTimestamp: 2n ** 62n };

  it('keeps a tombstone younger than gc_grace', () => {
    const p = partition({ rows: [{ clustering: b(1), liveness: null, deletion: null, cells: [cellTombstone(1, 10n, now)] }] });
    const kept = purgePartition(p, { ...context, gcBefore: now - 10 });
    expect(kept?.rows[0]?.cells).toHaveLength(1);
  });

  it('drops an old tombstone when nothing outside the compaction is older', () => {
    const p = partition({ rows: [{ clustering: b(1), liveness: null, deletion: null, cells: [cellTombstone(1, 10n, 50)] }] });
    expect(purgePartition(p, context)).toBeNull();
  });

  it('keeps an old tombstone when an sstable outside the compaction may hold older data', () => {
    const p = partition({ deletion: { markedForDeleteAt: 10n, localDeletionTime: 50 } });
    expect(purgePartition(p, { ...context, maxPurgeableTimestamp: 5n })?.deletion).not.toBeNull();
  });

  it('drops data shadowed by a tombstone it keeps, and turns expired cells into tombstones', () => {
    const p = partition({
      deletion: { markedForDeleteAt: 10n, localDeletionTime: now - 5 },
      rows: [{ clustering: b(1), liveness: null, deletion: null, cells: [liveCell(1, b(1), 9n), expiringCell(2, b(2), 11n, 10, now - 20)] }],
    });
    const kept = purgePartition(p, { ...context, gcBefore: now - 100 })!;
    expect(kept.deletion).not.toBeNull();
    expect(kept.rows[0]!.cells).toHaveLength(1);
    expect(kept.rows[0]!.cells[0]!.value).toBeNull();
    expect(kept.rows[0]!.cells[0]!.localDeletionTime).toBe(now - 20);
  });
});
