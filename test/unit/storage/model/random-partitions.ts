/**
 * fast-check arbitraries for versions of one partition, drawn from small domains (a few
 * clusterings, columns, timestamps and deletion times) so that versions collide: same cells at
 * the same timestamp, tombstones shadowing data, range tombstones with the same bounds. Every
 * kind of content appears: partition, range and row deletions, liveness (plain and expiring),
 * live, expiring and tombstone cells, collection elements and whole-collection deletions
 * (a tombstone on the empty path), a static row. No counters: their tombstones beat newer
 * live counters, which is not a total order (reconcile-partitions.ts).
 */

import fc from 'fast-check';
import { compareCellNames, type Cell } from '../../../../src/storage/model/cell.js';
import { compareBytes } from '../../../../src/storage/model/byte-order.js';
import type { DeletionTime } from '../../../../src/storage/model/deletion-time.js';
import type { LivenessInfo } from '../../../../src/storage/model/liveness-info.js';
import { ByteWriter } from '../../../../src/lib/bytes/byte-writer.js';
import { writePartition } from '../../../../src/storage/model/partition-codec.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import type { RangeTombstone } from '../../../../src/storage/model/range-tombstone.js';
import type { Row } from '../../../../src/storage/model/row.js';
import { NO_DELETION_TIME } from '../../../../src/storage/model/timestamp.js';

export const KEY = new TextEncoder().encode('k');
export const TOKEN = 42n;

/** The collection column: its cells have paths, and the empty path deletes the whole collection. */
const COLLECTION = 3;

const timestamp = fc.bigInt({ min: 1n, max: 6n });

const clusterings = [[1], [2], [2, 5], [3]].map((c) => Uint8Array.from(c));
const prefixes = [[], [1], [2], [3]].map((c) => Uint8Array.from(c));
const values = ['a', 'b'].map((v) => new TextEncoder().encode(v));

/**
 * Versions of partition KEY whose tombstones are at `secondsBase` + 100 or 200 and expiries at
 * + 110 or 120 seconds: with a base a little before now (the engine's tests) tombstones are
 * recent and expiring cells have expired.
 */
export function partitionVersionAt(secondsBase: number): fc.Arbitrary<PartitionUpdate> {
  const deletionSeconds = fc.constantFrom(secondsBase + 100, secondsBase + 200);
  /** Expiry times independent of the TTL: the same expiry from different TTLs (writes at different times) is a tie to break. */
  const expirySeconds = fc.constantFrom(secondsBase + 110, secondsBase + 120);
  const deletion: fc.Arbitrary<DeletionTime> = fc.record({ markedForDeleteAt: timestamp, localDeletionTime: deletionSeconds });

  /** Liveness timestamps from a smaller set: ties between expiring ones are what needs testing. */
  const livenessTimestamp = fc.bigInt({ min: 4n, max: 6n });
  const liveness: fc.Arbitrary<LivenessInfo | null> = fc.oneof(
    fc.constant(null),
    livenessTimestamp.map((ts) => ({ timestamp: ts, ttl: 0, localExpirationTime: NO_DELETION_TIME })),
    fc
      .record({ ts: livenessTimestamp, ttl: fc.constantFrom(5, 10), expiresAt: expirySeconds })
      .map(({ ts, ttl, expiresAt }) => ({ timestamp: ts, ttl, localExpirationTime: expiresAt })),
  );

  const cellValue = fc.record({
    kind: fc.constantFrom('live', 'expiring', 'tombstone'),
    ts: timestamp,
    value: fc.constantFrom(...values),
    ttl: fc.constantFrom(5, 10),
    at: deletionSeconds,
    expiresAt: expirySeconds,
  });

  const cell: fc.Arbitrary<Cell> = fc
    .record({ column: fc.integer({ min: 0, max: COLLECTION }), path: fc.constantFrom(0, 1, 2), body: cellValue })
    .map(({ column, path, body }) => {
      const cellPath = column !== COLLECTION ? null : Uint8Array.from(path === 0 ? [] : [path]);
      // The empty path only ever holds the collection's deletion.
      const kind = cellPath !== null && cellPath.length === 0 ? 'tombstone' : body.kind;
      if (kind === 'tombstone') return { column, path: cellPath, value: null, timestamp: body.ts, ttl: 0, localDeletionTime: body.at };
      if (kind === 'expiring') return { column, path: cellPath, value: body.value, timestamp: body.ts, ttl: body.ttl, localDeletionTime: body.expiresAt };
      return { column, path: cellPath, value: body.value, timestamp: body.ts, ttl: 0, localDeletionTime: NO_DELETION_TIME };
    });

  /** Sorted by (column, path), one cell per name. */
  const cells: fc.Arbitrary<Cell[]> = fc.array(cell, { maxLength: 5 }).map((list) => {
    const sorted = [...list].sort(compareCellNames);
    return sorted.filter((c, i) => i === 0 || compareCellNames(sorted[i - 1]!, c) !== 0);
  });

  const rowBody = fc.record({ liveness, deletion: fc.option(deletion, { freq: 4 }), cells });

  const rows: fc.Arbitrary<Row[]> = fc
    .uniqueArray(fc.integer({ min: 0, max: clusterings.length - 1 }), { maxLength: clusterings.length })
    .chain((indexes) => fc.tuple(...indexes.map(() => rowBody)).map((bodies) => bodies.map((body, i) => ({ clustering: clusterings[indexes[i]!]!, ...body }))))
    .map((list) => list.sort((a, b) => compareBytes(a.clustering, b.clustering)));

  const rangeTombstone: fc.Arbitrary<RangeTombstone> = fc.record({
    start: fc.record({ prefix: fc.constantFrom(...prefixes), inclusive: fc.boolean() }),
    end: fc.record({ prefix: fc.constantFrom(...prefixes), inclusive: fc.boolean() }),
    deletion,
  });

  return fc.record({
    tableId: fc.constant(1),
    token: fc.constant(TOKEN),
    key: fc.constant(KEY),
    deletion: fc.option(deletion, { freq: 5 }),
    rangeTombstones: fc.array(rangeTombstone, { maxLength: 2 }),
    staticRow: fc.option(
      fc.record({ liveness: fc.constant(null), deletion: fc.constant(null), cells }).map((body) => ({ clustering: new Uint8Array(0), ...body })),
      { freq: 3 },
    ),
    rows,
  });
}

/** One replica's (or one SSTable's) version of the partition. */
export const partitionVersion: fc.Arbitrary<PartitionUpdate> = partitionVersionAt(0);

/** The codec bytes as hex: equal strings mean equal partitions, field by field. */
export function encoded(partition: PartitionUpdate | null): string {
  if (partition === null) return 'null';
  const writer = new ByteWriter(1024);
  writePartition(writer, partition);
  return Buffer.from(writer.written()).toString('hex');
}
