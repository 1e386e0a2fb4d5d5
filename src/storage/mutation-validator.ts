/**
 * Refuses mutations that break a stated limit (src/config/limits.ts) before they reach a
 * worker, with the Cassandra error a client expects (Invalid, 0x2200) and a message naming
 * the limit. Nothing of a refused write is applied.
 */

import { limits } from '../config/limits.js';
import { InvalidRequestError } from '../lib/errors.js';
import type { Cell } from './model/cell.js';
import { COUNTER_SHARD_BYTES } from './model/counter-context.js';
import type { PartitionUpdate } from './model/partition-update.js';
import type { Row } from './model/row.js';

export function validateMutation(mutation: Omit<PartitionUpdate, 'token'>, knownTables: ReadonlySet<number>): void {
  if (!knownTables.has(mutation.tableId)) throw new InvalidRequestError(`unknown table id ${mutation.tableId}`);
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
