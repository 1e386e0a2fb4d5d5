/**
 * A deletion: everything written at or before `markedForDeleteAt` is shadowed. Partition,
 * range and row tombstones all carry one (Cassandra's DeletionTime).
 */

import type { LocalDeletionSeconds, Timestamp } from './timestamp.js';
import { NO_DELETION_TIME, NO_TIMESTAMP } from './timestamp.js';

export interface DeletionTime {
  readonly markedForDeleteAt: Timestamp;
  readonly localDeletionTime: LocalDeletionSeconds;
}

export const LIVE: DeletionTime = Object.freeze({
  markedForDeleteAt: NO_TIMESTAMP,
  localDeletionTime: NO_DELETION_TIME,
});

export function isLive(deletion: DeletionTime): boolean {
  return deletion.markedForDeleteAt === NO_TIMESTAMP;
}

/** Cassandra's DeletionTime.supersedes: the later mark wins, then the later local time. */
export function supersedes(a: DeletionTime, b: DeletionTime): boolean {
  if (a.markedForDeleteAt !== b.markedForDeleteAt) return a.markedForDeleteAt > b.markedForDeleteAt;
  return a.localDeletionTime > b.localDeletionTime;
}

export function newerDeletion(a: DeletionTime, b: DeletionTime): DeletionTime {
  return supersedes(b, a) ? b : a;
}

/** True when data written at `timestamp` is shadowed by this deletion. */
export function deletes(deletion: DeletionTime, timestamp: Timestamp): boolean {
  return timestamp <= deletion.markedForDeleteAt;
}
