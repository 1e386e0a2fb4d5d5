/**
 * A node's storage for the deterministic simulator: NodeStorage in memory, on a SimulatedDisk,
 * built from the real storage model (partition codec, merge, canonical form, filterLive,
 * validation), so replicas answer, digest and reconcile exactly as StorageEngine's do.
 *
 * Write path (group commit, as the engine's group sync mode):
 *   1. validate the batch as the engine does (unknown table, key, sizes): a refusal applies nothing;
 *   2. append it to the commit log as one frame  u32 length | u32 crc32(payload) | payload
 *      (a full disk refuses here: DiskFullError, nothing applied, nothing acknowledged);
 *   3. at the end of the group window (timers), sync the log, then apply every frame synced to
 *      the memtable in log order and acknowledge it. Reads see a write only once it is durable.
 *
 * Open replays every segment frame by frame, stopping a segment at its first torn or corrupt
 * frame (a crash tears unsynced tails: simulated-disk.ts), skipping records of tables no
 * longer registered and those before their table's truncation point; then a new segment
 * starts, so nothing is ever appended after a torn frame.
 *
 * Tables live in tables.json (written durably), with each table's truncation point.
 * Not modelled: flushes, SSTables and compaction (so no tombstone is ever purged: every run
 * stays within gc_grace), read batching, worker threads.
 */

import type { Timers, TimerHandle } from '../../src/actors/timers.js';
import { murmur3Token, murmur3TokenPartsOfRange } from '../../src/cluster/ring/murmur3.js';
import { ByteWriter } from '../../src/lib/bytes/byte-writer.js';
import { crc32 } from '../../src/lib/bytes/crc32.js';
import type { Clock } from '../../src/lib/clock.js';
import { DiskFullError, InvalidRequestError, isEnospc } from '../../src/lib/errors.js';
import type { StoragePort } from '../../src/lib/storage-port.js';
import type { CleanupReport } from '../../src/storage/compaction/cleanup-report.js';
import { normalizeTokenSpans, spansContain, type TokenSpan } from '../../src/storage/compaction/token-spans.js';
import { canonicalPartition, isEmptyPartition } from '../../src/storage/model/canonical-partition.js';
import { boundsOnly, FULL_SLICE, isFullSlice, isInSlice, sliceRows, type ClusteringSlice } from '../../src/storage/model/clustering-slice.js';
import { mergePartitions } from '../../src/storage/model/merge.js';
import { readPartition } from '../../src/storage/model/partition-codec.js';
import type { PartitionUpdate } from '../../src/storage/model/partition-update.js';
import { filterLive, type LivePartition } from '../../src/storage/model/read-filter.js';
import { compareDecoratedKeys } from '../../src/storage/model/token.js';
import { validateEncodedBatch, validateMutation } from '../../src/storage/mutation-validator.js';
import type { NodeStorage, ReplicaReadAnswer } from '../../src/storage/node-storage.js';
import { replicaAnswerOf } from '../../src/storage/model/partition-digest.js';
import { RowBatchWriter } from '../../src/storage/row-batch-writer.js';
import { tombstoneMayIntersect } from '../../src/storage/sstable/slice-bounds.js';
import type { ScanRange, WriteMutation } from '../../src/storage/storage-engine.js';
import { copyTableOptions, validateTableOptions, type TableOptions } from '../../src/storage/table-options.js';
import { EncodedBatchBuilder } from '../../src/storage/vnode/encoded-batch.js';
import { readBatchHeader } from '../../src/storage/vnode/vnode-wire.js';

export interface SimulatedStorageOptions {
  /** The node's handle on its disk (SimulatedDisk.port()). */
  readonly port: StoragePort;
  /** Where the commit log and tables.json live, e.g. /sim/node1/data. */
  readonly directory: string;
  readonly timers: Timers;
  readonly clock: Clock;
  /** Tables to serve besides those registered on the disk (the catalog's system tables). */
  readonly tables: readonly TableOptions[];
  /** The group commit window: a write is durable (and acknowledged) this long after it is appended. */
  readonly syncWindowMs: number;
}

/** Where a frame starts in the log: segment number, byte offset. */
interface LogPosition {
  readonly segment: number;
  readonly offset: number;
}

interface RegisteredTable {
  readonly options: TableOptions;
  /** Records of this table before this position are not replayed (its last TRUNCATE). */
  readonly replayAfter: LogPosition | null;
}

/** A write appended, waiting for the sync that makes it durable. */
interface PendingWrite {
  readonly batch: Uint8Array;
  readonly position: LogPosition;
  readonly count: number;
  readonly resolve: (count: number) => void;
  readonly reject: (error: Error) => void;
}

/** Thrown to writes still waiting for their sync when the node crashes (the client sees its connection drop). */
export class NodeCrashedError extends Error {
  override readonly name = 'NodeCrashedError';
}

const FRAME_HEADER_BYTES = 8;
const VNODE_COUNT = 16;

export class SimulatedStorage implements NodeStorage {
  readonly config = { vnodeCount: VNODE_COUNT };
  /** Frames replayed at open and frames found torn (for the trace and the tests). */
  readonly replayed = { frames: 0, records: 0, tornSegments: 0 };
  private readonly registered = new Map<number, RegisteredTable>();
  /** Per table: partitions by token and key ("token:hexkey"), merged, nothing purged. */
  private readonly memtables = new Map<number, Map<string, PartitionUpdate>>();
  private readonly pending: PendingWrite[] = [];
  private readonly tokenParts = new Int32Array(2);
  private segment = 0;
  private segmentFd = -1;
  private segmentBytes = 0;
  private syncTimer: TimerHandle | null = null;
  private state: 'open' | 'closed' | 'crashed' = 'open';

  private constructor(private readonly options: SimulatedStorageOptions) {}

  /** Opens the storage on its disk: the table registry, then every segment replayed. */
  static open(options: SimulatedStorageOptions): SimulatedStorage {
    const storage = new SimulatedStorage(options);
    storage.openRegistry();
    storage.replay();
    return storage;
  }

  // ---- writes ----

  async write(mutations: readonly WriteMutation[]): Promise<void> {
    this.assertOpen();
    const known = this.knownTableIds();
    const builder = new EncodedBatchBuilder();
    for (const mutation of mutations) {
      validateMutation(mutation, known);
      builder.add(mutation);
    }
    await this.writeEncodedBatch(builder.finish());
  }

  async writeRows(tableId: number, fill: (rows: RowBatchWriter) => void): Promise<number> {
    this.assertOpen();
    if (!this.registered.has(tableId)) throw new InvalidRequestError(`unknown table id ${tableId}`);
    const builder = new EncodedBatchBuilder();
    const rows = new RowBatchWriter(tableId, builder.rowSink(), murmur3TokenPartsOfRange, new Int32Array(2));
    try {
      fill(rows);
    } catch (error) {
      rows.abandonRow();
      throw error;
    }
    await this.writeEncodedBatch(builder.finish());
    return rows.rowCount();
  }

  async writeEncodedBatch(given: Uint8Array): Promise<number> {
    this.assertOpen();
    // The engine copies what it is given (into its commit log and, on another thread, its
    // memtable), so it never keeps a caller's buffer: a batch may be a view of a message (a
    // Node Buffer, whose slice() is a view too, so readPartition's copies would not be).
    const batch = new Uint8Array(given);
    const count = validateEncodedBatch(batch, this.knownTableIds(), this.tokenParts);
    const position = this.append(batch);
    return new Promise<number>((resolve, reject) => {
      this.pending.push({ batch, position, count, resolve, reject });
      this.syncTimer ??= this.options.timers.setTimeout(() => this.syncNow(), this.options.syncWindowMs);
    });
  }

  /** Appends one frame to the open segment; a full disk refuses it whole. */
  private append(payload: Uint8Array): LogPosition {
    const frame = new ByteWriter(FRAME_HEADER_BYTES + payload.length);
    frame.u32(payload.length);
    frame.u32(crc32(payload, 0, payload.length));
    frame.raw(payload);
    const bytes = frame.written();
    const position = { segment: this.segment, offset: this.segmentBytes };
    try {
      this.options.port.write(this.segmentFd, bytes, 0, bytes.length, null);
    } catch (error) {
      if (isEnospc(error)) throw new DiskFullError(this.segmentPath(this.segment));
      throw error;
    }
    this.segmentBytes += bytes.length;
    return position;
  }

  /** The group commit: the log synced, then every write it made durable applied and acknowledged in log order. */
  private syncNow(): void {
    this.syncTimer = null;
    if (this.state !== 'open' || this.pending.length === 0) return;
    this.options.port.sync(this.segmentFd);
    const done = this.pending.splice(0);
    for (const write of done) this.apply(write.batch, write.position);
    for (const write of done) write.resolve(write.count);
  }

  private apply(batch: Uint8Array, position: LogPosition): void {
    const { count, reader } = readBatchHeader(batch);
    for (let i = 0; i < count; i++) {
      reader.u32(); // the record's length: readPartition reads exactly one record
      const update = readPartition(reader, true);
      const table = this.registered.get(update.tableId);
      // Dropped meanwhile, or truncated after this write was appended: as replay would do.
      if (table === undefined || isBefore(position, table.replayAfter)) continue;
      const partitions = this.memtableOf(update.tableId);
      const id = partitionId(update.token, update.key);
      const existing = partitions.get(id);
      partitions.set(id, existing === undefined ? update : mergePartitions(existing, update));
    }
  }

  // ---- reads ----

  async read(tableId: number, key: Uint8Array, slice: ClusteringSlice = FULL_SLICE): Promise<LivePartition | null> {
    const merged = this.partitionOf(tableId, key);
    if (merged === null) return null;
    const live = filterLive(merged, this.options.clock.nowSeconds());
    const rows = sliceRows(live.rows, slice);
    if (rows.length === 0 && live.staticRow === null) return null;
    return { ...live, rows };
  }

  async readUnfiltered(tableId: number, key: Uint8Array, slice: ClusteringSlice = FULL_SLICE): Promise<PartitionUpdate | null> {
    const merged = this.partitionOf(tableId, key);
    if (merged === null) return null;
    const bounds = boundsOnly(slice);
    const canonical = canonicalPartition(isFullSlice(bounds) ? merged : withinBounds(merged, bounds));
    return isEmptyPartition(canonical) ? null : canonical;
  }

  async readReplica(tableId: number, key: Uint8Array, slice: ClusteringSlice, digestOnly: boolean): Promise<ReplicaReadAnswer> {
    return replicaAnswerOf(await this.readUnfiltered(tableId, key, slice), digestOnly);
  }

  async *scan(tableId: number, range: ScanRange = {}): AsyncGenerator<LivePartition> {
    for (const merged of this.partitionsIn(tableId, range)) {
      const live = filterLive(merged, this.options.clock.nowSeconds());
      if (live.rows.length > 0 || live.staticRow !== null) yield live;
    }
  }

  async *scanUnfiltered(tableId: number, range: ScanRange = {}): AsyncGenerator<PartitionUpdate> {
    for (const merged of this.partitionsIn(tableId, range)) {
      const canonical = canonicalPartition(merged);
      if (!isEmptyPartition(canonical)) yield canonical;
    }
  }

  private partitionOf(tableId: number, key: Uint8Array): PartitionUpdate | null {
    this.assertOpen();
    if (!this.registered.has(tableId)) throw new InvalidRequestError(`unknown table id ${tableId}`);
    return this.memtables.get(tableId)?.get(partitionId(murmur3Token(key), key)) ?? null;
  }

  /** A snapshot of the table's partitions with tokens in (startToken, endToken], in token order. */
  private partitionsIn(tableId: number, range: ScanRange): PartitionUpdate[] {
    this.assertOpen();
    if (!this.registered.has(tableId)) throw new InvalidRequestError(`unknown table id ${tableId}`);
    const { startToken, endToken } = range;
    if (startToken !== undefined && endToken !== undefined && startToken >= endToken) return [];
    const partitions = [...(this.memtables.get(tableId)?.values() ?? [])].filter(
      (p) => (startToken === undefined || p.token > startToken) && (endToken === undefined || p.token <= endToken),
    );
    return partitions.sort(compareDecoratedKeys);
  }

  // ---- tables ----

  tables(): readonly TableOptions[] {
    return [...this.registered.values()].map((t) => t.options);
  }

  async createTable(options: TableOptions): Promise<void> {
    this.assertOpen();
    validateTableOptions(options);
    const existing = this.registered.get(options.tableId);
    if (existing !== undefined) throw new InvalidRequestError(`table id ${options.tableId} is already registered (${existing.options.name})`);
    this.saveRegistry(new Map([...this.registered, [options.tableId, { options: copyTableOptions(options), replayAfter: null }]]));
  }

  async alterTable(options: TableOptions): Promise<void> {
    this.assertOpen();
    validateTableOptions(options);
    const current = this.registeredTable(options.tableId);
    this.saveRegistry(new Map([...this.registered, [options.tableId, { ...current, options: copyTableOptions(options) }]]));
  }

  /** Empties the table; writes appended before now are not applied by their sync nor replayed. */
  async truncateTable(tableId: number): Promise<void> {
    this.assertOpen();
    const current = this.registeredTable(tableId);
    const point = { segment: this.segment, offset: this.segmentBytes };
    this.saveRegistry(new Map([...this.registered, [tableId, { ...current, replayAfter: point }]]));
    this.memtables.delete(tableId);
  }

  async dropTable(tableId: number): Promise<void> {
    this.assertOpen();
    this.registeredTable(tableId);
    const next = new Map(this.registered);
    next.delete(tableId);
    this.saveRegistry(next);
    this.memtables.delete(tableId);
  }

  /**
   * Cleanup as a rewrite (the engine rewrites SSTables): the kept partitions appended again as
   * one synced frame, and the table's replay point moved to it, so replay brings back only
   * what was kept and what came after. Everything appended before is applied first.
   */
  async cleanupTable(tableId: number, keep: readonly TokenSpan[]): Promise<CleanupReport> {
    this.assertOpen();
    const current = this.registeredTable(tableId);
    this.syncNow();
    const spans = normalizeTokenSpans(keep);
    const partitions = [...this.memtableOf(tableId)];
    const kept = partitions.filter(([, partition]) => spansContain(spans, partition.token));
    const point = { segment: this.segment, offset: this.segmentBytes };
    if (kept.length > 0) {
      const copy = new EncodedBatchBuilder();
      for (const [, partition] of kept) copy.add(partition);
      this.append(copy.finish());
      this.options.port.sync(this.segmentFd);
    }
    this.saveRegistry(new Map([...this.registered, [tableId, { ...current, replayAfter: point }]]));
    this.memtables.set(tableId, new Map(kept));
    return { sstablesRewritten: 0, partitionsDropped: partitions.length - kept.length, bytesBefore: 0, bytesAfter: 0 };
  }

  private registeredTable(tableId: number): RegisteredTable {
    const table = this.registered.get(tableId);
    if (table === undefined) throw new InvalidRequestError(`unknown table id ${tableId}`);
    return table;
  }

  // ---- lifecycle ----

  /** A clean stop: what was appended is synced and applied (acknowledged), then nothing more is taken. */
  async close(): Promise<void> {
    if (this.state !== 'open') return;
    if (this.syncTimer !== null) this.options.timers.clearTimeout(this.syncTimer);
    this.syncNow();
    this.options.port.close(this.segmentFd);
    this.state = 'closed';
  }

  /**
   * The process dies with its disk (SimulatedDisk.crash tears the unsynced tail): writes
   * waiting for their sync are never acknowledged; their clients see the connection drop.
   */
  crash(): void {
    if (this.state !== 'open') return;
    this.state = 'crashed';
    if (this.syncTimer !== null) this.options.timers.clearTimeout(this.syncTimer);
    this.syncTimer = null;
    for (const write of this.pending.splice(0)) write.reject(new NodeCrashedError('the node crashed before the write was durable'));
  }

  /** Partitions held per table (for the trace). */
  partitionCount(tableId: number): number {
    return this.memtables.get(tableId)?.size ?? 0;
  }

  // ---- open ----

  private openRegistry(): void {
    const { port, directory } = this.options;
    port.mkdirp(this.logDirectory());
    const file = `${directory}/tables.json`;
    if (port.exists(file)) {
      const saved = JSON.parse(Buffer.from(port.readFile(file)).toString('utf8')) as RegisteredTable[];
      for (const table of saved) this.registered.set(table.options.tableId, table);
    }
    const missing = this.options.tables.filter((t) => !this.registered.has(t.tableId));
    if (missing.length > 0) this.saveRegistry(new Map([...this.registered, ...missing.map((t) => [t.tableId, { options: copyTableOptions(t), replayAfter: null }] as const)]));
  }

  private saveRegistry(next: ReadonlyMap<number, RegisteredTable>): void {
    const json = JSON.stringify([...next.values()].sort((a, b) => a.options.tableId - b.options.tableId));
    try {
      this.options.port.writeFileDurably(`${this.options.directory}/tables.json`, Buffer.from(json, 'utf8'));
    } catch (error) {
      if (isEnospc(error)) throw new DiskFullError(`${this.options.directory}/tables.json`);
      throw error;
    }
    this.registered.clear();
    for (const [id, table] of next) this.registered.set(id, table);
  }

  private replay(): void {
    const { port } = this.options;
    const segments = port
      .readdir(this.logDirectory())
      .map((name) => /^segment-(\d+)\.log$/.exec(name))
      .flatMap((match) => (match === null ? [] : [Number(match[1])]))
      .sort((a, b) => a - b);
    for (const segment of segments) this.replaySegment(segment, port.readFile(this.segmentPath(segment)));
    this.segment = (segments.at(-1) ?? 0) + 1;
    this.segmentFd = port.open(this.segmentPath(this.segment), 'write-new');
    this.segmentBytes = 0;
  }

  private replaySegment(segment: number, bytes: Uint8Array): void {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let offset = 0;
    while (offset < bytes.length) {
      const end = offset + FRAME_HEADER_BYTES + (offset + 4 <= bytes.length ? view.getUint32(offset) : 0);
      const intact =
        offset + FRAME_HEADER_BYTES <= bytes.length && end <= bytes.length && crc32(bytes, offset + FRAME_HEADER_BYTES, end) === view.getUint32(offset + 4);
      if (!intact) {
        this.replayed.tornSegments++;
        return; // a torn tail: nothing after it can be located
      }
      const payload = bytes.subarray(offset + FRAME_HEADER_BYTES, end);
      this.replayed.frames++;
      this.replayed.records += readBatchHeader(payload).count;
      this.apply(payload, { segment, offset });
      offset = end;
    }
  }

  // ---- helpers ----

  private knownTableIds(): ReadonlySet<number> {
    return new Set(this.registered.keys());
  }

  private memtableOf(tableId: number): Map<string, PartitionUpdate> {
    let partitions = this.memtables.get(tableId);
    if (partitions === undefined) this.memtables.set(tableId, (partitions = new Map()));
    return partitions;
  }

  private logDirectory(): string {
    return `${this.options.directory}/commitlog`;
  }

  private segmentPath(segment: number): string {
    return `${this.logDirectory()}/segment-${segment}.log`;
  }

  private assertOpen(): void {
    if (this.state === 'crashed') throw new NodeCrashedError('the node crashed');
    if (this.state === 'closed') throw new InvalidRequestError('the storage is closed');
  }
}

function partitionId(token: bigint, key: Uint8Array): string {
  return `${token}:${Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('hex')}`;
}

/** Whether a frame at `position` lies before a truncation point. */
function isBefore(position: LogPosition, point: LogPosition | null): boolean {
  if (point === null) return false;
  return position.segment < point.segment || (position.segment === point.segment && position.offset < point.offset);
}

/** The rows within a slice's bounds and the range tombstones that may reach into them (as TableStore does). */
function withinBounds(partition: PartitionUpdate, slice: ClusteringSlice): PartitionUpdate {
  return {
    ...partition,
    rangeTombstones: partition.rangeTombstones.filter((t) => tombstoneMayIntersect(t, slice)),
    rows: partition.rows.filter((row) => isInSlice(row.clustering, slice)),
  };
}
