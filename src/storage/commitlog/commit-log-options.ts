/**
 * How a commit log syncs and sizes its segments. The sync modes are Cassandra's
 * (commitlog_sync in cassandra.yaml):
 *
 *   periodic  the append is acknowledged at once; an fsync follows within syncPeriodMs, so a
 *             crash may lose up to that window of acknowledged writes (Cassandra default 10 s).
 *   group     the acknowledgement waits for the next group fsync, at most syncPeriodMs after the
 *             first unsynced append; every append of the window shares that one fsync
 *             (Cassandra's default window is 1 s; ours is 10 ms: an fdatasync every 10 ms had no
 *             measurable cost on ingest, PERF-NOTES.md).
 *   batch     the acknowledgement waits for an fsync at the end of the current tick, shared by
 *             every append made in that tick (syncPeriodMs only paces retries of a failed fsync).
 */

import { limits } from '../../config/limits.js';

export type CommitLogSyncMode = 'periodic' | 'group' | 'batch';

export interface CommitLogOptions {
  /** The folder of this log's segments; one log (one folder) per worker thread. */
  readonly directory: string;
  readonly syncMode: CommitLogSyncMode;
  /** periodic: fsync at most this long after an unsynced append; group: the group window. */
  readonly syncPeriodMs: number;
  /** Size at which a segment is full and the log moves on to a new one. */
  readonly segmentBytes: number;
}

export const syncPeriodMsDefaults: Readonly<Record<CommitLogSyncMode, number>> = {
  periodic: 10_000,
  group: 10,
  batch: 10,
};

export function defaultCommitLogOptions(
  directory: string,
  syncMode: CommitLogSyncMode,
): CommitLogOptions {
  return {
    directory,
    syncMode,
    syncPeriodMs: syncPeriodMsDefaults[syncMode],
    segmentBytes: limits.commitLogSegmentBytes,
  };
}
