/**
 * `c = c + n` on a counter: Cassandra's local counter path. The row's current local shard is
 * read and the shard written back with its clock advanced and its value moved by n, so a
 * replayed write merges to the same total (storage/model/counter-context.ts). The read and
 * the write of one partition happen under its lock (executor), never interleaved.
 */

import { InvalidRequestError } from '../../../lib/errors.js';
import type { Cell } from '../../../storage/model/cell.js';
import { EMPTY_COUNTER_CONTEXT, localShardOf, withLocalShard } from '../../../storage/model/counter-context.js';
import type { RowWrite } from '../../rows/partition-write.js';
import type { ColumnMetadata } from '../../schema/column-metadata.js';
import type { ExecutionContext } from '../execution-context.js';
import { isUnset } from '../terms.js';

export function counterDelta(value: unknown, negate: boolean): bigint | null {
  if (isUnset(value)) return null;
  if (value === null) throw new InvalidRequestError('Invalid null value for counter increment');
  const delta = BigInt(String(value));
  return negate ? -delta : delta;
}

export async function writeCounter(row: RowWrite, column: ColumnMetadata, delta: bigint, context: ExecutionContext, stored: () => Promise<Cell[]>): Promise<void> {
  const counterId = uuidBytes(context.catalog.hostId);
  const current = (await stored())[0];
  const shard = current?.value ? localShardOf(current.value, counterId) : null;
  const clock = (shard?.clock ?? 0n) + 1n;
  const value = (shard?.value ?? 0n) + delta;
  row.setCounter(column, withLocalShard(EMPTY_COUNTER_CONTEXT, counterId, clock, value));
}

function uuidBytes(uuid: string): Uint8Array {
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}
