/**
 * Which records of a commit-log entry replay brings back, by table: a record of a table the
 * registry does not know (dropped: Cassandra's "skipped mutations from unknown (probably
 * removed) table") or of a table still being created is skipped, and so is one in an entry
 * that starts before the table's replay point for that thread directory (written before the
 * table was created or last truncated). Built once per replay from the registry; asked once
 * per replayed record, so a lookup and a comparison.
 */

import type { CommitLogPosition } from '../commitlog/commit-log-position.js';
import { isBeforeReplayPoint, type RegisteredTable, type ReplayPoint } from './registered-table.js';

export type ReplayDecision = 'replay' | 'unknown-table' | 'before-replay-point';

export class ReplayFilter {
  /** Per table, its replay points by thread directory; null for a table not yet created. */
  private readonly points = new Map<number, ReadonlyMap<number, ReplayPoint> | null>();

  constructor(registered: Iterable<RegisteredTable>, creating: Iterable<number>) {
    for (const table of registered) {
      this.points.set(table.options.tableId, new Map(table.replayAfter.map((point) => [point.thread, point])));
    }
    for (const tableId of creating) this.points.set(tableId, null);
  }

  /** Whether to replay a record of `tableId` found in the entry at `at` of `thread`'s directory. */
  decide(tableId: number, thread: number, at: CommitLogPosition): ReplayDecision {
    const points = this.points.get(tableId);
    // A table being created has no acknowledged write yet: anything logged under its id is
    // an earlier table's.
    if (points === undefined || points === null) return 'unknown-table';
    const point = points.get(thread);
    return point !== undefined && isBeforeReplayPoint(point, at) ? 'before-replay-point' : 'replay';
  }
}
