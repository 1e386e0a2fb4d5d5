/**
 * Partitions in the partition-codec.ts layout, in token order, written one per call into a
 * writer the consumer owns: a memtable streams itself into an SSTable's data block this way,
 * with no buffer in between and no allocation per partition.
 */

import type { ByteWriter } from '../../lib/bytes/byte-writer.js';

export interface EncodedPartitionSource {
  /** Appends the next partition to `into`; false, writing nothing, when there is none. */
  next(into: ByteWriter): boolean;
}
