/** What every cell of one write carries: USING TIMESTAMP (or now), USING TTL, and now in seconds. */
export interface WriteAttributes {
  /** Microseconds, Cassandra's write timestamp. */
  readonly timestamp: bigint;
  /** Seconds; 0 for cells that never expire. */
  readonly ttl: number;
  /** The local time of the write, for expiry and tombstones' local deletion time. */
  readonly nowSeconds: number;
}
