/**
 * The storage of one node as the layers above it use it (ARCHITECTURE.md section 11, STYLE
 * rule 7): the catalog, the coordinator, the replica verbs, hints, streaming and repair talk
 * to this interface, never to the class behind it. StorageEngine implements it on worker
 * threads and real files; the deterministic simulator (test/sim) implements it in memory on a
 * simulated disk, so the same cluster code runs single-threaded under a manual clock.
 *
 * The contract is StorageEngine's: a write resolves once it is durable (and only then is it
 * visible to reads); a refused write applies nothing; reads answer merged data (live, or
 * unfiltered in canonical form for a replica's answer); scans go in token order.
 */

import type { CleanupReport } from './compaction/cleanup-report.js';
import type { TokenSpan } from './compaction/token-spans.js';
import type { ClusteringSlice } from './model/clustering-slice.js';
import type { PartitionUpdate } from './model/partition-update.js';
import type { LivePartition } from './model/read-filter.js';
import type { RowBatchWriter } from './row-batch-writer.js';
import type { StorageConfig } from './storage-config.js';
import type { ScanRange, WriteMutation } from './storage-engine.js';
import type { TableOptions } from './table-options.js';

/** A replica's answer to a partition read (NodeStorage.readReplica): data with its digest, or the digest. */
export type ReplicaReadAnswer = { readonly data: Uint8Array | null; readonly digest: Uint8Array } | { readonly digest: Uint8Array };

export interface NodeStorage {
  /** The settings the catalog reads (the vnode count it reports as system.local tokens). */
  readonly config: Pick<StorageConfig, 'vnodeCount'>;

  /** Applies mutations; resolves once each is durable. Independent partitions: a rejection may leave some applied. */
  write(mutations: readonly WriteMutation[]): Promise<void>;
  /** Bulk rows encoded straight into write batches (row-batch-writer.ts); resolves with the row count. */
  writeRows(tableId: number, fill: (rows: RowBatchWriter) => void): Promise<number>;
  /** An encoded write batch (vnode/encoded-batch.ts) from a coordinator, a hint or a stream; resolves with its record count. */
  writeEncodedBatch(batch: Uint8Array): Promise<number>;

  /** Live data of one partition at now, sliced; null when nothing is live. */
  read(tableId: number, key: Uint8Array, slice?: ClusteringSlice): Promise<LivePartition | null>;
  /** The merged partition with its tombstones, canonical form, rows within the slice's bounds ascending; null when nothing is held. */
  readUnfiltered(tableId: number, key: Uint8Array, slice?: ClusteringSlice): Promise<PartitionUpdate | null>;
  /**
   * What this node answers a coordinator's partition read: readUnfiltered's partition still
   * encoded (partition-codec bytes, null when nothing is held) with its digest, or
   * (`digestOnly`) the digest alone (model/partition-digest.ts).
   */
  readReplica(tableId: number, key: Uint8Array, slice: ClusteringSlice, digestOnly: boolean): Promise<ReplicaReadAnswer>;
  /** Live partitions with tokens in (startToken, endToken], in token order. */
  scan(tableId: number, range?: ScanRange): AsyncIterable<LivePartition>;
  /** scan() as a replica answers a range read: canonical partitions, tombstone-only ones included. */
  scanUnfiltered(tableId: number, range?: ScanRange): AsyncIterable<PartitionUpdate>;

  /** The tables registered now. */
  tables(): readonly TableOptions[];
  createTable(options: TableOptions): Promise<void>;
  alterTable(options: TableOptions): Promise<void>;
  truncateTable(tableId: number): Promise<void>;
  dropTable(tableId: number): Promise<void>;
  /**
   * nodetool cleanup of one table: afterwards it holds no partition whose token is outside
   * `keep` (token spans, compaction/token-spans.ts), durably (a restart does not bring any back).
   */
  cleanupTable(tableId: number, keep: readonly TokenSpan[]): Promise<CleanupReport>;

  /** Stops taking requests and lets go of the node's resources (threads, files). */
  close(): Promise<void>;
}
