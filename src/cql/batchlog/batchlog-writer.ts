/**
 * A logged batch written through the batchlog (Cassandra's BatchlogManager.store and
 * StorageProxy.mutateAtomically, on one node):
 *
 *   1. store   the batch's mutations as one row of system.batches: one partition, so one
 *              commit-log entry, stored whole or not at all; awaited.
 *   2. apply   the mutations themselves, to whichever partitions and storage threads they go.
 *   3. remove  the row, once every mutation is acknowledged.
 *
 * A crash before 1 is durable leaves nothing of the batch; a crash after leaves the row, and
 * the next open applies it again whole (batchlog-replayer.ts). Replaying is harmless: every
 * mutation carries its own timestamps, so applying it twice changes nothing.
 *
 * Every mutation is checked against the engine's limits before step 1 (the engine checks them
 * again): a mutation the engine would refuse at step 2 would otherwise leave a row that no
 * replay can ever apply. If step 2 fails anyway (the engine closed, a table dropped meanwhile),
 * the row stays and the next open replays it, as Cassandra's replay would a batch whose
 * writes timed out.
 */

import type { Clock } from '../../lib/clock.js';
import { validateEncodedSize, validateMutation } from '../../storage/mutation-validator.js';
import type { TableWrite } from '../rows/bulk-rows.js';
import type { TimeUuid } from '../types/driver-values.js';
import { asWriteMutation, BATCHLOG_VERSION, encodeBatchlogMutation } from './batchlog-codec.js';
import { batchlogEntryMutation, batchlogRemovalMutation, type BatchlogEntry } from './batchlog-rows.js';

/** How writes reach the engine: the executor's own write path, the batchlog row included. */
export type ApplyWrites = (writes: readonly TableWrite[]) => Promise<void>;

/** Where batch ids come from: unique, time-based (the node's now() generator). */
export interface BatchIdSource {
  next(nowMs: number): TimeUuid;
}

export class BatchlogWriter {
  constructor(
    private readonly apply: ApplyWrites,
    private readonly ids: BatchIdSource,
    private readonly clock: Clock,
  ) {}

  /** Steps 1 to 3: resolves once the batch is applied and its row removed. */
  async writeLogged(writes: readonly TableWrite[]): Promise<void> {
    const entry = await this.store(writes);
    await this.apply(writes);
    await this.remove(entry);
  }

  /** Step 1 alone: the batch's row, durable when this resolves. */
  async store(writes: readonly TableWrite[]): Promise<BatchlogEntry> {
    const entry: BatchlogEntry = {
      id: this.ids.next(this.clock.nowMs()),
      mutations: writes.map(checkedBlob),
      version: BATCHLOG_VERSION,
    };
    await this.apply([batchlogEntryMutation(entry)]);
    return entry;
  }

  /** Step 3 alone. */
  async remove(entry: BatchlogEntry): Promise<void> {
    await this.apply([batchlogRemovalMutation(entry.id)]);
  }
}

/**
 * The write encoded, after the checks the engine makes at step 2 (key, clustering and value
 * sizes, counter cells, record size); its table is the executor's to check, it resolved it.
 */
function checkedBlob(write: TableWrite): Uint8Array {
  const mutation = asWriteMutation(write);
  validateMutation(mutation, new Set([mutation.tableId]));
  const blob = encodeBatchlogMutation(mutation);
  validateEncodedSize(blob.length);
  return blob;
}
