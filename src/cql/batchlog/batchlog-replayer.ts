/**
 * Replay at open (Cassandra's BatchlogManager.replayFailedBatches, run once when the node
 * starts): every row left in system.batches is a logged batch whose writer died between
 * storing it and removing it, with any part of its mutations applied. Each is applied again
 * whole, then removed. It runs after the commit-log replay (the engine's open), so every
 * stored row is there, and before the node serves a statement.
 *
 * Applying is idempotent (mutations carry their timestamps), so a crash during replay only
 * means the next open replays the same rows again. Mutations of tables dropped since are
 * skipped, as Cassandra skips mutations of unknown tables. A row whose blobs are in a layout
 * this node does not know stops the open (CorruptionError) rather than lose the batch.
 */

import { CorruptionError } from '../../lib/errors.js';
import type { StorageEngine } from '../../storage/storage-engine.js';
import { BATCHLOG_VERSION, decodeBatchlogMutation } from './batchlog-codec.js';
import { BATCHLOG_TABLE_ID, batchlogEntryOf, batchlogRemovalMutation } from './batchlog-rows.js';

export interface BatchlogReplayReport {
  /** Batches found in system.batches, applied and removed. */
  readonly batches: number;
  readonly mutationsApplied: number;
  /** Mutations of tables no longer registered, left out. */
  readonly mutationsOfUnknownTables: number;
}

export async function replayBatchlog(engine: StorageEngine): Promise<BatchlogReplayReport> {
  const knownTables = new Set(engine.tables().map((t) => t.tableId));
  let batches = 0;
  let mutationsApplied = 0;
  let mutationsOfUnknownTables = 0;
  // One batch at a time: replay is rare and small (the batches in flight at a crash), and the
  // scan's next page is read after the rows before it are removed.
  for await (const partition of engine.scan(BATCHLOG_TABLE_ID)) {
    const entry = batchlogEntryOf(partition);
    if (entry === null) continue;
    const where = `system.batches ${entry.id.toString()}`;
    if (entry.version !== BATCHLOG_VERSION) throw new CorruptionError(where, 0, `batchlog version ${entry.version}, this node reads ${BATCHLOG_VERSION}`);
    const mutations = entry.mutations.map((blob) => decodeBatchlogMutation(blob, where));
    const known = mutations.filter((m) => knownTables.has(m.tableId));
    if (known.length > 0) await engine.write(known);
    await engine.write([batchlogRemovalMutation(entry.id)]);
    batches++;
    mutationsApplied += known.length;
    mutationsOfUnknownTables += mutations.length - known.length;
  }
  return { batches, mutationsApplied, mutationsOfUnknownTables };
}
