/**
 * Counter cells reconcile by Cassandra's counter rules (Cells.reconcile, Conflicts.resolveCounter):
 * two live counters merge their shards at the larger timestamp, a counter tombstone beats any
 * live counter whatever the timestamps, two tombstones keep the newer. The counter flag survives
 * the record layout, and reads and compaction purges treat counters as cells that never expire.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../../src/lib/bytes/byte-writer.js';
import {
  CELL_COUNTER,
  EMPTY_COUNTER_CONTEXT,
  NO_DELETION_TIME,
  cellTombstone,
  counterCell,
  counterContextTotal,
  counterTombstone,
  decodePartition,
  encodeCounterContext,
  filterLive,
  isCounterCell,
  liveCell,
  mergeAllPartitions,
  purgePartition,
  reconcileCells,
  withLocalShard,
  writePartition,
  type Cell,
  type PartitionUpdate,
} from '../../../../src/storage/model/index.js';
import { EncodedPartitionScanner } from '../../../../src/storage/memtable/encoded-partition-scanner.js';
import { EncodedPartitionSummary } from '../../../../src/storage/sstable/encoded-partition-summary.js';
import { dumpPartition } from '../../../../src/storage/sstable/sstable-dump.js';

const NOW = 1_700_000_000;
const id = (n: number): Uint8Array => Uint8Array.from({ length: 16 }, (_, i) => (i === 15 ? n : 0));
const shards = (...list: [node: number, clock: bigint, value: bigint][]) =>
  encodeCounterContext(list.map(([node, clock, value]) => ({ counterId: id(node), clock, value })));
const counter = (timestamp: bigint, ...list: [number, bigint, bigint][]) => counterCell(1, shards(...list), timestamp);
const total = (cell: Cell) => (cell.value === null ? null : counterContextTotal(cell.value));
const partition = (cells: Cell[], extra: Partial<PartitionUpdate> = {}): PartitionUpdate => ({
  tableId: 1,
  token: 7n,
  key: Uint8Array.of(1),
  deletion: null,
  rangeTombstones: [],
  staticRow: null,
  rows: [{ clustering: Uint8Array.of(1), liveness: null, deletion: null, cells }],
  ...extra,
});
const encode = (update: PartitionUpdate): Uint8Array => {
  const writer = new ByteWriter(64);
  writePartition(writer, update);
  return writer.toBytes();
};

describe('counter cells', () => {
  it('are live cells carrying the counter flag, never expiring; ordinary cells have no such field', () => {
    const cell = counter(10n, [1, 1n, 5n]);
    expect(cell).toMatchObject({ ttl: 0, localDeletionTime: NO_DELETION_TIME, counter: true });
    expect(isCounterCell(cell)).toBe(true);
    expect(isCounterCell(counterTombstone(1, 10n, NOW))).toBe(true);
    expect('counter' in liveCell(1, Uint8Array.of(1), 10n)).toBe(false);
    expect(isCounterCell(liveCell(1, Uint8Array.of(1), 10n))).toBe(false);
  });
});

describe('reconcileCells on counters', () => {
  it('merges two live counters shard by shard at the larger timestamp', () => {
    const a = counter(10n, [1, 2n, 20n], [2, 1n, 5n]);
    const b = counter(30n, [1, 1n, 10n], [3, 1n, 7n]);
    for (const merged of [reconcileCells(a, b), reconcileCells(b, a)]) {
      expect(merged.timestamp).toBe(30n);
      expect(merged.counter).toBe(true);
      expect(total(merged)).toBe(32n);
    }
  });

  it('counts the same shard once however often it arrives (a replayed write)', () => {
    const stored = counter(10n, [1, 3n, 30n]);
    const replay = counter(10n, [1, 3n, 30n]);
    expect(reconcileCells(stored, replay)).toBe(stored);
    expect(total(reconcileCells(reconcileCells(stored, replay), replay))).toBe(30n);
  });

  it('returns an input unchanged when it already holds the merge', () => {
    const whole = counter(20n, [1, 3n, 30n], [2, 1n, 1n]);
    const older = counter(10n, [1, 2n, 20n]);
    expect(reconcileCells(whole, older)).toBe(whole);
    expect(reconcileCells(older, whole)).toBe(whole);
  });

  it('lets a counter tombstone beat a live counter whatever the timestamps, and the newer of two tombstones win', () => {
    const deleted = counterTombstone(1, 5n, NOW);
    const later = counter(50n, [1, 9n, 90n]);
    expect(reconcileCells(deleted, later)).toBe(deleted);
    expect(reconcileCells(later, deleted)).toBe(deleted);
    // A tombstone written without the counter flag deletes a counter all the same.
    const plainTombstone = cellTombstone(1, 5n, NOW);
    expect(reconcileCells(later, plainTombstone)).toBe(plainTombstone);
    const newer = counterTombstone(1, 6n, NOW - 10);
    expect(reconcileCells(deleted, newer)).toBe(newer);
    expect(reconcileCells(newer, deleted)).toBe(newer);
  });

  it('leaves regular cells to the timestamp rules', () => {
    const older = liveCell(1, Uint8Array.of(9), 10n);
    const newer = liveCell(1, Uint8Array.of(1), 11n);
    expect(reconcileCells(older, newer)).toBe(newer);
  });

  it('is commutative and associative on counter cells and tombstones, and idempotent', () => {
    const arbitraryCell = fc.oneof(
      fc
        .tuple(
          fc.bigInt({ min: 0n, max: 5n }),
          fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.bigInt({ min: 0n, max: 3n }), fc.bigInt({ min: -9n, max: 9n })), { maxLength: 4 }),
        )
        .map(([timestamp, list]) => {
          let context = EMPTY_COUNTER_CONTEXT;
          for (const [node, clock, value] of list) context = withLocalShard(context, id(node), clock, value);
          return counterCell(1, context, timestamp);
        }),
      fc.tuple(fc.bigInt({ min: 0n, max: 5n }), fc.integer({ min: 0, max: 3 })).map(([t, d]) => counterTombstone(1, t, NOW + d)),
    );
    fc.assert(
      fc.property(arbitraryCell, arbitraryCell, arbitraryCell, (a, b, c) => {
        expect(reconcileCells(a, b)).toEqual(reconcileCells(b, a));
        expect(reconcileCells(reconcileCells(a, b), c)).toEqual(reconcileCells(a, reconcileCells(b, c)));
        expect(reconcileCells(a, a)).toEqual(a);
      }),
      { numRuns: 500 },
    );
  });
});

describe('counter cells in partitions', () => {
  it('round-trip through the record layout with the counter bit, and plain cells without it', () => {
    const update = partition([counter(10n, [1, 1n, 5n]), liveCell(2, Uint8Array.of(7), 10n), counterTombstone(3, 11n, NOW)]);
    const bytes = encode(update);
    const decoded = decodePartition(bytes);
    expect(decoded).toEqual(update);
    expect('counter' in decoded.rows[0]!.cells[1]!).toBe(false);
    // Partition header (4 + 8 + 2 + 1 key + 1 flags + 4 rowCount), row head (1 + 2 + 1 + 2
    // cellCount), then the first cell: u16 column, u8 flags.
    const firstCellFlags = bytes[20 + 6 + 2]!;
    expect(firstCellFlags).toBe(CELL_COUNTER);
    expect(CELL_COUNTER).toBe(8);
  });

  it('are marked in sstabledump output', () => {
    const dumped = dumpPartition(partition([counter(10n, [1, 1n, 5n]), liveCell(2, Uint8Array.of(7), 10n)])) as {
      rows: { cells: Record<string, unknown>[] }[];
    };
    expect(dumped.rows[0]!.cells[0]!.counter).toBe(true);
    expect(dumped.rows[0]!.cells[1]!.counter).toBeUndefined();
  });

  it('are walked by the memtable scanner and the SSTable summary like other cells', () => {
    const update = partition([counter(10n, [1, 1n, 5n], [2, 2n, 6n]), counterTombstone(3, 11n, NOW)]);
    const bytes = encode(update);
    const scanner = new EncodedPartitionScanner();
    scanner.scan(bytes, 0, bytes.length);
    expect(scanner.rowCount).toBe(1);
    const summary = new EncodedPartitionSummary();
    summary.summarize(bytes, 0, bytes.length);
    expect(summary.tombstoneCount).toBe(1);
    expect(summary.isPlain()).toBe(false);
    const live = encode(partition([counter(10n, [1, 1n, 5n])]));
    summary.summarize(live, 0, live.length);
    expect(summary.isPlain()).toBe(true);
  });

  it('merge across versions in any order to one total', () => {
    const versions = [
      partition([counter(10n, [1, 1n, 5n])]),
      partition([counter(20n, [1, 2n, 8n], [2, 1n, 100n])]),
      partition([counter(15n, [3, 4n, -1n], [1, 1n, 5n])]),
    ];
    for (const order of [[0, 1, 2], [2, 1, 0], [1, 0, 2]]) {
      const merged = mergeAllPartitions(order.map((i) => versions[i]!));
      const cell = merged.rows[0]!.cells[0]!;
      expect(total(cell)).toBe(107n);
      expect(cell.timestamp).toBe(20n);
    }
  });

  it('are read as live, hidden by a newer row deletion, and purged only as tombstones', () => {
    const cells = [counter(10n, [1, 1n, 5n])];
    expect(filterLive(partition(cells), NOW + 10 ** 8).rows[0]!.cells).toHaveLength(1);
    const deletedRow = partition(cells, {
      rows: [{ clustering: Uint8Array.of(1), liveness: null, deletion: { markedForDeleteAt: 11n, localDeletionTime: NOW }, cells }],
    });
    expect(filterLive(deletedRow, NOW).rows).toHaveLength(0);
    const context = { nowSeconds: NOW + 10 ** 8, gcBefore: NOW + 10 ** 8 - 864_000, maxPurgeableTimestamp: 2n ** 62n };
    expect(purgePartition(partition(cells), context)?.rows[0]!.cells).toEqual(cells);
    expect(purgePartition(partition([counterTombstone(1, 10n, NOW)]), context)).toBeNull();
  });
});
