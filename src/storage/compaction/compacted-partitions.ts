/**
 * What a compaction writes, before any file is involved: the inputs merged in (token, key)
 * order, each merged partition purged (model/purge.ts) with
 *
 *   gcBefore              = nowSeconds - gc_grace_seconds
 *   maxPurgeableTimestamp = the key's purge floor (purge-floor.ts)
 *
 * and partitions left empty dropped. Inputs come as their stored bytes where they can
 * (SSTableReader.scanStored): a key that one input alone holds, whose partition has nothing a
 * purge could change (no tombstone, no TTL, no empty row: EncodedPartitionSummary.isPlain) and
 * at least one row, is written as those bytes, unchanged; every other key is decoded, its
 * versions merged (mergeAllPartitions) and purged. On the ingest shape (keys written once) every
 * partition takes the copy, which costs a fraction of decoding and re-encoding it.
 *
 * Kept apart from the file handling in compaction-task.ts so the purge rules are tested on
 * plain values (compactedPartitions).
 */

import { assert } from '../../lib/assert.js';
import { ByteReader } from '../../lib/bytes/byte-reader.js';
import { MinHeap } from '../../lib/min-heap.js';
import { compareTokenWords, readHigh, tokenHigh, tokenLow } from '../memtable/token-words.js';
import { compareByteRanges } from '../model/byte-order.js';
import { mergeAllPartitions } from '../model/merge.js';
import { PartitionHeaderLayout, readPartition } from '../model/partition-codec.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import { purgePartition } from '../model/purge.js';
import { EncodedPartitionSummary } from '../sstable/encoded-partition-summary.js';
import type { ScannedPartition } from '../sstable/sstable-reader.js';
import type { PurgeFloor } from './purge-floor.js';

export interface PurgeTime {
  readonly nowSeconds: number;
  readonly gcGraceSeconds: number;
}

/**
 * One output partition: stored bytes (bytes[start, end), with `summary` their walk) and
 * `partition` null, or decoded.
 */
export interface CompactedPartition {
  bytes: Uint8Array;
  start: number;
  end: number;
  summary: EncodedPartitionSummary;
  partition: PartitionUpdate | null;
}

/** The partition a source is at, as token words and key, with its stored bytes or decoded form. */
class SourceHead {
  high = 0;
  /** The token's real low word (token-words.ts tokenLow). */
  low = 0;
  keyBytes: Uint8Array = NO_BYTES;
  keyOffset = 0;
  keyLength = 0;
  bytes: Uint8Array = NO_BYTES;
  start = 0;
  end = 0;
  decoded: PartitionUpdate | null = null;

  constructor(
    readonly source: number,
    private readonly partitions: Iterator<ScannedPartition>,
  ) {}

  /** Moves to the source's next partition; false at its end. A source must ascend strictly. */
  advance(first: boolean): boolean {
    const next = this.partitions.next();
    if (next.done === true) return false;
    const { bytes, start, end, decoded } = next.value;
    let high: number;
    let low: number;
    let keyBytes: Uint8Array;
    let keyOffset: number;
    let keyLength: number;
    if (decoded === null) {
      high = readHigh(bytes, start + PartitionHeaderLayout.token);
      low = readHigh(bytes, start + PartitionHeaderLayout.token + 4);
      keyLength = (bytes[start + PartitionHeaderLayout.keyLength]! << 8) | bytes[start + PartitionHeaderLayout.keyLength + 1]!;
      keyBytes = bytes;
      keyOffset = start + PartitionHeaderLayout.key;
    } else {
      high = tokenHigh(decoded.token);
      low = tokenLow(decoded.token);
      keyBytes = decoded.key;
      keyOffset = 0;
      keyLength = decoded.key.length;
    }
    if (!first && compareToHead(this, high, low, keyBytes, keyOffset, keyLength) <= 0) {
      assert(false, `merge source ${this.source} is not in ascending (token, key) order`);
    }
    this.high = high;
    this.low = low;
    this.keyBytes = keyBytes;
    this.keyOffset = keyOffset;
    this.keyLength = keyLength;
    this.bytes = bytes;
    this.start = start;
    this.end = end;
    this.decoded = decoded;
    return true;
  }

  /** The partition, decoded from its stored bytes if it came stored (values stay views). */
  partition(): PartitionUpdate {
    if (this.decoded !== null) return this.decoded;
    const reader = new ByteReader(this.bytes, this.start, this.end);
    const partition = readPartition(reader, false);
    if (reader.position !== this.end) throw new RangeError('stored partition does not end where its record does');
    return partition;
  }
}

const NO_BYTES = new Uint8Array(0);

/** Orders the partition (high, low, key range) against the one `head` is at. */
function compareToHead(head: SourceHead, high: number, low: number, keyBytes: Uint8Array, keyOffset: number, keyLength: number): number {
  return (
    compareTokenWords(high, low, head.high, head.low) ||
    compareByteRanges(keyBytes, keyOffset, keyLength, head.keyBytes, head.keyOffset, head.keyLength)
  );
}

function compareKeys(a: SourceHead, b: SourceHead): number {
  return compareToHead(b, a.high, a.low, a.keyBytes, a.keyOffset, a.keyLength);
}

export function* compactStored(
  sources: readonly Iterator<ScannedPartition>[],
  floor: PurgeFloor,
  time: PurgeTime,
): Generator<CompactedPartition, void, undefined> {
  assert(Number.isInteger(time.nowSeconds) && Number.isInteger(time.gcGraceSeconds) && time.gcGraceSeconds >= 0, 'bad purge time');
  const gcBefore = time.nowSeconds - time.gcGraceSeconds;
  const heap = new MinHeap<SourceHead>((a, b) => compareKeys(a, b) || a.source - b.source);
  for (let source = 0; source < sources.length; source++) {
    const head = new SourceHead(source, sources[source]!);
    if (head.advance(true)) heap.push(head);
  }
  const summary = new EncodedPartitionSummary();
  const output: CompactedPartition = { bytes: NO_BYTES, start: 0, end: 0, summary, partition: null };
  const group: SourceHead[] = [];
  const versions: PartitionUpdate[] = [];
  while (heap.size > 0) {
    const first = heap.pop();
    group.length = 0;
    group.push(first);
    while (heap.size > 0 && compareKeys(heap.peek(), first) === 0) group.push(heap.pop());
    let written = false;
    if (group.length === 1 && first.decoded === null) {
      summary.summarize(first.bytes, first.start, first.end - first.start);
      if (summary.isPlain()) {
        output.bytes = first.bytes;
        output.start = first.start;
        output.end = first.end;
        output.partition = null;
        written = true;
      }
    }
    if (!written) {
      versions.length = 0;
      for (const head of group) versions.push(head.partition());
      const merged = versions.length === 1 ? versions[0]! : mergeAllPartitions(versions);
      output.partition = purgePartition(merged, { nowSeconds: time.nowSeconds, gcBefore, maxPurgeableTimestamp: floor.maxPurgeableTimestamp(merged) });
    }
    // The output's bytes and partition do not depend on the heads any more: advancing reads on
    // (a new block is a new buffer) without touching what was yielded.
    for (const head of group) if (head.advance(false)) heap.push(head);
    if (written || output.partition !== null) yield output;
  }
}

/** compactStored over decoded partitions (the purge rules' tests): every output decoded. */
export function* compactedPartitions(
  sources: readonly Iterator<PartitionUpdate>[],
  floor: PurgeFloor,
  time: PurgeTime,
): Generator<PartitionUpdate, void, undefined> {
  const scanned = sources.map((source) => asScanned(source));
  for (const compacted of compactStored(scanned, floor, time)) yield compacted.partition!;
}

function* asScanned(source: Iterator<PartitionUpdate>): Generator<ScannedPartition, void, undefined> {
  const scanned: ScannedPartition = { bytes: NO_BYTES, start: 0, end: 0, decoded: null };
  for (let next = source.next(); next.done !== true; next = source.next()) {
    scanned.decoded = next.value;
    yield scanned;
  }
}
