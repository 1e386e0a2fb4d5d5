/**
 * One compaction, start to finish, synchronously (it runs on a piscina thread, where blocking
 * I/O is the cheap kind):
 *
 *   open inputs ──► merge by (token, key) ──► purge (gc_grace, purge floor) ──► append to output
 *   (stored bytes)   (a partition nothing can change is copied as stored: compacted-partitions.ts)
 *        │                                                                       │ bytesWritten
 *        └── each partition read charges its share of the input's data bytes    │ >= maxOutputBytes:
 *            to the throttle (Cassandra throttles reads, not writes)             ▼ finish, next gen.
 *
 * A cleanup's request carries `keep`: partitions outside those token spans are stepped over
 * before the merge and counted, never written (cleanup-filter.ts).
 *
 * Outputs exist only once their TOC is written (sstable-writer.ts). On any error every output
 * of this task is removed, finished or not, and the error propagates: the caller keeps its
 * inputs and no partial result is ever visible. Inputs are NOT deleted here: readers on other
 * threads may still use them; the store drops them when the result is applied and they are
 * released.
 */

import { assert } from '../../lib/assert.js';
import type { StoragePort } from '../../lib/storage-port.js';
import type { SSTableDescriptor } from '../sstable/descriptor.js';
import { componentPath, SSTABLE_COMPONENTS } from '../sstable/descriptor.js';
import { SSTableReader, type ScannedPartition } from '../sstable/sstable-reader.js';
import { SSTableWriter } from '../sstable/sstable-writer.js';
import { keepPartitionsIn, type CleanupTally } from './cleanup-filter.js';
import { compactStored } from './compacted-partitions.js';
import type { CompactionRequest, CompactionResult } from './compaction-request.js';
import type { BlockingSleep, ThrottleClock } from './compaction-throttle.js';
import { CompactionThrottle } from './compaction-throttle.js';
import { PurgeFloor } from './purge-floor.js';
import type { PurgeOverlapSource } from './purge-floor.js';
import type { SSTableInfo } from './sstable-info.js';
import { sstableKey } from './sstable-info.js';

export interface CompactionEnvironment {
  readonly clock: ThrottleClock;
  readonly sleep: BlockingSleep;
  /**
   * The throttle a compaction at this rate charges. A pool thread gives every compaction it
   * runs the same one: compaction_throughput is one rate for all compactions, as Cassandra's
   * shared rate limiter is, and a fresh bucket per compaction let each start with a second's
   * burst (a vnode's compaction of ~15 MB never waited at all). Default: one per compaction.
   */
  readonly throttleFor?: (bytesPerSecond: number) => CompactionThrottle;
}

/** Input bytes read so far, charged to the throttle after each output partition. */
interface ReadMeter {
  partitions: number;
  bytes: number;
}

export function runCompaction(port: StoragePort, request: CompactionRequest, environment: CompactionEnvironment): CompactionResult {
  checkRequest(request);
  const startedMs = environment.clock.nowMs();
  const throttle =
    environment.throttleFor?.(request.throughputBytesPerSecond) ??
    new CompactionThrottle(request.throughputBytesPerSecond, environment.clock, environment.sleep);
  const sleptBeforeMs = throttle.sleptMs();
  const readers: SSTableReader[] = [];
  /** Readers of SSTables outside the compaction, opened only to probe their bloom filters. */
  const probes: SSTableReader[] = [];
  const finished: SSTableDescriptor[] = [];
  let writer: SSTableWriter | null = null;
  try {
    for (const descriptor of request.inputs) readers.push(SSTableReader.open(port, descriptor));
    const floor = new PurgeFloor(openPurgeOverlaps(port, request, probes));
    const meter: ReadMeter = { partitions: 0, bytes: 0 };
    const cleanup: CleanupTally = { partitionsDropped: 0 };
    const keep = request.keep;
    const sources = readers.map((reader) => (keep === undefined ? meteredScan(reader, meter) : keepPartitionsIn(meteredScan(reader, meter), keep, cleanup)));
    const inputPartitions = readers.reduce((sum, reader) => sum + reader.stats.partitionCount, 0);
    const inputBytes = readers.reduce((sum, reader) => sum + reader.stats.dataBytes, 0);
    const expectedPartitions = expectedPartitionsPerOutput(inputPartitions, inputBytes, request.maxOutputBytes);
    const time = { nowSeconds: Math.floor(request.nowMs / 1000), gcGraceSeconds: request.gcGraceSeconds };

    let charged = 0;
    let partitionsWritten = 0;
    let partitionsCopied = 0;
    let bytesWritten = 0;
    for (const compacted of compactStored(sources, floor, time)) {
      if (writer === null) {
        const generation = request.outputGenerations[finished.length];
        assert(generation !== undefined, 'ran out of output generations');
        writer = SSTableWriter.create(port, { directory: request.outputDirectory, generation }, {
          bloomFilterFpChance: request.bloomFilterFpChance,
          expectedPartitions,
          level: request.outputLevel,
          createdAtMs: request.nowMs,
        });
      }
      if (compacted.partition === null) {
        writer.appendSummarized(compacted.bytes, compacted.start, compacted.end, compacted.summary);
        partitionsCopied++;
      } else {
        writer.append(compacted.partition);
      }
      partitionsWritten++;
      throttle.acquire(meter.bytes - charged);
      charged = meter.bytes;
      const lastGeneration = finished.length + 1 >= request.outputGenerations.length;
      if (writer.bytesWritten() >= request.maxOutputBytes && !lastGeneration) {
        bytesWritten += writer.bytesWritten();
        writer.finish();
        finished.push(writer.descriptor);
        writer = null;
      }
    }
    if (writer !== null) {
      bytesWritten += writer.bytesWritten();
      writer.finish();
      finished.push(writer.descriptor);
      writer = null;
    }
    const outputs = finished.map((descriptor) => describeOutput(port, descriptor));
    return {
      taskId: request.taskId,
      inputs: request.inputs,
      outputs,
      partitionsRead: meter.partitions,
      partitionsWritten,
      partitionsCopied,
      bytesRead: meter.bytes,
      bytesWritten,
      throttledMs: throttle.sleptMs() - sleptBeforeMs,
      durationMs: environment.clock.nowMs() - startedMs,
      ...(keep === undefined ? {} : { partitionsDropped: cleanup.partitionsDropped }),
    };
  } catch (error) {
    if (writer !== null) writer.abort();
    for (const descriptor of finished) deleteOutput(port, descriptor);
    throw error;
  } finally {
    for (const reader of [...readers, ...probes]) reader.close();
  }
}

function checkRequest(request: CompactionRequest): void {
  assert(request.inputs.length > 0, 'compaction without inputs');
  assert(request.outputGenerations.length > 0, 'compaction without output generations');
  assert(request.maxOutputBytes > 0, 'maxOutputBytes must be positive');
  assert(Number.isSafeInteger(request.nowMs) && request.nowMs >= 0, 'bad nowMs');
  assert(Number.isSafeInteger(request.gcGraceSeconds) && request.gcGraceSeconds >= 0, 'bad gcGraceSeconds');
  const inputs = new Set(request.inputs.map(sstableKey));
  assert(inputs.size === request.inputs.length, 'an input appears twice');
  const outputs = new Set(request.outputGenerations);
  assert(outputs.size === request.outputGenerations.length, 'an output generation appears twice');
  for (const generation of request.outputGenerations) {
    assert(!inputs.has(sstableKey({ directory: request.outputDirectory, generation })), `output generation ${generation} is an input`);
  }
}

/**
 * The purge floor's sources: memtables by their bounds; SSTables by their bounds narrowed by
 * their bloom filter. An SSTable that cannot be opened any more (compacted away meanwhile)
 * falls back to its bounds alone: that only keeps tombstones longer.
 */
function openPurgeOverlaps(port: StoragePort, request: CompactionRequest, probes: SSTableReader[]): PurgeOverlapSource[] {
  const sources: PurgeOverlapSource[] = [];
  for (const overlap of request.overlapping) {
    const bounds = { minTimestamp: overlap.minTimestamp, minToken: overlap.minToken, maxToken: overlap.maxToken };
    if (overlap.sstable === null || !port.exists(componentPath(overlap.sstable, 'TOC'))) {
      sources.push({ ...bounds, mayContain: null });
      continue;
    }
    const reader = SSTableReader.open(port, overlap.sstable);
    probes.push(reader);
    sources.push({ ...bounds, mayContain: (token, key) => reader.mayContain(token, key) });
  }
  return sources;
}

function* meteredScan(reader: SSTableReader, meter: ReadMeter): Generator<ScannedPartition, void, undefined> {
  const bytesPerPartition = reader.stats.partitionCount === 0 ? 0 : reader.stats.dataBytes / reader.stats.partitionCount;
  for (const partition of reader.scanStored()) {
    meter.partitions++;
    meter.bytes += bytesPerPartition;
    yield partition;
  }
}

/** Bloom filters are sized for one output's share of the input, not the whole of it. */
function expectedPartitionsPerOutput(inputPartitions: number, inputBytes: number, maxOutputBytes: number): number {
  if (!Number.isFinite(maxOutputBytes) || inputBytes <= maxOutputBytes) return inputPartitions;
  const share = Math.ceil((inputPartitions * maxOutputBytes) / inputBytes);
  return Math.min(inputPartitions, Math.ceil(share * 1.1) + 1);
}

function describeOutput(port: StoragePort, descriptor: SSTableDescriptor): SSTableInfo {
  const reader = SSTableReader.open(port, descriptor);
  try {
    return { descriptor, stats: reader.stats, sizeOnDisk: reader.sizeOnDisk() };
  } finally {
    reader.close();
  }
}

/** Removes a finished output: the TOC first, so a crash midway leaves an incomplete (ignored) set. */
function deleteOutput(port: StoragePort, descriptor: SSTableDescriptor): void {
  const toc = componentPath(descriptor, 'TOC');
  if (port.exists(toc)) port.unlink(toc);
  for (const component of SSTABLE_COMPONENTS) {
    const path = componentPath(descriptor, component);
    if (port.exists(path)) port.unlink(path);
  }
}
