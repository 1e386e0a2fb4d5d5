/**
 * The bounds of range streaming (STYLE rule 4), in one place. A page is what one request
 * carries: the puller asks for the next page only once the last is written, so at most one
 * page per stream is in flight, whatever the data's size.
 */

const MiB = 1024 * 1024;

export const streamLimits = Object.freeze({
  /** Partitions in one page at most (the page also closes at pageBytesMax). */
  pagePartitionsMax: 1000,
  /**
   * Bytes of encoded partitions after which a page closes (a page holds whole partitions, so
   * it may pass this by one partition; a partition is at most limits.mutationBytesMax).
   */
  pageBytesMax: 4 * MiB,
  /**
   * Ranges named in one page request at most: repair syncs many small sub-ranges, which one
   * page may cover together; a longer list goes in windows of this many.
   */
  pageRangesMax: 512,
  /** Cassandra's stream_throughput_outbound default: 24 MiB/s per node, all streams together. */
  throughputBytesPerSecondDefault: 24 * MiB,
  /** How long one page request may take on top of the time the throttle makes it wait. */
  pageTimeoutMs: 30_000,
});
