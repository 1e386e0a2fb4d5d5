/**
 * Reads a memtable's index and arena, on the owning thread (active memtable) or on any thread
 * (frozen one, see frozen-memtable.ts): point lookups and ordered scans that turn index entries
 * back into PartitionUpdates, copying every byte out of the arena so the result outlives it.
 *
 * Entries of one partition are contiguous in the index: the optional partition entry first,
 * then its rows by clustering, so a partition is read by walking the leaf chain from its first
 * entry while token and key stay the same.
 */

import { assert } from '../../lib/assert.js';
import { ByteReader } from '../../lib/bytes/byte-reader.js';
import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import type { EncodedPartitionSource } from '../model/encoded-partition-source.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import { readRow } from '../model/partition-codec.js';
import type { RangeTombstone } from '../model/range-tombstone.js';
import type { Row } from '../model/row.js';
import { MAX_TOKEN, type Token } from '../model/token.js';
import {
  RECORD_KIND_ROW,
  SearchKey,
  recordKeyLength,
  recordKeysEqual,
  recordPayloadLength,
  RECORD_HEADER_BYTES,
} from './entry-record.js';
import {
  INDEX_HEIGHT_MAX,
  LEAF_HIGH,
  LEAF_LOW,
  LEAF_NEXT,
  LEAF_REF,
  NODE_COUNT,
  NODE_INTS_SHIFT,
  NO_NODE,
  type IndexShape,
  type NodeView,
} from './index-node-layout.js';
import { searchIndex } from './index-search.js';
import { readPartitionPayload, type PartitionLevelData } from './partition-entry-codec.js';
import type { ArenaView } from './shared-arena.js';
import { lowWordOf, tokenFromWords, tokenHigh, tokenLowBiased } from './token-words.js';

/** How much of each record a scan warms ahead: four cache lines cover a typical small row. */
const WARM_BYTES = 256;
const NO_RANGE_TOMBSTONES: readonly RangeTombstone[] = Object.freeze([]);

/**
 * A position in the leaf chain; `leaf === NO_NODE` once past the last entry.
 *
 * With an arena to warm, entering a leaf first touches the first cache lines of every record
 * it points to. Records of neighbouring keys sit anywhere in the arena (writes come in random
 * token order), so a scan misses the cache on every record; touching a leaf's worth of them
 * in one tight loop lets the CPU overlap those misses instead of waiting for each in turn.
 * Measured on the stress shape: +20% partitions per second.
 */
export class LeafCursor {
  leaf = NO_NODE;
  pos = 0;
  private count = 0;
  private ints: Int32Array = new Int32Array(0);
  private base = 0;
  /** Keeps the warming loads observable, so the compiler cannot drop them. */
  warmed = 0;

  constructor(
    private readonly nodes: NodeView,
    private readonly warmArena: ArenaView | null,
  ) {}

  moveTo(leaf: number, pos: number): void {
    this.leaf = leaf;
    this.pos = pos;
    if (leaf === NO_NODE) return;
    this.ints = this.nodes.slabInts[leaf >>> this.nodes.nodeShift]!;
    this.base = (leaf & this.nodes.nodeMask) << NODE_INTS_SHIFT;
    this.count = this.ints[this.base + NODE_COUNT]!;
    assert(this.count > 0, 'empty leaf in the chain');
    if (pos >= this.count) this.moveTo(this.ints[this.base + LEAF_NEXT]!, pos - this.count);
    else if (this.warmArena !== null) this.warm(this.warmArena);
  }

  private warm(arena: ArenaView): void {
    let sum = 0;
    for (let i = this.pos; i < this.count; i++) {
      const ref = this.ints[this.base + LEAF_REF + i]!;
      const slot = ref >>> arena.slabShift;
      const bytes = arena.slotBytes[slot]!;
      const at = ref - arena.slotBase[slot]!;
      const last = bytes.length - 1;
      for (let line = 0; line < WARM_BYTES; line += 64) {
        sum += bytes[at + line < last ? at + line : last]!;
      }
    }
    this.warmed = sum;
  }

  advance(): void {
    this.pos++;
    if (this.pos >= this.count) this.moveTo(this.ints[this.base + LEAF_NEXT]!, 0);
  }

  high(): number {
    return this.ints[this.base + LEAF_HIGH + this.pos]!;
  }

  lowBiased(): number {
    return this.ints[this.base + LEAF_LOW + this.pos]!;
  }

  ref(): number {
    return this.ints[this.base + LEAF_REF + this.pos]!;
  }
}

function isPast(cursor: LeafCursor, endHigh: number, endLow: number): boolean {
  const high = cursor.high();
  return high > endHigh || (high === endHigh && cursor.lowBiased() > endLow);
}

export class MemtableReader {
  private readonly pathNode = new Int32Array(INDEX_HEIGHT_MAX);
  private readonly pathPos = new Int32Array(INDEX_HEIGHT_MAX);
  private readonly readers = new WeakMap<Uint8Array, ByteReader>();
  private slotReader = new ByteReader(new Uint8Array(0));

  /**
   * `version` changes whenever the index changes; an iterator that sees it move throws, since
   * a leaf split under it would skip or repeat entries. Frozen memtables pass a constant.
   */
  constructor(
    private readonly tableId: number,
    private readonly nodes: NodeView,
    private readonly arena: ArenaView,
    private readonly shape: IndexShape,
    private readonly version: () => number,
  ) {}

  readPartition(token: Token, key: Uint8Array): PartitionUpdate | null {
    const cursor = this.findPartition(token, key);
    return cursor === null ? null : this.readPartitionAt(cursor);
  }

  /** Whether the memtable holds anything of the partition, without decoding it. */
  hasPartition(token: Token, key: Uint8Array): boolean {
    return this.findPartition(token, key) !== null;
  }

  /** A cursor at the partition's first entry, or null if the memtable does not hold it. */
  private findPartition(token: Token, key: Uint8Array): LeafCursor | null {
    if (this.shape.height === 0) return null;
    const search = new SearchKey();
    search.high = tokenHigh(token);
    search.lowBiased = tokenLowBiased(token);
    search.setPartition(key, 0, key.length);
    const cursor = new LeafCursor(this.nodes, null);
    this.seek(search, cursor);
    if (cursor.leaf === NO_NODE) return null;
    if (cursor.high() !== search.high || cursor.lowBiased() !== search.lowBiased) return null;
    const bytes = this.bytesOf(cursor.ref());
    const at = this.offsetOf(cursor.ref());
    if (recordKeyLength(bytes, at) !== key.length) return null;
    const keyStart = at + RECORD_HEADER_BYTES;
    for (let i = 0; i < key.length; i++) if (bytes[keyStart + i] !== key[i]) return null;
    return cursor;
  }

  /** Partitions with tokens in (startToken, endToken], in (token, key) order; no wrapping. */
  *partitions(startToken?: Token, endToken?: Token): IterableIterator<PartitionUpdate> {
    const cursor = this.startScan(startToken, endToken);
    if (cursor === null) return;
    const version = this.version();
    const [endHigh, endLow] = this.endWords(endToken);
    while (cursor.leaf !== NO_NODE && !isPast(cursor, endHigh, endLow)) {
      const partition = this.readPartitionAt(cursor);
      yield partition;
      assert(this.version() === version, 'memtable changed while it was being iterated');
    }
  }

  /**
   * The same partitions as `partitions`, each written in its partition-codec.ts encoding into
   * the writer given to `next`, assembled from the arena records by copying bytes, with no
   * decoding: the cheap way to stream a frozen memtable into a file.
   */
  encodedPartitionSource(startToken?: Token, endToken?: Token): EncodedPartitionSource {
    const cursor = this.startScan(startToken, endToken);
    const version = this.version();
    const [endHigh, endLow] = this.endWords(endToken);
    return {
      next: (into: ByteWriter): boolean => {
        if (cursor === null || cursor.leaf === NO_NODE || isPast(cursor, endHigh, endLow)) return false;
        assert(this.version() === version, 'memtable changed while it was being iterated');
        this.encodePartitionAt(cursor, into);
        return true;
      },
    };
  }

  /** encodedPartitionSource as views; each is valid only until the next step of the iterator. */
  *encodedPartitions(startToken?: Token, endToken?: Token): IterableIterator<Uint8Array> {
    const source = this.encodedPartitionSource(startToken, endToken);
    const writer = new ByteWriter(64 * 1024);
    for (;;) {
      writer.reset();
      if (!source.next(writer)) return;
      yield writer.written();
    }
  }

  /** A warming cursor at the first entry of a token above `startToken`, or null if none can be. */
  private startScan(startToken: Token | undefined, endToken: Token | undefined): LeafCursor | null {
    if (this.shape.height === 0) return null;
    if (startToken !== undefined && endToken !== undefined && startToken >= endToken) return null;
    if (startToken === MAX_TOKEN) return null;
    const cursor = new LeafCursor(this.nodes, this.arena);
    if (startToken === undefined) {
      cursor.moveTo(this.shape.firstLeaf, 0);
    } else {
      const search = new SearchKey();
      search.high = tokenHigh(startToken + 1n);
      search.lowBiased = tokenLowBiased(startToken + 1n);
      search.setPartition(new Uint8Array(0), 0, 0);
      this.seek(search, cursor);
    }
    return cursor;
  }

  /** The end of a scan as token words; an unbounded end is the largest token. */
  private endWords(endToken: Token | undefined): readonly [number, number] {
    if (endToken === undefined) return [0x7fffffff, 0x7fffffff];
    return [tokenHigh(endToken), tokenLowBiased(endToken)];
  }

  /** Positions the cursor at the first entry not less than `search`. */
  private seek(search: SearchKey, cursor: LeafCursor): void {
    searchIndex(this.nodes, this.arena, this.shape, search, this.pathNode, this.pathPos);
    const leafLevel = this.shape.height - 1;
    cursor.moveTo(this.pathNode[leafLevel]!, this.pathPos[leafLevel]!);
  }

  /** Decodes the partition whose first entry is under the cursor and moves past its last. */
  private readPartitionAt(cursor: LeafCursor): PartitionUpdate {
    const high = cursor.high();
    const low = cursor.lowBiased();
    const firstBytes = this.bytesOf(cursor.ref());
    const firstAt = this.offsetOf(cursor.ref());
    const keyStart = firstAt + RECORD_HEADER_BYTES;
    const key = firstBytes.slice(keyStart, keyStart + recordKeyLength(firstBytes, firstAt));
    let partitionData: PartitionLevelData | null = null;
    const rows: Row[] = [];
    do {
      const bytes = this.bytesOf(cursor.ref());
      const at = this.offsetOf(cursor.ref());
      if (bytes[at] === RECORD_KIND_ROW) {
        rows.push(this.decodeRow(bytes, at));
      } else {
        const first = partitionData === null && rows.length === 0;
        assert(first, 'partition entry must come first, once');
        partitionData = this.decodePartitionData(bytes, at);
      }
      cursor.advance();
    } while (
      cursor.leaf !== NO_NODE &&
      cursor.high() === high &&
      cursor.lowBiased() === low &&
      recordKeysEqual(firstBytes, firstAt, this.bytesOf(cursor.ref()), this.offsetOf(cursor.ref()))
    );
    return {
      tableId: this.tableId,
      token: tokenFromWords(high, low),
      key,
      deletion: partitionData === null ? null : partitionData.deletion,
      rangeTombstones: partitionData === null ? NO_RANGE_TOMBSTONES : partitionData.rangeTombstones,
      staticRow: partitionData === null ? null : partitionData.staticRow,
      rows,
    };
  }

  /** Writes the partition under the cursor in partition-codec.ts layout; moves past it. */
  private encodePartitionAt(cursor: LeafCursor, writer: ByteWriter): void {
    const high = cursor.high();
    const low = cursor.lowBiased();
    const firstBytes = this.bytesOf(cursor.ref());
    const firstAt = this.offsetOf(cursor.ref());
    const keyStart = firstAt + RECORD_HEADER_BYTES;
    const keyLength = recordKeyLength(firstBytes, firstAt);
    writer.u32(this.tableId);
    writer.i32(high);
    writer.i32(lowWordOf(low));
    writer.u16(keyLength);
    writer.rawRange(firstBytes, keyStart, keyLength);
    if (firstBytes[firstAt] === RECORD_KIND_ROW) {
      writer.u8(0);
    } else {
      this.copyPayload(cursor.ref(), writer);
      cursor.advance();
    }
    const rowCountAt = writer.position;
    writer.u32(0);
    let rowCount = 0;
    while (
      cursor.leaf !== NO_NODE &&
      cursor.high() === high &&
      cursor.lowBiased() === low &&
      recordKeysEqual(firstBytes, firstAt, this.bytesOf(cursor.ref()), this.offsetOf(cursor.ref()))
    ) {
      const bytes = this.bytesOf(cursor.ref());
      const at = this.offsetOf(cursor.ref());
      assert(bytes[at] === RECORD_KIND_ROW, 'partition entry must come first, once');
      this.copyPayload(cursor.ref(), writer);
      rowCount++;
      cursor.advance();
    }
    writer.patchU32(rowCountAt, rowCount);
  }

  private copyPayload(ref: number, writer: ByteWriter): void {
    const bytes = this.bytesOf(ref);
    const at = this.offsetOf(ref);
    writer.rawRangeFrom(bytes, this.viewOf(ref), at + RECORD_HEADER_BYTES + recordKeyLength(bytes, at), recordPayloadLength(bytes, at));
  }

  private decodeRow(bytes: Uint8Array, at: number): Row {
    const end = this.positionAtPayload(bytes, at);
    const row = readRow(this.slotReader, true);
    assert(this.slotReader.position === end, 'row record length mismatch');
    return row;
  }

  private decodePartitionData(bytes: Uint8Array, at: number): PartitionLevelData {
    const end = this.positionAtPayload(bytes, at);
    const data = readPartitionPayload(this.slotReader, true);
    assert(this.slotReader.position === end, 'partition record length mismatch');
    return data;
  }

  /**
   * Points `slotReader` at a record's payload and returns where the payload ends. One reader
   * per slab is kept (a reader and its DataView per record cost more than decoding a small
   * row); the values are copied out (`copy` true): slices under 64 bytes stay on the V8 heap,
   * which is cheaper than copying a whole record into a fresh off-heap buffer and viewing it.
   */
  private positionAtPayload(bytes: Uint8Array, at: number): number {
    if (this.slotReader.bytes !== bytes) this.slotReader = this.readerFor(bytes);
    const start = at + RECORD_HEADER_BYTES + recordKeyLength(bytes, at);
    this.slotReader.position = start;
    return start + recordPayloadLength(bytes, at);
  }

  private readerFor(bytes: Uint8Array): ByteReader {
    let reader = this.readers.get(bytes);
    if (reader === undefined) {
      reader = new ByteReader(bytes);
      this.readers.set(bytes, reader);
    }
    return reader;
  }

  private bytesOf(ref: number): Uint8Array {
    return this.arena.slotBytes[ref >>> this.arena.slabShift]!;
  }

  private offsetOf(ref: number): number {
    return ref - this.arena.slotBase[ref >>> this.arena.slabShift]!;
  }

  /** A DataView over the same memory as bytesOf(ref). */
  private viewOf(ref: number): DataView {
    return this.arena.slotViews[ref >>> this.arena.slabShift]!;
  }
}
