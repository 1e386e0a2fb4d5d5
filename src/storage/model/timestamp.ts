/**
 * Cassandra's two clocks on a cell: the write timestamp (microseconds since the epoch, any
 * int64 a client sends with USING TIMESTAMP) and the local deletion time (seconds since the
 * epoch when a tombstone was written or an expiring cell expires).
 */

/** Write timestamp in microseconds. bigint, because clients may send any int64. */
export type Timestamp = bigint;

/** Seconds since the epoch, as Cassandra's localDeletionTime. */
export type LocalDeletionSeconds = number;

/** A local deletion time that means "never": Cassandra's Cell.NO_DELETION_TIME. */
export const NO_DELETION_TIME = 0x7fffffff;

/** The timestamp older than any write: Cassandra's LivenessInfo.NO_TIMESTAMP. */
export const NO_TIMESTAMP: Timestamp = -(2n ** 63n);

/** Cassandra caps TTLs at 20 years (Attributes.MAX_TTL). */
export const MAX_TTL_SECONDS = 20 * 365 * 24 * 60 * 60;
