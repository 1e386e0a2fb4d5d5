/**
 * Writes one frozen memtable as one SSTable. Runs on a pool thread: the memtable's slabs are
 * SharedArrayBuffers, so the handle arrives by reference and the flush reads the very bytes
 * the VNodeActor wrote (no copy). The VNodeActor keeps serving reads from the frozen memtable
 * until the SSTable is opened in its place.
 */

import type { StoragePort } from '../../lib/storage-port.js';
import { openFrozenMemtable, type FrozenMemtable } from '../memtable/memtable.js';
import type { SSTableStats } from '../sstable/sstable-stats.js';
import { SSTableWriter } from '../sstable/sstable-writer.js';
import type { EncodedPartitionSource } from '../model/encoded-partition-source.js';

export interface FlushRequest {
  readonly memtable: FrozenMemtable;
  readonly directory: string;
  readonly generation: number;
  readonly bloomFilterFpChance: number;
  readonly createdAtMs: number;
}

export interface FlushResult {
  readonly generation: number;
  /** null when the memtable held nothing, so no SSTable was written. */
  readonly stats: SSTableStats | null;
}

export function runFlush(port: StoragePort, request: FlushRequest): FlushResult {
  const memtable = openFrozenMemtable(request.memtable);
  if (memtable.partitionCount() === 0) return { generation: request.generation, stats: null };
  port.mkdirp(request.directory);
  const writer = SSTableWriter.create(
    port,
    { directory: request.directory, generation: request.generation },
    {
      bloomFilterFpChance: request.bloomFilterFpChance,
      expectedPartitions: memtable.partitionCount(),
      level: 0,
      createdAtMs: request.createdAtMs,
    },
  );
  try {
    appendAll(writer, memtable.encodedPartitionSource());
    return { generation: request.generation, stats: writer.finish() };
  } catch (error) {
    writer.abort();
    throw error;
  }
}

/**
 * The memtable's records are already in the partition-codec layout: each partition is
 * assembled straight into the data block, with no decode, no re-encode, no copy between.
 *
 * The loop has a function of its own: inlined in runFlush, it ran as on-stack-replaced code
 * that deoptimized on reaching runFlush's cold tail at the end of every flush, and the
 * recompilations (writer and memtable reader inlined) took a share of a core on busy ingests.
 */
function appendAll(writer: SSTableWriter, source: EncodedPartitionSource): void {
  while (writer.appendNextEncoded(source));
}
