/**
 * Replay at open (Cassandra's BatchlogManager.replayFailedBatches, run once when the node
 * starts): every row left in system.batches is a logged batch whose writer died between
 * storing it and removing it, with any part of its mutations applied. Each is applied again
 * whole, then removed. It runs after the commit-log replay (the engine's open), so every
 * stored row is there, and before the node serves a statement.
 *
 * Applying is idempotent (mutations carry their timestamps), so a crash during replay only
 * means the next open replays the same rows again. Mutations of tables dropped since are
 * skipped, as Cassandra skips mutations of unknown tables. A row that cannot be read (a
 * version this node does not know, a damaged blob) is reported, skipped and removed, as
 * Cassandra's replay does ("Skipped batch replay"): stopping the open instead would leave a
 * node that never starts, with no statement able to remove a system row.
 */

import { CorruptionError } from '../../lib/errors.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import type { WriteMutation } from '../../storage/storage-engine.js';
import { BATCHLOG_VERSION, decodeBatchlogMutation } from './batchlog-codec.js';
import { BATCHLOG_TABLE_ID, batchlogEntryOf, batchlogRemovalMutation, type BatchlogEntry } from './batchlog-rows.js';

export interface BatchlogReplayReport {
  /** Batches found in system.batches, applied and removed. */
  readonly batches: number;
  readonly mutationsApplied: number;
  /** Mutations of tables no longer registered, left out. */
  readonly mutationsOfUnknownTables: number;
  /** Rows that could not be read: reported through `warn`, not applied, removed. */
  readonly batchesUnreadable: number;
}

/** How a skipped row is reported; the engine reports commit-log damage the same way. */
export type ReplayWarning = (message: string) => void;

const processWarning: ReplayWarning = (message) => process.emitWarning(`sibyl: batchlog replay: ${message}`);

export async function replayBatchlog(engine: NodeStorage, warn: ReplayWarning = processWarning): Promise<BatchlogReplayReport> {
  const knownTables = new Set(engine.tables().map((t) => t.tableId));
  let batches = 0;
  let mutationsApplied = 0;
  let mutationsOfUnknownTables = 0;
  let batchesUnreadable = 0;
  // One batch at a time: replay is rare and small (the batches in flight at a crash), and the
  // scan's next page is read after the rows before it are removed.
  for await (const partition of engine.scan(BATCHLOG_TABLE_ID)) {
    const entry = batchlogEntryOf(partition);
    if (entry === null) continue;
    const mutations = readableMutations(entry);
    if (mutations instanceof CorruptionError) {
      warn(`skipped ${mutations.message}`);
      batchesUnreadable++;
    } else {
      const known = mutations.filter((m) => knownTables.has(m.tableId));
      if (known.length > 0) await engine.write(known);
      batches++;
      mutationsApplied += known.length;
      mutationsOfUnknownTables += mutations.length - known.length;
    }
    await engine.write([batchlogRemovalMutation(entry.id)]);
  }
  return { batches, mutationsApplied, mutationsOfUnknownTables, batchesUnreadable };
}

/** The entry's mutations, or why they cannot be read. */
function readableMutations(entry: BatchlogEntry): WriteMutation[] | CorruptionError {
  const where = `system.batches ${entry.id.toString()}`;
  if (entry.version !== BATCHLOG_VERSION) return new CorruptionError(where, 0, `batchlog version ${entry.version}, this node reads ${BATCHLOG_VERSION}`);
  try {
    return entry.mutations.map((blob) => decodeBatchlogMutation(blob, where));
  } catch (error) {
    if (error instanceof CorruptionError) return error;
    throw error;
  }
}
