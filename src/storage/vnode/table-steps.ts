/**
 * Runtime table changes on one worker thread (CREATE, ALTER, TRUNCATE, DROP TABLE, and the
 * catch-up after a thread restart), applied to every vnode of the thread in one control
 * message. The engine sends each step to one vnode actor per thread (vnode t lives on thread
 * t); that actor applies it to all the thread's VNodeStates through services.vnodes, as the
 * thread's data-plane actor routes writes.
 *
 * Every step answers the thread's commit-log position when it applied. For a truncate that
 * position is exact: every vnode's store is cut in the same synchronous turn, and writes on
 * this thread are appended and applied in turns of their own, so each write of the table
 * before the position is discarded and each one after it is kept. The engine records the
 * position in the table registry; commit-log replay skips the table's records before it
 * (Cassandra's truncated_at). Steps are idempotent, so the engine can repeat one on a thread
 * that restarted part-way through it.
 */

import { assertNever } from '../../lib/assert.js';
import type { CommitLogPosition } from '../commitlog/commit-log.js';
import type { TableOptions } from '../table-options.js';
import type { StorageThreadServices } from './storage-thread-services.js';

export type TableStep =
  | { readonly kind: 'create-table'; readonly options: TableOptions }
  | { readonly kind: 'alter-table'; readonly options: TableOptions }
  | { readonly kind: 'truncate-table'; readonly tableId: number }
  | { readonly kind: 'drop-table'; readonly tableId: number }
  /** After a restart: the tables the thread serves become exactly `tables`. */
  | { readonly kind: 'sync-tables'; readonly tables: readonly TableOptions[] }
  /** Before a cleanup: the table flushed everywhere on the thread; answers where the flushes began. */
  | { readonly kind: 'flush-table'; readonly tableId: number };

export async function applyTableStep(services: StorageThreadServices, step: TableStep): Promise<CommitLogPosition> {
  const states = [...services.vnodes.values()];
  switch (step.kind) {
    case 'create-table':
      await Promise.all(states.map((state) => state.createTable(step.options)));
      return services.commitLog.currentPosition();
    case 'alter-table':
      for (const state of states) state.alterTable(step.options);
      return services.commitLog.currentPosition();
    case 'truncate-table': {
      // One synchronous turn from the first cut to the position: no write slips in between.
      const deletions = states.map((state) => state.truncateTable(step.tableId));
      const position = services.commitLog.currentPosition();
      await Promise.all(deletions);
      return position;
    }
    case 'drop-table': {
      const deletions = states.map((state) => state.dropTable(step.tableId));
      const position = services.commitLog.currentPosition();
      await Promise.all(deletions);
      return position;
    }
    case 'flush-table': {
      // Frozen in the same turn as the position is taken: every record of the table before it
      // is in these flushes (or earlier ones), so replay needs none of them once they are done.
      const flushes = states.map((state) => state.flushTable(step.tableId));
      const position = services.commitLog.currentPosition();
      await Promise.all(flushes);
      return position;
    }
    case 'sync-tables':
      await Promise.all(states.map((state) => state.syncTables(step.tables)));
      return services.commitLog.currentPosition();
    default:
      return assertNever(step, 'table step');
  }
}
