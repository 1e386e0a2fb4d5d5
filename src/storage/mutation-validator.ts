/**
 * Refuses mutations that break a stated limit (src/config/limits.ts) before they reach a
 * worker, with the Cassandra error a client expects (Invalid, 0x2200) and a message naming
 * the limit. Nothing of a refused write is applied.
 */

import { murmur3TokenPartsOfRange } from '../cluster/ring/murmur3.js';
import { limits } from '../config/limits.js';
import { InvalidRequestError } from '../lib/errors.js';
import type { Cell } from './model/cell.js';
import { COUNTER_SHARD_BYTES } from './model/counter-context.js';
import type { PartitionUpdate } from './model/partition-update.js';
import type { Row } from './model/row.js';
import { PartitionHeaderLayout } from './model/partition-codec.js';
import { BATCH_HEADER_BYTES, VNodeMessageType } from './vnode/vnode-wire.js';

export function validateMutation(mutation: Omit<PartitionUpdate, 'token'>, knownTables: ReadonlySet<number>): void {
  if (!knownTables.has(mutation.tableId)) throw new InvalidRequestError(`unknown table id ${mutation.tableId}`);
  validateMutationShape(mutation);
}

/** validateMutation without the table: for a coordinator encoding what a replica will write. */
export function validateMutationShape(mutation: Omit<PartitionUpdate, 'token'>): void {
  if (mutation.key.length === 0) throw new InvalidRequestError('Key may not be empty');
  if (mutation.key.length > limits.partitionKeyBytesMax) {
    throw new InvalidRequestError(
      `Key length of ${mutation.key.length} is longer than maximum of ${limits.partitionKeyBytesMax}`,
    );
  }
  if (mutation.staticRow !== null) validateRow(mutation.staticRow);
  for (const row of mutation.rows) validateRow(row);
}

function validateRow(row: Row): void {
  if (row.clustering.length > limits.clusteringBytesMax) {
    throw new InvalidRequestError(
      `Clustering key of ${row.clustering.length} bytes is longer than maximum of ${limits.clusteringBytesMax}`,
    );
  }
  for (const cell of row.cells) {
    if (cell.value !== null && cell.value.length > limits.cellValueBytesMax) {
      throw new InvalidRequestError(
        `Value of column ${cell.column} is ${cell.value.length} bytes, over the maximum of ${limits.cellValueBytesMax}`,
      );
    }
    if (cell.counter === true) validateCounterCell(cell);
  }
}

/** A counter never expires, and its value must merge: whole 32-byte shards. */
function validateCounterCell(cell: Cell): void {
  if (cell.ttl !== 0) throw new InvalidRequestError(`Counter cell of column ${cell.column} has a TTL; counters cannot expire`);
  if (cell.value !== null && cell.value.length % COUNTER_SHARD_BYTES !== 0) {
    throw new InvalidRequestError(
      `Counter cell of column ${cell.column} holds ${cell.value.length} bytes, not a counter context of ${COUNTER_SHARD_BYTES}-byte shards`,
    );
  }
}

export function validateEncodedSize(bytes: number): void {
  if (bytes > limits.mutationBytesMax) {
    throw new InvalidRequestError(`Mutation of ${bytes} bytes is too large for the maximum size of ${limits.mutationBytesMax}`);
  }
}

/** The smallest record: u32 tableId, i64 token, u16 key length, u8 flags, u32 row count (and a key). */
const RECORD_BYTES_MIN = PartitionHeaderLayout.key + 1 + 4;

/**
 * Checks a write batch encoded elsewhere (a coordinator's, vnode/encoded-batch.ts) as far as
 * its record headers tell, without decoding a record: the framing (every record inside the
 * batch, nothing after the last), each record's size, table and key, and that its token is the
 * Murmur3 of its key (a record under another token would be stored where no read finds it).
 * Cell sizes are not walked: a record is at most mutationBytesMax whole. Returns the count.
 */
export function validateEncodedBatch(batch: Uint8Array, knownTables: ReadonlySet<number>, tokenParts: Int32Array): number {
  if (batch.length < BATCH_HEADER_BYTES || batch[0] !== VNodeMessageType.write) throw new InvalidRequestError('not an encoded write batch');
  const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
  const count = view.getUint32(1);
  let offset = BATCH_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    if (offset + 4 > batch.length) throw new InvalidRequestError(`encoded write batch truncated at record ${i} of ${count}`);
    const length = view.getUint32(offset);
    const start = offset + 4;
    validateEncodedSize(length);
    if (length < RECORD_BYTES_MIN || start + length > batch.length) throw new InvalidRequestError(`encoded write batch: record ${i} of ${length} bytes does not fit`);
    const tableId = view.getUint32(start + PartitionHeaderLayout.tableId);
    if (!knownTables.has(tableId)) throw new InvalidRequestError(`unknown table id ${tableId}`);
    const keyLength = view.getUint16(start + PartitionHeaderLayout.keyLength);
    if (keyLength === 0) throw new InvalidRequestError('Key may not be empty');
    if (keyLength > limits.partitionKeyBytesMax) {
      throw new InvalidRequestError(`Key length of ${keyLength} is longer than maximum of ${limits.partitionKeyBytesMax}`);
    }
    if (RECORD_BYTES_MIN + keyLength > length) throw new InvalidRequestError(`encoded write batch: record ${i} is shorter than its key`);
    murmur3TokenPartsOfRange(batch, start + PartitionHeaderLayout.key, keyLength, tokenParts);
    const token = start + PartitionHeaderLayout.token;
    if (view.getInt32(token) !== tokenParts[0] || view.getInt32(token + 4) !== tokenParts[1]) {
      throw new InvalidRequestError(`encoded write batch: record ${i} has a token that is not its key's`);
    }
    offset = start + length;
  }
  if (offset !== batch.length) throw new InvalidRequestError(`encoded write batch: ${batch.length - offset} bytes after its ${count} records`);
  return count;
}
