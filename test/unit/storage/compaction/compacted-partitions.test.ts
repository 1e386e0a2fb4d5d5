import { describe, expect, it } from 'vitest';
import { compactedPartitions } from '../../../../src/storage/compaction/compacted-partitions.js';
import { PurgeFloor } from '../../../../src/storage/compaction/purge-floor.js';
import type { PurgeOverlapSource } from '../../../../src/storage/compaction/purge-floor.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import { dead, expiring, live, partition, row, text } from './partition-fixtures.js';

const GC_GRACE = 10 * 86_400;
const NOW = 1_700_000_000;
const LONG_AGO = NOW - GC_GRACE - 1000;
const RECENT = NOW - 60;

function compact(inputs: PartitionUpdate[][], overlaps: PurgeOverlapSource[] = []): PartitionUpdate[] {
  return [...compactedPartitions(inputs.map((list) => list[Symbol.iterator]()), new PurgeFloor(overlaps), { nowSeconds: NOW, gcGraceSeconds: GC_GRACE })];
}

describe('compaction purge rules', () => {
  it('drops a tombstone past gc_grace together with the data it shadows, when nothing outside overlaps', () => {
    const older = [partition(1n, 'k', [row('r', [live(1, 'v', 100n)])])];
    const newer = [partition(1n, 'k', [row('r', [dead(1, 200n, LONG_AGO)])])];
    expect(compact([older, newer])).toEqual([]);
  });

  it('keeps a tombstone younger than gc_grace', () => {
    const out = compact([[partition(1n, 'k', [row('r', [dead(1, 200n, RECENT)])])]]);
    expect(out).toHaveLength(1);
    expect(out[0]!.rows[0]!.cells[0]!.value).toBeNull();
  });

  it('keeps an old tombstone when an SSTable outside the compaction may hold older data for the key', () => {
    const input = [[partition(50n, 'k', [row('r', [dead(1, 200n, LONG_AGO)])], { markedForDeleteAt: 150n, localDeletionTime: LONG_AGO })]];
    const outside: PurgeOverlapSource = { minTimestamp: 100n, minToken: 0n, maxToken: 100n, mayContain: null };
    const kept = compact(input, [outside]);
    expect(kept).toHaveLength(1);
    expect(kept[0]!.deletion?.markedForDeleteAt).toBe(150n);
    expect(kept[0]!.rows[0]!.cells[0]!.timestamp).toBe(200n);
    // The outside data is newer than the tombstones: it cannot be shadowed, they may go.
    expect(compact(input, [{ ...outside, minTimestamp: 300n }])).toEqual([]);
    // Outside the token range, or ruled out by the bloom filter: the tombstones go.
    expect(compact(input, [{ ...outside, minToken: 60n }])).toEqual([]);
    expect(compact(input, [{ ...outside, mayContain: (_token, key) => text(key) !== 'k' }])).toEqual([]);
  });

  it('turns expired TTL cells into tombstones and drops them once past gc_grace', () => {
    const freshExpiry = [partition(1n, 'k', [row('r', [expiring(1, 'gone', 100n, 30, NOW - 100), live(2, 'stay', 100n)])])];
    const [out] = compact([freshExpiry]);
    const [expired, kept] = out!.rows[0]!.cells;
    expect(expired).toMatchObject({ value: null, ttl: 0, localDeletionTime: NOW - 100 });
    expect(text(kept!.value)).toBe('stay');

    const longExpired = [partition(1n, 'k', [row('r', [expiring(1, 'gone', 100n, 30, LONG_AGO)])])];
    expect(compact([longExpired])).toEqual([]);
  });

  it('keeps a live cell newer than a partition tombstone and drops the older ones', () => {
    const deletion = { markedForDeleteAt: 150n, localDeletionTime: RECENT };
    const input = [
      [partition(1n, 'k', [row('a', [live(1, 'old', 100n)]), row('b', [live(1, 'new', 160n)])])],
      [partition(1n, 'k', [], deletion)],
    ];
    const [out] = compact(input);
    expect(out!.deletion).toEqual(deletion);
    expect(out!.rows.map((r) => text(r.clustering))).toEqual(['b']);
  });
});
