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
  ENTRY_INTS,
  INDEX_HEIGHT_MAX,
  LEAF_ENTRIES,
  LEAF_NEXT,
  NODE_COUNT,
  NODE_INTS_SHIFT,
  NO_NODE,
  type IndexShape,
  type NodeView,
} from './index-node-layout.js';
import { searchIndex } from './index-search.js';
import { readPartitionPayload, type PartitionLevelData } from './partition-entry-codec.js';
import type { ArenaView } from './shared-arena.js';
import { tokenFromWords, tokenHigh, tokenLowBiased } from './token-words.js';

const NO_RANGE_TOMBSTONES: readonly RangeTombstone[] = Object.freeze([]);

/** A position in the leaf chain; `leaf === NO_NODE` once past the last entry. */
export class LeafCursor {
  leaf = NO_NODE;
  pos = 0;
  private count = 0;
  private ints: Int32Array = new Int32Array(0);
  private entry = 0;

  constructor(private readonly nodes: NodeView) {}

  moveTo(leaf: number, pos: number): void {
    this.leaf = leaf;
    this.pos = pos;
    if (leaf === NO_NODE) return;
    this.ints = this.nodes.slabInts[leaf >>> this.nodes.nodeShift]!;
    const base = (leaf & this.nodes.nodeMask) << NODE_INTS_SHIFT;
    this.count = this.ints[base + NODE_COUNT]!;
    assert(this.count > 0, 'empty leaf in the chain');
    if (pos >= this.count) {
      this.moveTo(this.ints[base + LEAF_NEXT]!, pos - this.count);
      return;
    }
    this.entry = base + LEAF_ENTRIES + pos * ENTRY_INTS;
  }

  advance(): void {
    this.pos++;
    if (this.pos < this.count) {
      this.entry += ENTRY_INTS;
      return;
    }
    const base = (this.leaf & this.nodes.nodeMask) << NODE_INTS_SHIFT;
    this.moveTo(this.ints[base + LEAF_NEXT]!, 0);
  }

  high(): number {
    return this.ints[this.entry]!;
  }

  lowBiased(): number {
    return this.ints[this.entry + 1]!;
  }

  ref(): number {
    return this.ints[this.entry + 2]!;
  }
}

export class MemtableReader {
  private readonly pathNode = new Int32Array(INDEX_HEIGHT_MAX);
  private readonly pathPos = new Int32Array(INDEX_HEIGHT_MAX);

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
    if (this.shape.height === 0) return null;
    const search = new SearchKey();
    search.high = tokenHigh(token);
    search.lowBiased = tokenLowBiased(token);
    search.setPartition(key, 0, key.length);
    const cursor = new LeafCursor(this.nodes);
    this.seek(search, cursor);
    if (cursor.leaf === NO_NODE || cursor.high() !== search.high || cursor.lowBiased() !== search.lowBiased) {
      return null;
    }
    const bytes = this.bytesOf(cursor.ref());
    const at = this.offsetOf(cursor.ref());
    if (recordKeyLength(bytes, at) !== key.length) return null;
    for (let i = 0; i < key.length; i++) if (bytes[at + RECORD_HEADER_BYTES + i] !== key[i]) return null;
    return this.readPartitionAt(cursor);
  }

  /** Partitions with tokens in (startToken, endToken], in (token, key) order; no wrapping. */
  *partitions(startToken?: Token, endToken?: Token): IterableIterator<PartitionUpdate> {
    if (this.shape.height === 0) return;
    if (startToken !== undefined && endToken !== undefined && startToken >= endToken) return;
    if (startToken === MAX_TOKEN) return;
    const version = this.version();
    const cursor = new LeafCursor(this.nodes);
    if (startToken === undefined) {
      cursor.moveTo(this.shape.firstLeaf, 0);
    } else {
      const search = new SearchKey();
      search.high = tokenHigh(startToken + 1n);
      search.lowBiased = tokenLowBiased(startToken + 1n);
      search.setPartition(new Uint8Array(0), 0, 0);
      this.seek(search, cursor);
    }
    const endHigh = endToken === undefined ? 0x7fffffff : tokenHigh(endToken);
    const endLow = endToken === undefined ? 0x7fffffff : tokenLowBiased(endToken);
    while (cursor.leaf !== NO_NODE) {
      const high = cursor.high();
      const low = cursor.lowBiased();
      if (high > endHigh || (high === endHigh && low > endLow)) return;
      const partition = this.readPartitionAt(cursor);
      yield partition;
      assert(this.version() === version, 'memtable changed while it was being iterated');
    }
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
        assert(partitionData === null && rows.length === 0, 'partition entry must come first, once');
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

  private decodeRow(bytes: Uint8Array, at: number): Row {
    const start = at + RECORD_HEADER_BYTES + recordKeyLength(bytes, at);
    const end = start + recordPayloadLength(bytes, at);
    const reader = new ByteReader(bytes, start, end);
    const row = readRow(reader, true);
    assert(reader.position === end, 'row record length mismatch');
    return row;
  }

  private decodePartitionData(bytes: Uint8Array, at: number): PartitionLevelData {
    const start = at + RECORD_HEADER_BYTES + recordKeyLength(bytes, at);
    const end = start + recordPayloadLength(bytes, at);
    const reader = new ByteReader(bytes, start, end);
    const data = readPartitionPayload(reader, true);
    assert(reader.position === end, 'partition record length mismatch');
    return data;
  }

  private bytesOf(ref: number): Uint8Array {
    return this.arena.slotBytes[ref >>> this.arena.slabShift]!;
  }

  private offsetOf(ref: number): number {
    return ref - this.arena.slotBase[ref >>> this.arena.slabShift]!;
  }
}
