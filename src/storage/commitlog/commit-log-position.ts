/**
 * A place in the commit log: a segment id and a byte offset inside that segment's file. Segment
 * ids only grow (within a run and across restarts), so positions order the whole log: a memtable
 * frozen at position P holds exactly the writes that end at or before P (Cassandra's
 * CommitLogPosition). `append` returns the position just after its entry.
 */

export interface CommitLogPosition {
  readonly segmentId: number;
  readonly offset: number;
}

/** Negative if `a` comes first, 0 if equal, positive if `b` comes first. */
export function compareCommitLogPositions(a: CommitLogPosition, b: CommitLogPosition): number {
  if (a.segmentId !== b.segmentId) return a.segmentId - b.segmentId;
  return a.offset - b.offset;
}
