/**
 * One mutation of a logged batch as a blob of system.batches.mutations, and back. The blob is
 * the data plane's one record layout, a PartitionUpdate (docs/formats/partition-update.md,
 * model/partition-codec.ts), token included: the same bytes the commit log and the ring carry,
 * so the batchlog adds no format of its own. `BATCHLOG_VERSION` (the row's `version` column, as
 * Cassandra stores its messaging version there) names that layout: 1 = partition-update format 1.
 *
 * A batch holds two kinds of writes (rows/bulk-rows.ts): mutations, and plain rows for the row
 * batch writer. A plain row is encoded as the mutation it stands for, which is what the row
 * batch writer puts on the wire byte for byte (row-batch-writer.ts draws it); replay applies
 * every blob as a mutation.
 */

import { murmur3Token } from '../../cluster/ring/murmur3.js';
import { assert } from '../../lib/assert.js';
import { ByteReader } from '../../lib/bytes/byte-reader.js';
import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { CorruptionError } from '../../lib/errors.js';
import { readPartition, writePartition } from '../../storage/model/partition-codec.js';
import type { Row } from '../../storage/model/row.js';
import { NO_DELETION_TIME } from '../../storage/model/timestamp.js';
import type { WriteMutation } from '../../storage/storage-engine.js';
import { isEncodedRow, type EncodedRow, type TableWrite } from '../rows/bulk-rows.js';

/** The layout of the blobs: partition-update format 1. */
export const BATCHLOG_VERSION = 1;

/** The write as a mutation: a plain row becomes its one-row partition update, as an INSERT writes it. */
export function asWriteMutation(write: TableWrite): WriteMutation {
  return isEncodedRow(write) ? mutationOfEncodedRow(write) : write;
}

function mutationOfEncodedRow(row: EncodedRow): WriteMutation {
  assert(row.columns.length === row.values.length, 'an encoded row has one value per column');
  const stored: Row = {
    clustering: row.clustering,
    liveness: { timestamp: row.timestamp, ttl: 0, localExpirationTime: NO_DELETION_TIME },
    deletion: null,
    cells: row.columns.map((column, i) => ({
      column,
      path: null,
      value: row.values[i]!,
      timestamp: row.timestamp,
      ttl: 0,
      localDeletionTime: NO_DELETION_TIME,
    })),
  };
  return { tableId: row.tableId, key: row.key, deletion: null, rangeTombstones: [], staticRow: null, rows: [stored] };
}

export function encodeBatchlogMutation(mutation: WriteMutation): Uint8Array {
  const writer = new ByteWriter(256);
  writePartition(writer, { ...mutation, token: murmur3Token(mutation.key) });
  return writer.toBytes();
}

/**
 * The mutation a blob holds. The blob was checked by the commit log or SSTable checksums on
 * its way here; what is checked again is what those cannot see: that the blob is exactly one
 * record and that its token is its key's (the engine places a mutation by its key).
 */
export function decodeBatchlogMutation(blob: Uint8Array, where: string): WriteMutation {
  const reader = new ByteReader(blob);
  let decoded;
  try {
    decoded = readPartition(reader, true);
  } catch (error) {
    throw new CorruptionError(where, reader.position, `batchlog mutation unreadable: ${String(error)}`);
  }
  if (reader.remaining() !== 0) throw new CorruptionError(where, reader.position, `${reader.remaining()} bytes after the batchlog mutation`);
  const { token, ...mutation } = decoded;
  if (token !== murmur3Token(mutation.key)) throw new CorruptionError(where, 0, 'batchlog mutation token is not its key\'s');
  return mutation;
}
