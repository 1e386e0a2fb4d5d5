/**
 * A counter write on its way to its leader (Cassandra's CounterMutation): an ordinary mutation
 * whose counter cells carry deltas instead of shards. Only the leader can build a shard, since
 * only it knows the clock and value its own shard has reached; the CQL executor of a cluster
 * node therefore writes what to add, and the leader turns that into its shard (toLeaderMutation).
 *
 * A delta travels as a counter update cell: a counter cell whose context holds one shard with
 * the counter id COUNTER_UPDATE_ID (the nil UUID, which no node has as host id), clock = how
 * many increments of the cell the statement or batch gathered, value = their sum. So two update
 * cells of one name (two statements of a COUNTER batch) merge by the ordinary counter rules into
 * the one with the higher clock, which holds the running sum: the partition keeps one cell with
 * the whole delta, as Cassandra sums a batch's updates of one counter before its leader reads.
 *
 *   update cell    [ 00..00 | clock n | value d ]         n increments adding up to d
 *   leader's cell  [ leaderHostId | c + 1 | v + d ]        (c, v): the leader's shard before
 *
 * The cells of a counter mutation that are not updates (counter tombstones of a DELETE in the
 * same batch, row and partition deletions) pass through unchanged.
 */

import { assert } from '../../lib/assert.js';
import type { Cell } from '../../storage/model/cell.js';
import { counterCell } from '../../storage/model/cell.js';
import {
  COUNTER_ID_BYTES,
  COUNTER_SHARD_BYTES,
  EMPTY_COUNTER_CONTEXT,
  localShardOf,
  withLocalShard,
  type CounterClockAndValue,
} from '../../storage/model/counter-context.js';
import type { Row } from '../../storage/model/row.js';
import type { WriteMutation } from '../../storage/storage-engine.js';

/** The counter id of an update cell's one shard: the nil UUID, never a node's host id. */
export const COUNTER_UPDATE_ID: Uint8Array = new Uint8Array(COUNTER_ID_BYTES);

/** The context of an update cell: `increments` increments of the cell, adding up to `delta`. */
export function counterUpdateContext(increments: bigint, delta: bigint): Uint8Array {
  assert(increments > 0n, 'a counter update counts at least one increment');
  return withLocalShard(EMPTY_COUNTER_CONTEXT, COUNTER_UPDATE_ID, increments, delta);
}

/** The delta an update cell carries, or null when the cell is not a counter update. */
export function counterUpdateDelta(cell: Cell): bigint | null {
  if (cell.counter !== true || cell.value === null || cell.value.length !== COUNTER_SHARD_BYTES) return null;
  return localShardOf(cell.value, COUNTER_UPDATE_ID)?.value ?? null;
}

/** Whether any cell of the mutation is a counter update (else it needs no leader's read). */
export function hasCounterUpdates(mutation: WriteMutation): boolean {
  return counterUpdateRows(mutation).length > 0;
}

/** The rows holding update cells, by clustering (null: the static row), in the mutation's order. */
export function counterUpdateRows(mutation: WriteMutation): Array<Uint8Array | null> {
  const rows: Array<Uint8Array | null> = [];
  if (mutation.staticRow !== null && rowHasUpdates(mutation.staticRow)) rows.push(null);
  for (const row of mutation.rows) if (rowHasUpdates(row)) rows.push(row.clustering);
  return rows;
}

/** Where a leader's shard of a cell is looked up: the cell's row (null: static) and column. */
export type LocalShardLookup = (clustering: Uint8Array | null, column: number) => CounterClockAndValue | null;

/**
 * The mutation the leader applies and replicates: each update cell replaced by the leader's own
 * shard, (clock + 1, value + delta) over the shard `localShard` finds (none: (0, 0)), with the
 * update's timestamp. Every other part of the mutation is kept as it is.
 */
export function toLeaderMutation(update: WriteMutation, leaderId: Uint8Array, localShard: LocalShardLookup): WriteMutation {
  assert(leaderId.length === COUNTER_ID_BYTES, 'a leader id is a 16-byte host id');
  assert(!isNilId(leaderId), 'the nil UUID is the update id, never a leader');
  return {
    ...update,
    staticRow: update.staticRow === null ? null : withLeaderShards(update.staticRow, null, leaderId, localShard),
    rows: update.rows.map((row) => withLeaderShards(row, row.clustering, leaderId, localShard)),
  };
}

function withLeaderShards(row: Row, clustering: Uint8Array | null, leaderId: Uint8Array, localShard: LocalShardLookup): Row {
  if (!rowHasUpdates(row)) return row;
  const cells = row.cells.map((cell) => {
    const delta = counterUpdateDelta(cell);
    if (delta === null) return cell;
    assert(cell.path === null, 'a counter is a simple column, without cell paths');
    const shard = localShard(clustering, cell.column);
    const context = withLocalShard(EMPTY_COUNTER_CONTEXT, leaderId, (shard?.clock ?? 0n) + 1n, (shard?.value ?? 0n) + delta);
    return counterCell(cell.column, context, cell.timestamp);
  });
  return { ...row, cells };
}

function rowHasUpdates(row: Row): boolean {
  return row.cells.some((cell) => counterUpdateDelta(cell) !== null);
}

function isNilId(id: Uint8Array): boolean {
  return id.every((byte) => byte === 0);
}
