/**
 * Every bound in one place (STYLE rule 4, TigerBeetle's constants.zig). Limits that depend on
 * each other are asserted below, with the reason the relation must hold.
 */

import { assert } from '../lib/assert.js';

const KiB = 1024;
const MiB = 1024 * KiB;

export const limits = {
  /** Cassandra refuses partition keys of 64 KiB or more (the length is an unsigned short). */
  partitionKeyBytesMax: 65_535,
  /** A clustering key's encoding carries a u16 length, as the partition key does. */
  clusteringBytesMax: 65_535,
  /** One cell value; Cassandra's max_value_size defaults to 256 MiB, its mutations to far less. */
  cellValueBytesMax: 8 * MiB,
  /** One encoded mutation: half a commit-log segment, as Cassandra's max_mutation_size. */
  mutationBytesMax: 16 * MiB,
  /** Commit-log segment size (Cassandra's commitlog_segment_size, 32 MiB). */
  commitLogSegmentBytes: 32 * MiB,
  /** Rows per data-plane batch: 100-1,000 keeps main-loop p99 under 10 ms (PERF-NOTES.md). */
  batchRowsMax: 1_000,
  /** Bytes at which a data-plane batch is sent even if it holds fewer rows. */
  batchBytesMax: 1024 * 1024,
  /** Bytes of one data-plane ring (main thread to one worker). */
  ringBytes: 32 * MiB,
  /** Messages waiting in one actor's mailbox before senders get Overloaded. */
  mailboxDepthMax: 10_000,
  /** Messages an actor handles per turn before the dispatcher lets others run. */
  actorTurnMessagesMax: 64,
  /** Default timeout of any request (ask). */
  requestTimeoutMsDefault: 10_000,
  /** Asks waiting for an answer on one thread; more means a caller forgot to await. */
  pendingRequestsMax: 1 << 20,
  /** Actors on one thread (the dispatcher's run queue holds each at most once). */
  actorsPerThreadMax: 1 << 20,
  /** Encoded envelopes buffered on one port before a flush is forced. */
  portBatchBytesMax: 1 * MiB,
  /** Ring records a worker drains per event-loop turn before letting its ports run. */
  ringRecordsPerTurnMax: 256,
  /** Worker-thread restarts within the window before the thread is left down. */
  threadRestartsMax: 5,
  threadRestartWindowMs: 60_000,
  /** At most one dead-letter log line per interval (the count is always exact). */
  deadLetterLogIntervalMs: 1_000,
  /** Restarts an actor may take within the window before it is stopped. */
  actorRestartsMax: 3,
  actorRestartWindowMs: 10_000,
  /** SSTable data block size, before its checksum. */
  sstableBlockBytes: 16 * KiB,
  /** Partitions between two summary entries of the partition index. */
  sstableSummaryInterval: 16,
  /** Partitions larger than this get a row index (Cassandra's column_index_size). */
  sstableRowIndexBytes: 64 * KiB,
} as const;

// A write batch is one commit-log entry: up to batchBytesMax plus the mutation that crossed
// it, and it must fit an empty segment with room for the header and frame, or it could never
// be logged.
assert(limits.batchBytesMax + limits.mutationBytesMax < limits.commitLogSegmentBytes - 4096, 'a batch must fit a segment');
assert(limits.cellValueBytesMax < limits.mutationBytesMax, 'one value must fit a mutation');
// A flushed port batch must be able to hold at least one maximal mutation message.
assert(limits.portBatchBytesMax <= limits.ringBytes, 'a port batch fits a ring');
assert(limits.actorTurnMessagesMax > 0 && limits.mailboxDepthMax > 0, 'actor bounds > 0');
// A batch closes at batchBytesMax plus at most one mutation; the ring must hold the largest
// batch with room for ordinary ones beside it (a full ring answers Overloaded and is retried).
assert(limits.batchBytesMax * 2 + limits.mutationBytesMax <= limits.ringBytes, 'batches must fit the ring');
