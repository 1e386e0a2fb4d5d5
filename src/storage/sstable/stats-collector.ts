/**
 * Accumulates SSTableStats while a writer appends partitions (counting rules in
 * sstable-stats.ts). Pure bookkeeping: no I/O.
 */

import { assert } from '../../lib/assert.js';
import type { DeletionTime } from '../model/deletion-time.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import type { Row } from '../model/row.js';
import { MAX_TOKEN, MIN_TOKEN } from '../model/token.js';
import { NO_DELETION_TIME } from '../model/timestamp.js';
import { compareBytes } from '../model/byte-order.js';
import { SSTABLE_FORMAT_VERSION } from './sstable-format.js';
import type { EncodedPartitionSummary } from './encoded-partition-summary.js';
import { Int64WordRange } from '../memtable/int64-word-range.js';
import { tokenFromHighLow } from '../memtable/token-words.js';
import type { SSTableStats } from './sstable-stats.js';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

export class StatsCollector {
  private partitionCount = 0;
  private rowCount = 0;
  private tombstoneCount = 0;
  private minTimestamp = INT64_MAX;
  private maxTimestamp = INT64_MIN;
  private minLocalDeletionTime = NO_DELETION_TIME;
  private maxLocalDeletionTime = 0;
  private minToken = MAX_TOKEN;
  private maxToken = MIN_TOKEN;
  private minClustering: Uint8Array | null = null;
  /**
   * The encoded path's timestamps, kept as words and folded into the bigint range once, at
   * finish, instead of building bigints per partition.
   */
  private readonly encodedTimestamps = new Int64WordRange();
  private maxClustering: Uint8Array | null = null;
  /** The encoded path's last token, as words until finish (or until a decoded partition follows). */
  private maxTokenHigh = 0;
  private maxTokenLow = 0;
  private maxTokenInWords = false;

  /** Partitions arrive in token order, so the first token is the minimum and the last the maximum. */
  add(partition: PartitionUpdate): void {
    if (this.partitionCount === 0) this.minToken = partition.token;
    this.maxToken = partition.token;
    this.maxTokenInWords = false;
    this.partitionCount++;
    if (partition.deletion !== null) this.addDeletion(partition.deletion);
    for (const tombstone of partition.rangeTombstones) this.addDeletion(tombstone.deletion);
    if (partition.staticRow !== null) this.addRow(partition.staticRow);
    for (const row of partition.rows) this.addRow(row);
    this.rowCount += partition.rows.length;
    const rows = partition.rows;
    if (rows.length > 0) {
      // Rows are in clustering order within a partition, so only the ends can move the range.
      const first = rows[0]!.clustering;
      const last = rows[rows.length - 1]!.clustering;
      if (this.minClustering === null || compareBytes(first, this.minClustering) < 0) this.minClustering = first.slice();
      if (this.maxClustering === null || compareBytes(last, this.maxClustering) > 0) this.maxClustering = last.slice();
    }
  }

  /** The same bookkeeping from a walk of an encoded partition (encoded-partition-summary.ts). */
  addSummary(summary: EncodedPartitionSummary, bytes: Uint8Array): void {
    if (this.partitionCount === 0) this.minToken = summary.token;
    this.maxTokenHigh = summary.tokenHigh;
    this.maxTokenLow = summary.tokenLow;
    this.maxTokenInWords = true;
    this.partitionCount++;
    this.rowCount += summary.rowCount;
    this.tombstoneCount += summary.tombstoneCount;
    this.encodedTimestamps.include(summary.timestamps);
    // Both still at their start values: the partition had nothing with a deletion time.
    if (summary.maxLocalDeletionTime !== 0 || summary.minLocalDeletionTime !== NO_DELETION_TIME) {
      this.addLocalDeletionTime(summary.minLocalDeletionTime);
      this.addLocalDeletionTime(summary.maxLocalDeletionTime);
    }
    // Partitions without clustering columns (the common ingest shape) have empty clusterings,
    // which move nothing once the range holds an empty one.
    const unclustered = summary.firstClusteringLength === 0 && summary.lastClusteringLength === 0;
    const alreadyCovered = unclustered && this.minClustering?.length === 0 && this.maxClustering !== null;
    if (summary.firstClusteringOffset >= 0 && !alreadyCovered) {
      const first = bytes.subarray(summary.firstClusteringOffset, summary.firstClusteringOffset + summary.firstClusteringLength);
      const last = bytes.subarray(summary.lastClusteringOffset, summary.lastClusteringOffset + summary.lastClusteringLength);
      if (this.minClustering === null || compareBytes(first, this.minClustering) < 0) this.minClustering = first.slice();
      if (this.maxClustering === null || compareBytes(last, this.maxClustering) > 0) this.maxClustering = last.slice();
    }
  }

  private addDeletion(deletion: DeletionTime): void {
    this.tombstoneCount++;
    this.addTimestamp(deletion.markedForDeleteAt);
    this.addLocalDeletionTime(deletion.localDeletionTime);
  }

  private addRow(row: Row): void {
    if (row.deletion !== null) this.addDeletion(row.deletion);
    if (row.liveness !== null) {
      this.addTimestamp(row.liveness.timestamp);
      this.addLocalDeletionTime(row.liveness.localExpirationTime);
    }
    for (const cell of row.cells) {
      if (cell.value === null) this.tombstoneCount++;
      this.addTimestamp(cell.timestamp);
      this.addLocalDeletionTime(cell.localDeletionTime);
    }
  }

  private addTimestamp(timestamp: bigint): void {
    if (timestamp < this.minTimestamp) this.minTimestamp = timestamp;
    if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
  }

  private addLocalDeletionTime(seconds: number): void {
    if (seconds < this.minLocalDeletionTime) this.minLocalDeletionTime = seconds;
    if (seconds > this.maxLocalDeletionTime) this.maxLocalDeletionTime = seconds;
  }

  finish(dataBytes: number, level: number, createdAtMs: number): SSTableStats {
    assert(dataBytes >= 0 && level >= 0 && createdAtMs >= 0, 'bad stats inputs');
    if (!this.encodedTimestamps.isEmpty()) {
      this.addTimestamp(this.encodedTimestamps.min());
      this.addTimestamp(this.encodedTimestamps.max());
      this.encodedTimestamps.clear();
    }
    if (this.maxTokenInWords) {
      this.maxToken = tokenFromHighLow(this.maxTokenHigh, this.maxTokenLow);
      this.maxTokenInWords = false;
    }
    return {
      formatVersion: SSTABLE_FORMAT_VERSION,
      partitionCount: this.partitionCount,
      rowCount: this.rowCount,
      tombstoneCount: this.tombstoneCount,
      minTimestamp: this.minTimestamp,
      maxTimestamp: this.maxTimestamp,
      minLocalDeletionTime: this.minLocalDeletionTime,
      maxLocalDeletionTime: this.maxLocalDeletionTime,
      minToken: this.minToken,
      maxToken: this.maxToken,
      minClustering: this.minClustering,
      maxClustering: this.maxClustering,
      dataBytes,
      level,
      createdAtMs,
    };
  }
}
