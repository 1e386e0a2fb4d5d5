/**
 * system.batches both ways: a logged batch as its one row (Cassandra 4's schema: id timeuuid
 * PRIMARY KEY, mutations list<blob>, version int), the tombstone that removes it, and a stored
 * partition back to its entry.
 *
 * A row is one partition, so one record in one commit-log entry: it is stored whole or not at
 * all. It is written at the id's time and removed by a partition tombstone at that same
 * timestamp (a tombstone wins a tie), as Cassandra writes it at the batch's creation time: the
 * removal needs no clock and shadows the row whatever the clock did since.
 */

import type { LivePartition } from '../../storage/model/read-filter.js';
import type { WriteMutation } from '../../storage/storage-engine.js';
import { SYSTEM, systemTableNamed } from '../catalog/system-keyspaces.js';
import { unixMillisOfTimeUuid } from '../functions/time-uuid.js';
import { decodePartitionRows } from '../rows/decoded-rows.js';
import { insertRow } from '../rows/insert-row.js';
import { partitionKeyBytes } from '../rows/row-keys.js';
import { tableLayout } from '../rows/table-layout.js';
import type { WriteAttributes } from '../rows/write-attributes.js';
import type { TimeUuid } from '../types/driver-values.js';

const batches = tableLayout(systemTableNamed(SYSTEM, 'batches'));

/** The storage id of system.batches. */
export const BATCHLOG_TABLE_ID = batches.table.id;

/** One logged batch as system.batches holds it. */
export interface BatchlogEntry {
  readonly id: TimeUuid;
  /** Each mutation of the batch, encoded (batchlog-codec.ts). */
  readonly mutations: readonly Uint8Array[];
  /** The layout of the blobs (BATCHLOG_VERSION when this node wrote them). */
  readonly version: number;
}

export function batchlogEntryMutation(entry: BatchlogEntry): WriteMutation {
  const values = new Map<string, unknown>([
    ['id', entry.id],
    ['mutations', entry.mutations.map((blob) => Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength))],
    ['version', entry.version],
  ]);
  return insertRow(batches, values, attributesOf(entry.id));
}

/** The partition tombstone that removes an entry (a replayed or a completed batch). */
export function batchlogRemovalMutation(id: TimeUuid): WriteMutation {
  const { timestamp, nowSeconds } = attributesOf(id);
  return {
    tableId: BATCHLOG_TABLE_ID,
    key: partitionKeyBytes(batches, [id]),
    deletion: { markedForDeleteAt: timestamp, localDeletionTime: nowSeconds },
    rangeTombstones: [],
    staticRow: null,
    rows: [],
  };
}

/** The entry a live partition of system.batches holds, or null when its row is gone. */
export function batchlogEntryOf(partition: LivePartition): BatchlogEntry | null {
  const row = decodePartitionRows(batches, partition)[0];
  if (row === undefined) return null;
  const mutations = (row.values.get('mutations') ?? []) as Uint8Array[];
  return { id: row.values.get('id') as TimeUuid, mutations, version: Number(row.values.get('version') ?? -1) };
}

/** Written and removed at the id's millisecond, in microseconds. */
function attributesOf(id: TimeUuid): WriteAttributes {
  const millis = unixMillisOfTimeUuid(id.getBuffer());
  return { timestamp: millis * 1000n, ttl: 0, nowSeconds: Number(millis / 1000n) };
}
