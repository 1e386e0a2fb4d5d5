/**
 * What the CQL executor reads and writes through (Cassandra's StorageProxy): the node's own
 * StorageEngine on a single node, which has exactly these calls, or a coordinator that sends
 * them to the replicas of each partition at a consistency level (coordinator-proxy.ts; one
 * object per level, so the executor's calls carry none). Writes to different partitions are
 * independent; a read answers live data, tombstones applied.
 */

import type { ClusteringSlice } from '../../storage/model/clustering-slice.js';
import type { LivePartition } from '../../storage/model/read-filter.js';
import type { RowBatchWriter } from '../../storage/row-batch-writer.js';
import type { ScanRange, WriteMutation } from '../../storage/storage-engine.js';

export interface StorageProxy {
  write(mutations: readonly WriteMutation[]): Promise<void>;
  /** Rows encoded straight into outgoing batches (bulk path); resolves with the row count. */
  writeRows(tableId: number, fill: (rows: RowBatchWriter) => void): Promise<number>;
  read(tableId: number, key: Uint8Array, slice?: ClusteringSlice): Promise<LivePartition | null>;
  /** Live partitions with tokens in (startToken, endToken], in token order. */
  scan(tableId: number, range?: ScanRange): AsyncIterable<LivePartition>;
  /**
   * Writes of counter tables in a cluster (StorageProxy.mutateCounter): one mutation per
   * partition, its counter cells holding deltas (counter-mutation.ts), each sent to a leader
   * replica that builds its own shards from them; `table` names the table if the level is
   * refused. Absent on a single node, whose executor builds the node's shards itself.
   */
  writeCounters?(updates: readonly WriteMutation[], table: string): Promise<void>;
}
