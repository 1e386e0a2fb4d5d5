/**
 * A table as the registry keeps it: its options, and where commit-log replay starts for it.
 *
 * A replay point names a commit-log directory (`commitlog/t<thread>`) and a position in it.
 * Records of the table in an entry that starts before the point are not replayed: they were
 * written before the table was created (by an earlier table of the same id) or before it was
 * truncated. Cassandra keeps the same thing per table in system.local (truncated_at) and skips
 * older mutations at replay. A directory without a point replays everything: its segments all
 * came after the table's creation and last truncation.
 */

import { compareCommitLogPositions, type CommitLogPosition } from '../commitlog/commit-log-position.js';
import type { TableOptions } from '../table-options.js';

export interface ReplayPoint extends CommitLogPosition {
  /** The commit log's thread directory: `commitlog/t<thread>`. */
  readonly thread: number;
}

export interface RegisteredTable {
  readonly options: TableOptions;
  /** At most one point per thread directory. */
  readonly replayAfter: readonly ReplayPoint[];
}

/** `earlier` with the points of `later` replacing those of the same thread directories. */
export function mergeReplayPoints(earlier: readonly ReplayPoint[], later: readonly ReplayPoint[]): ReplayPoint[] {
  const byThread = new Map<number, ReplayPoint>();
  for (const point of [...earlier, ...later]) byThread.set(point.thread, point);
  return [...byThread.values()].sort((a, b) => a.thread - b.thread);
}

/** Whether an entry starting at `at` in `thread`'s directory comes before `point`. */
export function isBeforeReplayPoint(point: ReplayPoint, at: CommitLogPosition): boolean {
  return compareCommitLogPositions(at, point) < 0;
}
