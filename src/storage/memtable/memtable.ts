/**
 * The recent writes of one table within one token range, owned by one VNodeActor (one writer
 * thread), kept in SharedArrayBuffer so that, once frozen, the flusher on another thread reads
 * it in place (ARCHITECTURE.md section 4; layout in docs/formats/memtable-arena.md).
 *
 *   applyEncoded(update bytes)
 *     1. scan    walk the encoded update: key, partition-level bytes, row ranges, timestamps
 *     2. plan    search the index for each entry (partition entry, then rows); an entry that
 *                exists is merged now (merge.ts rules) into a scratch buffer
 *     3. check   arena bytes + worst-case index nodes must fit the pool, or OverloadedError
 *                is thrown before anything changed: an update is applied whole or not at all
 *     4. write   copy each record into the arena once (new rows straight from the batch
 *                bytes), then insert its index entry or repoint the existing one
 *
 *   active --freeze()--> frozen (read-only, handle for other threads) --release()--> released
 *
 * A one-entry update (the common one-row write) reuses the search path of step 2 in step 4,
 * so it descends the tree once.
 */

import { assert } from '../../lib/assert.js';
import { ByteReader } from '../../lib/bytes/byte-reader.js';
import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { copyRange } from '../../lib/bytes/copy-range.js';
import { OverloadedError } from '../../lib/errors.js';
import { mergePartitions, mergeRows } from '../model/merge.js';
import { readRow, writePartition, writeRow } from '../model/partition-codec.js';
import type { EncodedPartitionSource } from '../model/encoded-partition-source.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import type { Token } from '../model/token.js';
import { EncodedPartitionScanner } from './encoded-partition-scanner.js';
import { Int64WordRange } from './int64-word-range.js';
import {
  RECORD_HEADER_BYTES,
  RECORD_KIND_PARTITION,
  RECORD_KIND_ROW,
  SearchKey,
  copyBytes,
  recordBytes,
  recordKeyLength,
  recordPayloadLength,
  writeRecordHead,
} from './entry-record.js';
import {
  CONTROL_ARENA_SLOTS,
  CONTROL_BYTES,
  CONTROL_FIRST_LEAF,
  CONTROL_FROZEN,
  CONTROL_HEIGHT,
  CONTROL_LAYOUT_VERSION,
  CONTROL_NODE_SLABS,
  CONTROL_PARTITIONS,
  CONTROL_RELEASED,
  CONTROL_ROOT,
  CONTROL_ROWS,
  MEMTABLE_LAYOUT_VERSION,
  type FrozenMemtable,
} from './frozen-memtable.js';
import { NODE_BYTES } from './index-node-layout.js';
import { IndexNodeStore } from './index-node-store.js';
import { MemtableReader } from './memtable-reader.js';
import {
  readPartitionPayload,
  writePartitionPayload,
  type PartitionLevelData,
} from './partition-entry-codec.js';
import { SharedArena } from './shared-arena.js';
import type { SlabPool } from './slab-pool.js';
import { SortedIndex } from './sorted-index.js';

export {
  openFrozenMemtable,
  type FrozenMemtable,
  type FrozenMemtableView,
} from './frozen-memtable.js';

export const MemtableState = { active: 'active', frozen: 'frozen', released: 'released' } as const;
export type MemtableState = (typeof MemtableState)[keyof typeof MemtableState];

export class Memtable {
  private readonly arena: SharedArena;
  private readonly nodes: IndexNodeStore;
  private readonly index: SortedIndex;
  private readonly reader: MemtableReader;
  private readonly scanner = new EncodedPartitionScanner();
  private readonly search = new SearchKey();
  private readonly scratch = new ByteWriter(4096);
  private readonly encoder = new ByteWriter(4096);
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_BYTES));
  private stateNow: MemtableState = MemtableState.active;
  private frozenHandle: FrozenMemtable | null = null;
  private partitionsCounted = 0;
  private rowsCounted = 0;
  /** Bumped by every write; iterators of the active memtable check it. */
  private version = 0;
  /** Timestamps applied; empty, min is the largest int64 and max the smallest (as Cassandra). */
  private readonly timestamps = new Int64WordRange();
  // The plan of the update being applied, one slot per entry (partition entry first).
  private planFound = new Uint8Array(16);
  private planSize = new Int32Array(16);
  private planPayloadFrom = new Int32Array(16);
  private planPayloadLength = new Int32Array(16);

  constructor(
    readonly tableId: number,
    private readonly pool: SlabPool,
  ) {
    const validTableId = Number.isInteger(tableId) && tableId >= 0 && tableId <= 0xffffffff;
    assert(validTableId, `table id ${tableId}`);
    this.arena = new SharedArena(pool);
    this.nodes = new IndexNodeStore(pool);
    this.index = new SortedIndex(this.nodes, this.arena);
    const version = (): number => this.version;
    this.reader = new MemtableReader(tableId, this.nodes, this.arena, this.index, version);
  }

  state(): MemtableState {
    return this.stateNow;
  }

  /**
   * Applies one encoded partition update found at bytes[offset, offset + length). New rows are
   * copied into the arena once; an existing row or partition entry is merged (merge.ts) and
   * the merged record stored. Throws OverloadedError, with nothing applied, when the pool
   * cannot hold the result: the caller flushes and retries.
   */
  applyEncoded(bytes: Uint8Array, offset: number, length: number): void {
    if (this.stateNow !== MemtableState.active) assert(false, `write to a ${this.stateNow} memtable`);
    const scanner = this.scanner;
    scanner.scan(bytes, offset, length);
    const tableId = scanner.tableId;
    if (tableId !== this.tableId) assert(false, `update for table ${tableId} sent to ${this.tableId}`);
    const withPartition = scanner.partitionFlags !== 0 || scanner.rowCount === 0;
    const count = scanner.rowCount + (withPartition ? 1 : 0);
    const inserts = this.plan(bytes, withPartition, count);
    this.checkCapacity(count, inserts);
    const merged = inserts === count ? bytes : this.scratch.written();
    for (let entry = 0; entry < count; entry++) {
      // A single entry still has the search path of the plan; later entries search again.
      if (count > 1) {
        this.setSearch(bytes, withPartition, entry);
        const found = this.index.search(this.search);
        assert(found === (this.planFound[entry] === 1), 'index changed between plan and write');
      }
      this.writeEntry(bytes, merged, withPartition, entry);
    }
    this.version++;
    this.timestamps.include(this.scanner.timestamps);
  }

  /** Encodes and applies a decoded update (tests, tools; the data plane sends bytes). */
  apply(update: PartitionUpdate): void {
    this.encoder.reset();
    writePartition(this.encoder, update);
    const bytes = this.encoder.written();
    this.applyEncoded(bytes, 0, bytes.length);
  }

  /** Everything the memtable knows about one partition (merged), or null. Copies out. */
  readPartition(token: Token, key: Uint8Array): PartitionUpdate | null {
    this.checkReadable();
    return this.reader.readPartition(token, key);
  }

  /** Whether the memtable holds anything of one partition (no decoding, no copy). */
  hasPartition(token: Token, key: Uint8Array): boolean {
    this.checkReadable();
    return this.reader.hasPartition(token, key);
  }

  /** Partitions in (token, key) order, tokens in (startToken, endToken] (undefined: unbounded). */
  partitions(startToken?: Token, endToken?: Token): IterableIterator<PartitionUpdate> {
    this.checkReadable();
    return this.reader.partitions(startToken, endToken);
  }

  /**
   * The same partitions, each as its partition-codec.ts encoding, copied from the arena without
   * decoding (the cheap way to stream the memtable into a file). A view is valid until the next
   * step of the iterator.
   */
  encodedPartitions(startToken?: Token, endToken?: Token): IterableIterator<Uint8Array> {
    this.checkReadable();
    return this.reader.encodedPartitions(startToken, endToken);
  }

  /** As encodedPartitions, written into the consumer's writer (see EncodedPartitionSource). */
  encodedPartitionSource(startToken?: Token, endToken?: Token): EncodedPartitionSource {
    this.checkReadable();
    return this.reader.encodedPartitionSource(startToken, endToken);
  }

  /** Bytes of records (merged rows leave their older copy behind) plus index nodes. */
  bytesUsed(): number {
    return this.arena.bytesUsed() + this.nodes.nodeCount() * NODE_BYTES;
  }

  /** Bytes of pool memory held (whole slabs). */
  bytesReserved(): number {
    return this.arena.bytesReserved() + this.nodes.bytesReserved();
  }

  partitionCount(): number {
    return this.partitionsCounted;
  }

  /** Clustering rows (static rows and partition-level data are not rows). */
  rowCount(): number {
    return this.rowsCounted;
  }

  /** Smallest write or deletion timestamp applied; the largest int64 when empty. */
  minTimestamp(): bigint {
    return this.timestamps.min();
  }

  /** Largest write or deletion timestamp applied; the smallest int64 when empty. */
  maxTimestamp(): bigint {
    return this.timestamps.max();
  }

  /**
   * Stops writes and returns a structured-clonable handle (shared buffers, no copy). Freezing
   * again returns the same handle (a failed flush is retried with it).
   */
  freeze(): FrozenMemtable {
    if (this.frozenHandle !== null) return this.frozenHandle;
    assert(this.stateNow === MemtableState.active, `freeze of a ${this.stateNow} memtable`);
    this.stateNow = MemtableState.frozen;
    const control = this.control;
    Atomics.store(control, CONTROL_ROOT, this.index.root);
    Atomics.store(control, CONTROL_HEIGHT, this.index.height);
    Atomics.store(control, CONTROL_FIRST_LEAF, this.index.firstLeaf);
    Atomics.store(control, CONTROL_PARTITIONS, this.partitionsCounted);
    Atomics.store(control, CONTROL_ROWS, this.rowsCounted);
    Atomics.store(control, CONTROL_ARENA_SLOTS, this.arena.slotCount());
    Atomics.store(control, CONTROL_NODE_SLABS, this.nodes.slabs.length);
    Atomics.store(control, CONTROL_LAYOUT_VERSION, MEMTABLE_LAYOUT_VERSION);
    // Last: a reader that sees the flag sees everything stored before it.
    Atomics.store(control, CONTROL_FROZEN, 1);
    this.frozenHandle = {
      layoutVersion: MEMTABLE_LAYOUT_VERSION,
      tableId: this.tableId,
      slabBytes: this.pool.slabBytes,
      control: control.buffer as SharedArrayBuffer,
      arenaSlots: [...this.arena.slotBuffers],
      arenaSlotBase: [...this.arena.slotBase],
      nodeSlabs: [...this.nodes.slabs],
      root: this.index.root,
      height: this.index.height,
      firstLeaf: this.index.firstLeaf,
      partitionCount: this.partitionsCounted,
      rowCount: this.rowsCounted,
      bytesUsed: this.bytesUsed(),
      minTimestamp: this.minTimestamp(),
      maxTimestamp: this.maxTimestamp(),
    };
    return this.frozenHandle;
  }

  /** Returns the slabs to the pool; only after every reader of the frozen handle is done. */
  release(): void {
    assert(this.stateNow !== MemtableState.released, 'memtable released twice');
    // Readers check this flag, so one left behind fails instead of reading recycled slabs.
    Atomics.store(this.control, CONTROL_RELEASED, 1);
    this.stateNow = MemtableState.released;
    this.arena.release();
    this.nodes.release();
  }

  /** Step 2: searches every entry, merges the existing ones; returns how many are new. */
  private plan(bytes: Uint8Array, withPartition: boolean, count: number): number {
    if (count > this.planSize.length) this.growPlan(count);
    this.scratch.reset();
    let inserts = 0;
    for (let entry = 0; entry < count; entry++) {
      this.setSearch(bytes, withPartition, entry);
      const found = this.index.search(this.search);
      this.planFound[entry] = found ? 1 : 0;
      if (found) {
        const from = this.scratch.position;
        this.mergeEntry(bytes, withPartition, entry);
        this.planPayloadFrom[entry] = from;
        this.planPayloadLength[entry] = this.scratch.position - from;
      } else {
        inserts++;
        const start = this.payloadStart(withPartition, entry);
        this.planPayloadFrom[entry] = start;
        this.planPayloadLength[entry] = this.payloadEnd(withPartition, entry) - start;
      }
      this.planSize[entry] = recordBytes(this.scanner.keyLength, this.planPayloadLength[entry]!);
    }
    return inserts;
  }

  /** Step 3: refuses the update, before any change, when the pool cannot hold it. */
  private checkCapacity(count: number, inserts: number): void {
    const arenaUnits = this.arena.unitsNeeded(this.planSize, count);
    this.arena.checkAddressSpace(arenaUnits);
    const nodeUnits = this.nodes.unitsNeeded(this.index.nodesNeededBound(inserts));
    if (arenaUnits + nodeUnits > this.pool.available()) {
      throw new OverloadedError(
        `memtable of table ${this.tableId} needs ${arenaUnits + nodeUnits} more slabs, ` +
          `the pool has ${this.pool.available()}: flush first`,
      );
    }
  }

  /** Step 4 for one entry: copy the record into the arena, then index it. */
  private writeEntry(
    bytes: Uint8Array,
    merged: Uint8Array,
    withPartition: boolean,
    entry: number,
  ): void {
    const scanner = this.scanner;
    const isPartition = withPartition && entry === 0;
    const found = this.planFound[entry] === 1;
    const payloadLength = this.planPayloadLength[entry]!;
    const ref = this.arena.allocate(this.planSize[entry]!);
    const target = this.arena.bytesOf(ref);
    const at = this.arena.offsetOf(ref);
    const kind = isPartition ? RECORD_KIND_PARTITION : RECORD_KIND_ROW;
    writeRecordHead(target, at, kind, bytes, scanner.keyOffset, scanner.keyLength, payloadLength);
    const payloadAt = at + RECORD_HEADER_BYTES + scanner.keyLength;
    if (found) copyBytes(merged, this.planPayloadFrom[entry]!, payloadLength, target, payloadAt);
    else copyRange(bytes, scanner.dataView(), this.planPayloadFrom[entry]!, payloadLength, target, this.arena.viewOf(ref), payloadAt);
    if (found) {
      this.index.setRefAtPath(ref);
      return;
    }
    if (!this.index.hasPartitionNeighbour(this.search)) this.partitionsCounted++;
    this.index.insertAtPath(scanner.tokenHigh, scanner.tokenLowBiased, ref);
    if (!isPartition) this.rowsCounted++;
  }

  /** Merges the existing record of entry `entry` with the incoming one into `scratch`. */
  private mergeEntry(bytes: Uint8Array, withPartition: boolean, entry: number): void {
    const ref = this.index.refAtPath();
    const existingBytes = this.arena.bytesOf(ref);
    const existingAt = this.arena.offsetOf(ref);
    const existingKeyLength = recordKeyLength(existingBytes, existingAt);
    const existingStart = existingAt + RECORD_HEADER_BYTES + existingKeyLength;
    const existingEnd = existingStart + recordPayloadLength(existingBytes, existingAt);
    const existing = new ByteReader(existingBytes, existingStart, existingEnd);
    const incomingStart = this.payloadStart(withPartition, entry);
    const incoming = new ByteReader(bytes, incomingStart, this.payloadEnd(withPartition, entry));
    // Views (copy = false) are enough: the merge result is encoded into scratch right away.
    if (withPartition && entry === 0) {
      const older = readPartitionPayload(existing, false);
      const newer = readPartitionPayload(incoming, false);
      writePartitionPayload(this.scratch, this.mergePartitionData(older, newer));
    } else {
      writeRow(this.scratch, mergeRows(readRow(existing, false), readRow(incoming, false)));
    }
    const consumed = existing.remaining() === 0 && incoming.remaining() === 0;
    assert(consumed, 'record length mismatch in merge');
  }

  private mergePartitionData(
    older: PartitionLevelData,
    newer: PartitionLevelData,
  ): PartitionLevelData {
    // mergePartitions holds the rules for partition deletion, range tombstones and the static
    // row; the wrappers only give it the identity it checks (same table, same partition).
    const wrap = (data: PartitionLevelData): PartitionUpdate => ({
      tableId: this.tableId,
      token: 0n,
      key: EMPTY_KEY,
      ...data,
      rows: [],
    });
    return mergePartitions(wrap(older), wrap(newer));
  }

  private setSearch(bytes: Uint8Array, withPartition: boolean, entry: number): void {
    const scanner = this.scanner;
    const search = this.search;
    search.high = scanner.tokenHigh;
    search.lowBiased = scanner.tokenLowBiased;
    search.setPartition(bytes, scanner.keyOffset, scanner.keyLength);
    if (withPartition && entry === 0) return;
    const row = withPartition ? entry - 1 : entry;
    search.setRow(bytes, scanner.clusteringOffset(row), scanner.clusteringLength(row));
  }

  private payloadStart(withPartition: boolean, entry: number): number {
    const scanner = this.scanner;
    if (withPartition) return entry === 0 ? scanner.partitionStart : scanner.rowStart[entry - 1]!;
    return scanner.rowStart[entry]!;
  }

  private payloadEnd(withPartition: boolean, entry: number): number {
    const scanner = this.scanner;
    if (withPartition) return entry === 0 ? scanner.partitionEnd : scanner.rowEnd[entry - 1]!;
    return scanner.rowEnd[entry]!;
  }

  private checkReadable(): void {
    assert(this.stateNow !== MemtableState.released, 'read from a released memtable');
  }

  private growPlan(count: number): void {
    let capacity = this.planSize.length;
    while (capacity < count) capacity *= 2;
    this.planFound = new Uint8Array(capacity);
    this.planSize = new Int32Array(capacity);
    this.planPayloadFrom = new Int32Array(capacity);
    this.planPayloadLength = new Int32Array(capacity);
  }
}

const EMPTY_KEY = new Uint8Array(0);
