/**
 * `c = c + n` on a counter: Cassandra's local counter path. The row's current local shard is
 * read and the shard written back with its clock advanced and its value moved by n, so a
 * replayed write merges to the same total (storage/model/counter-context.ts). The read and
 * the applied write happen under the partition's lock (statement-executor.ts), never interleaved.
 *
 * In a cluster (a storage proxy with writeCounters) the shard is not this node's to build: the
 * partition's leader replica builds its own from its local data (cluster/coordinator/
 * counter-leader.ts), so the cell written here is a counter update carrying n, and nothing is read.
 */

import { InvalidRequestError } from '../../../lib/errors.js';
import type { Cell } from '../../../storage/model/cell.js';
import { EMPTY_COUNTER_CONTEXT, localShardOf, withLocalShard } from '../../../storage/model/counter-context.js';
import { counterUpdateContext } from '../../../cluster/coordinator/counter-mutation.js';
import type { RowWrite } from '../../rows/partition-write.js';
import type { ColumnMetadata } from '../../schema/column-metadata.js';
import type { ExecutionContext } from '../execution-context.js';
import { isUnset } from '../terms.js';
import type { RowReader } from './row-reader.js';

export function counterDelta(value: unknown, negate: boolean): bigint | null {
  if (isUnset(value)) return null;
  if (value === null) throw new InvalidRequestError('Invalid null value for counter increment');
  const delta = BigInt(String(value));
  return negate ? -delta : delta;
}

/**
 * Writes the counter's local shard moved by `delta`: built on the shard this statement or
 * batch already wrote to the cell (`reader`), else on the stored one (`stored`). In a cluster,
 * writes the delta as a counter update instead, summed with the batch's earlier ones.
 */
export async function writeCounter(row: RowWrite, column: ColumnMetadata, delta: bigint, context: ExecutionContext, cell: { readonly name: string; readonly reader: RowReader; stored(): Promise<Cell[]> }): Promise<void> {
  if (context.engine.writeCounters !== undefined) {
    // The update's clock counts the increments of the cell so far, its value sums them: a
    // batch's later update of the cell then wins the merge with the whole delta.
    const previous = cell.reader.writtenShard(cell.name);
    const update = { clock: (previous?.clock ?? 0n) + 1n, value: (previous?.value ?? 0n) + delta };
    cell.reader.rememberShard(cell.name, update);
    row.setCounter(column, counterUpdateContext(update.clock, update.value));
    return;
  }
  const counterId = uuidBytes(context.catalog.hostId);
  let shard = cell.reader.writtenShard(cell.name) ?? null;
  if (shard === null) {
    const current = (await cell.stored())[0];
    shard = current?.value ? localShardOf(current.value, counterId) : null;
  }
  const written = { clock: (shard?.clock ?? 0n) + 1n, value: (shard?.value ?? 0n) + delta };
  cell.reader.rememberShard(cell.name, written);
  row.setCounter(column, withLocalShard(EMPTY_COUNTER_CONTEXT, counterId, written.clock, written.value));
}

function uuidBytes(uuid: string): Uint8Array {
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}
