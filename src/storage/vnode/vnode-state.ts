/**
 * The plain logic of one VNodeActor: the TableStores of one token range, and what happens to
 * them on a write, a read, a flush, a snapshot. No threads, ports or timers here: the actor
 * shell (vnode-actor.ts) routes messages to these methods, and tests can call them directly.
 *
 * Writes arrive as batches for this vnode (replay) or for every vnode of the thread (ingest);
 * write-batch.ts applies both, through ownerOnce and applyRecord. Each state registers itself in
 * the thread's services.vnodes, where the thread's data-plane actor finds it.
 *
 * Completions of flushes run between messages (JavaScript is single-threaded per worker and
 * every handler here is synchronous), so they never interleave with a write.
 *
 * Tables come and go at runtime (table-steps.ts drives these for every vnode of a thread at
 * one instant): createTable opens an empty store, alterTable swaps options and compaction
 * strategy, truncateTable and dropTable retire the table's store. A retired store is out of
 * every read, write, flush and compaction plan at once; its running compactions are aborted,
 * its flushes finish into nothing, and once none is left writing into its folder its files
 * are deleted (truncate: the generations below the fresh store's first; drop: the folder).
 */

import path from 'node:path';
import { assert } from '../../lib/assert.js';
import { InvalidRequestError } from '../../lib/errors.js';
import type { CommitLogPosition } from '../commitlog/commit-log.js';
import { Memtable } from '../memtable/memtable.js';
import type { ClusteringSlice } from '../model/clustering-slice.js';
import { CompactionManager, type CompactionTask } from '../compaction/compaction-manager.js';
import type { CompactionResult, PurgeOverlap } from '../compaction/compaction-request.js';
import { createCompactionStrategy } from '../compaction/create-compaction-strategy.js';
import { planCleanup } from '../compaction/cleanup-plan.js';
import { EMPTY_CLEANUP_REPORT, type CleanupReport } from '../compaction/cleanup-report.js';
import type { TokenSpan } from '../compaction/token-spans.js';
import type { SSTableInfo } from '../compaction/sstable-info.js';
import { componentPath, deleteGenerationsBelow, listSSTables, type SSTableDescriptor } from '../sstable/descriptor.js';
import { PlainRead, SSTableReader } from '../sstable/sstable-reader.js';
import type { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { TableStore, type FlushingMemtable } from '../table-store.js';
import { builtBloomFilterFpChance, type TableOptions } from '../table-options.js';
import type { StorageThreadServices } from './storage-thread-services.js';
import type { VNodeRange } from './vnode-ranges.js';
import { applyWriteBatch } from './write-batch.js';
import type { LivePartition } from '../model/read-filter.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import { compareBytes } from '../model/byte-order.js';

export interface VNodeInit {
  readonly vnode: VNodeRange;
  /** VNodes sharing this thread: memtable space is divided among their tables. */
  readonly vnodesOnThread: number;
}

export interface TableStatus {
  readonly tableId: number;
  readonly memtableBytes: number;
  readonly memtableRows: number;
  readonly flushingMemtables: number;
  readonly sstables: number;
  readonly sstableBytes: number;
  readonly sstablePartitions: number;
  /** Tombstones summed over live SSTables (their Statistics' tombstoneCount). */
  readonly sstableTombstones: number;
}

interface StoreState {
  readonly store: TableStore;
  /** The store's id in the CompactionManager: one per store, so a truncated table's fresh store is another. */
  readonly compactionId: string;
  /** Flushes that failed (disk full): retried on the next tick. */
  readonly failedFlushes: FlushingMemtable[];
  readonly inFlight: Set<Promise<void>>;
  /** This store's compactions on the pool, each with the controller that aborts it. */
  readonly compactions: Map<Promise<void>, AbortController>;
  /** Truncated or dropped: whatever of it is still running finishes into nothing. */
  retired: boolean;
  lastFlushMs: number;
  /** The last write batch that touched this store (write-batch.ts collects owners once each). */
  batchMark: number;
  /** Active-memtable bytes at which it is flushed: staggered at first (firstFlushBytes). */
  flushAtBytes: number;
  /** Has held BUSY_STORE_BYTES in a memtable since it opened: only such stores share the thread's memtable space. */
  busy: boolean;
}

/** A store taken out of service: `settled` when nothing of it writes into its folder any more. */
interface RetiredStore {
  /** Every file the store wrote has a generation below this. */
  readonly nextGeneration: number;
  readonly settled: Promise<void>;
}

/**
 * A store takes a share of the thread's memtable space once its memtable has held this much: a
 * table written a few times (the catalog's schema tables, a settings table) holds a few KiB and
 * taking a share each would shrink the busy tables' memtables (and multiply their flushes and
 * compactions) for nothing.
 */
const BUSY_STORE_BYTES = 64 * 1024;

/** The smallest flush threshold, however many stores share the thread. */
const FLUSH_THRESHOLD_BYTES_MIN = 256 * 1024;

export class VNodeState {
  private readonly stores = new Map<number, StoreState>();
  /** Active-memtable size at which a store flushes; follows the number of busy stores on the thread (retuneThread). */
  private flushThresholdBytes = 0;
  /** Stores (vnodes x tables) whose memtables share this thread's slab pool. */
  private storesOnThread = 1;
  /** Numbers the stores opened here, for their compaction ids. */
  private storesOpened = 0;
  private readonly events: string[] = [];
  /** Compactions of this range's tables; one at a time per vnode, on the thread's pool. */
  private readonly compaction = new CompactionManager({ concurrentCompactionsMax: 1 });
  private readonly compactionsInFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(
    readonly init: VNodeInit,
    private readonly services: StorageThreadServices,
  ) {
    const tables = services.config.tables;
    services.vnodes.set(init.vnode.index, this);
    this.retuneThread();
    tables.forEach((table, tableIndex) => this.openStore(table, tableIndex, 'adopt-files', 1));
  }

  /**
   * Sizes the flush threshold of every vnode on this thread: half the thread's memtable space
   * goes to active memtables, shared by the thread's busy stores (at least one per vnode), the
   * other half to frozen ones being flushed. Existing stores keep their staggered offsets,
   * scaled to the new threshold. The count is the thread's, not this vnode's times the vnodes:
   * the catalog's schema tables are written in the one or two vnodes that own their keys, and
   * counting them per vnode made those vnodes' memtables of the one busy table flush at a ninth
   * of the others' size, with a small compaction every few seconds, on every replica at once.
   */
  private retuneThread(): void {
    let busy = 0;
    for (const vnode of this.services.vnodes.values()) busy += vnode.busyStoreCount();
    const stores = Math.max(this.init.vnodesOnThread, busy);
    const threshold = Math.max(FLUSH_THRESHOLD_BYTES_MIN, Math.floor(this.services.config.memtableBytesPerThread / 2 / stores));
    for (const vnode of this.services.vnodes.values()) vnode.applyFlushThreshold(threshold, stores);
  }

  private applyFlushThreshold(threshold: number, storesOnThread: number): void {
    const previous = this.flushThresholdBytes;
    this.storesOnThread = storesOnThread;
    this.flushThresholdBytes = threshold;
    if (previous === 0 || previous === threshold) return;
    for (const state of this.stores.values()) {
      state.flushAtBytes = Math.max(1, Math.floor((state.flushAtBytes * threshold) / previous));
    }
  }

  /** The current flush threshold of an active memtable (for tests and status). */
  flushThreshold(): number {
    return this.flushThresholdBytes;
  }

  /**
   * The first flush of each store comes at a different size, from half the threshold up: the
   * memtables of a thread fill at the same rate (tokens are uniform), so at one threshold they
   * all froze at once and the node's flusher got a burst of them, while the writes waited for
   * slabs (Overloaded) and cores idled. Each memtable starts from empty after a flush, so the
   * offsets stay and flushes come evenly spaced.
   */
  private firstFlushBytes(tableIndex: number): number {
    const { config } = this.services;
    const threads = Math.max(1, config.storageThreads);
    const stores = this.storesOnThread;
    const position = Math.floor(this.init.vnode.index / threads) * Math.max(1, this.busyStoreCount()) + tableIndex;
    // Threads interleave their offsets, half a step apart; each node starts at its own phase.
    const rank = ((position + (this.init.vnode.index % threads) / threads) / stores + config.flushStaggerPhase) % 1;
    return Math.floor(this.flushThresholdBytes * (0.5 + 0.5 * rank));
  }

  private tableDirectory(tableId: number): string {
    return path.join(this.services.config.dataDirectory, 'data', `vnode-${this.init.vnode.index}`, `table-${tableId}`);
  }

  /**
   * Opens a table's store: with the SSTables found in its folder ('adopt-files', at start and
   * for a new table whose folder was just emptied), or empty over a folder whose files belong
   * to a retired store ('empty', after a truncate; its generations start at firstGeneration).
   */
  private openStore(table: TableOptions, tableIndex: number, files: 'adopt-files' | 'empty', firstGeneration: number): void {
    const { port, clock } = this.services;
    const directory = this.tableDirectory(table.tableId);
    port.mkdirp(directory);
    // listSSTables also deletes unfinished generations: never while a retired store writes there.
    const existing = files === 'adopt-files' ? listSSTables(port, directory) : [];
    const memtable = new Memtable(table.tableId, this.services.slabPool);
    const store = new TableStore(table, directory, `v${this.init.vnode.index}/t${table.tableId}`, memtable);
    const readers = existing.map((d) => SSTableReader.open(port, d));
    store.addSSTables(readers);
    const strategy = createCompactionStrategy(table.compaction, { gcGraceSeconds: table.gcGraceSeconds });
    const compactionId = `${store.owner}#${++this.storesOpened}`;
    this.compaction.addStore(compactionId, strategy, readers.map(infoOf), firstGeneration);
    this.stores.set(table.tableId, {
      store,
      compactionId,
      failedFlushes: [],
      inFlight: new Set(),
      compactions: new Map(),
      retired: false,
      lastFlushMs: clock.nowMs(),
      batchMark: 0,
      flushAtBytes: this.firstFlushBytes(tableIndex),
      busy: false,
    });
  }

  /**
   * CREATE TABLE here: an empty store over an emptied folder (files left by an earlier table
   * of the same id, dropped by a run that crashed before deleting them, are not this table's).
   * A store already open for the id (a thread restarted part-way through the create) is
   * retired first.
   */
  async createTable(options: TableOptions): Promise<void> {
    const existing = this.stores.get(options.tableId);
    if (existing !== undefined) {
      await this.retire(existing).settled;
      this.retuneThread();
    }
    assert(!this.stores.has(options.tableId), `table ${options.tableId} opened twice`);
    this.services.port.removeTree(this.tableDirectory(options.tableId));
    this.addStore(options);
  }

  private addStore(options: TableOptions): void {
    this.openStore(options, this.stores.size, 'adopt-files', 1);
  }

  /**
   * ALTER TABLE here: new options (gc_grace, bloom filter chance, flush period) from the next
   * flush, tick or compaction on, and the compaction strategy replaced; running compactions
   * finish under the old one.
   */
  alterTable(options: TableOptions): void {
    const state = this.stores.get(options.tableId);
    if (state === undefined) return;
    const strategy = createCompactionStrategy(options.compaction, { gcGraceSeconds: options.gcGraceSeconds });
    state.store.setOptions(options);
    this.compaction.replaceStrategy(state.compactionId, strategy);
    this.startCompactions();
  }

  /**
   * TRUNCATE here, at this instant: from now on the table reads empty (a fresh store in the same
   * folder, its generations above the old store's) and the commit log needs nothing the old
   * store held. Resolves when the old store's files are deleted.
   */
  truncateTable(tableId: number): Promise<void> {
    const state = this.stores.get(tableId);
    if (state === undefined) return Promise.resolve();
    const { options, directory } = state.store;
    const tableIndex = [...this.stores.keys()].indexOf(tableId);
    const retired = this.retire(state);
    this.openStore(options, tableIndex, 'empty', retired.nextGeneration);
    return retired.settled.then(() => {
      deleteGenerationsBelow(this.services.port, directory, retired.nextGeneration);
    });
  }

  /** DROP TABLE here: the store is retired at once; resolves when its folder is deleted. */
  dropTable(tableId: number): Promise<void> {
    const state = this.stores.get(tableId);
    const directory = this.tableDirectory(tableId);
    const settled = state === undefined ? Promise.resolve() : this.retire(state).settled;
    this.retuneThread();
    return settled.then(() => this.services.port.removeTree(directory));
  }

  /**
   * Brings this vnode's tables to `tables` (after its thread restarted: the tables it was
   * started with may be older than the registry): missing ones are opened with the files in
   * their folders, changed ones altered, ones no longer registered dropped.
   */
  async syncTables(tables: readonly TableOptions[]): Promise<void> {
    const wanted = new Set(tables.map((t) => t.tableId));
    const drops = [...this.stores.keys()].filter((id) => !wanted.has(id)).map((id) => this.dropTable(id));
    for (const options of tables) {
      if (this.stores.has(options.tableId)) this.alterTable(options);
      else this.addStore(options);
    }
    await Promise.all(drops);
  }

  /**
   * Takes a store out of service (truncate, drop): out of the table map, so reads, writes,
   * flushes and compaction plans no longer see it; its memtables released (those being flushed
   * when their flush ends), its readers closed, its compactions aborted, and the commit log
   * told it needs nothing of the store's up to now. The caller deletes the files once settled.
   */
  private retire(state: StoreState): RetiredStore {
    const { store } = state;
    assert(!state.retired && this.stores.get(store.options.tableId) === state, `store ${store.owner} retired twice`);
    state.retired = true;
    this.stores.delete(store.options.tableId);
    const nextGeneration = this.compaction.abandonStore(state.compactionId);
    for (const frozen of state.failedFlushes.splice(0)) frozen.memtable.release();
    // Flushed but waiting behind an earlier flush to leave the list: theirs are done too.
    for (const frozen of store.flushingMemtables()) if (frozen.flushed) frozen.memtable.release();
    store.activeMemtable().release();
    store.closeAll();
    for (const controller of state.compactions.values()) controller.abort(new Error(`${store.owner} was truncated or dropped`));
    const commitLog = this.services.commitLog;
    commitLog.markClean(store.owner, commitLog.currentPosition());
    const running = [...state.inFlight, ...state.compactions.keys()];
    return { nextGeneration, settled: Promise.allSettled(running).then(() => undefined) };
  }

  private storeOf(tableId: number): StoreState {
    const state = this.stores.get(tableId);
    if (state === undefined) throw new InvalidRequestError(`unknown table id ${tableId}`);
    return state;
  }

  /**
   * Applies a write or replay batch whose records all belong to this vnode (write-batch.ts has
   * the steps). Returns when the batch may be acknowledged.
   */
  write(batch: Uint8Array): Promise<void> {
    return applyWriteBatch(batch, this.services, (tokenHigh, tokenLow) => {
      const token = (BigInt(tokenHigh) << 32n) | BigInt(tokenLow >>> 0);
      if (!this.ownsToken(token)) throw new InvalidRequestError(`token ${token} is outside vnode ${this.init.vnode.index}`);
      return this;
    });
  }

  /**
   * The commit-log owner name of a table's store here, once per write batch: `mark` tells one
   * batch from another (a number no earlier batch used); the owner comes back the first time a
   * batch names the table, null after. Throws for an unknown table. A batch touches a few
   * stores a thousand times, and a Set of owner names cost a hash per record.
   */
  ownerOnce(tableId: number, mark: number): string | null {
    const state = this.storeOf(tableId);
    if (state.batchMark === mark) return null;
    state.batchMark = mark;
    return state.store.owner;
  }

  /** Stores of this vnode that have been busy: only they share the thread's memtable space. */
  private busyStoreCount(): number {
    let count = 0;
    for (const state of this.stores.values()) if (state.busy) count++;
    return count;
  }

  /** Step 4 of a write batch for one record, already validated by ownerOnce. */
  applyRecord(tableId: number, batch: Uint8Array, offset: number, length: number): void {
    this.storeOf(tableId).store.activeMemtable().applyEncoded(batch, offset, length);
  }

  private ownsToken(token: bigint): boolean {
    const { vnode } = this.init;
    return token <= vnode.endToken && (token > vnode.startToken || vnode.index === 0);
  }

  read(tableId: number, token: bigint, key: Uint8Array, slice: ClusteringSlice): LivePartition | null {
    const { store } = this.storeOf(tableId);
    return store.read(token, key, slice, this.services.clock.nowSeconds());
  }

  /** TableStore.readUnfiltered of one table: what a replica answers a coordinator. */
  readUnfiltered(tableId: number, token: bigint, key: Uint8Array, slice: ClusteringSlice): PartitionUpdate | null {
    return this.storeOf(tableId).store.readUnfiltered(token, key, slice);
  }

  /** TableStore.readPlainInto of one table. */
  readPlainInto(tableId: number, token: bigint, key: Uint8Array, slice: ClusteringSlice, out: ByteWriter): PlainRead {
    return this.storeOf(tableId).store.readPlainInto(token, key, slice, out);
  }

  /**
   * One page of a token-range scan within this vnode: live partitions with tokens in
   * (startToken, endToken], skipping those at or before `after` (the last partition of the
   * previous page), at most `limit`.
   */
  scanPage(
    tableId: number,
    startToken: bigint | undefined,
    endToken: bigint | undefined,
    after: { token: bigint; key: Uint8Array } | null,
    limit: number,
  ): LivePartition[] {
    const { store } = this.storeOf(tableId);
    const { lower, upper } = this.scanBounds(startToken, endToken, after);
    return takePage(store.scan(lower, upper, this.services.clock.nowSeconds()), after, limit);
  }

  /** scanPage as a replica answers a range read: partitions with their tombstones (TableStore.scanUnfiltered). */
  scanUnfilteredPage(
    tableId: number,
    startToken: bigint | undefined,
    endToken: bigint | undefined,
    after: { token: bigint; key: Uint8Array } | null,
    limit: number,
  ): PartitionUpdate[] {
    const { store } = this.storeOf(tableId);
    const { lower, upper } = this.scanBounds(startToken, endToken, after);
    return takePage(store.scanUnfiltered(lower, upper), after, limit);
  }

  /** The scan's token range cut to this vnode, resuming one token early after `after`. */
  private scanBounds(
    startToken: bigint | undefined,
    endToken: bigint | undefined,
    after: { token: bigint; key: Uint8Array } | null,
  ): { lower: bigint | undefined; upper: bigint | undefined } {
    const { vnode } = this.init;
    const lower = maxToken(startToken, vnode.index === 0 ? undefined : vnode.startToken);
    const upper = minToken(endToken, vnode.endToken);
    // Resume one token early so partitions sharing the last token (a hash collision) are not lost.
    return { lower: after === null ? lower : maxToken(lower, after.token - 1n), upper };
  }

  /** Flushes on size, commit-log pressure or the table's period (Cassandra's three triggers). */
  flushIfNeeded(): void {
    const { commitLog, config, clock } = this.services;
    const logPressure = commitLog.bytes() > config.commitLogTotalBytesMax;
    const now = clock.nowMs();
    for (const state of this.stores.values()) {
      const bytes = state.store.activeMemtable().bytesUsed();
      if (!state.busy && bytes >= BUSY_STORE_BYTES) {
        state.busy = true;
        this.retuneThread();
      }
      const period = state.store.options.memtableFlushPeriodMs;
      const due =
        bytes >= state.flushAtBytes ||
        (logPressure && state.store.isDirty()) ||
        (period > 0 && now - state.lastFlushMs >= period && state.store.isDirty());
      if (due) this.startFlush(state);
    }
  }

  /** Bytes in this vnode's largest active memtable (memtable pressure picks whom to flush). */
  largestMemtableBytes(): number {
    return this.largestStore()?.store.activeMemtable().bytesUsed() ?? 0;
  }

  /** Flushes of this vnode not finished yet. */
  flushesInFlight(): number {
    let count = 0;
    for (const state of this.stores.values()) count += state.inFlight.size;
    return count;
  }

  /**
   * Under memtable pressure, flushes this vnode's largest active memtable, as Cassandra flushes
   * the largest memtable when memtable space runs short. While other flushes are running (they
   * will free space), one under a quarter of a flush threshold is left alone: freezing every
   * memtable on each refused batch queued flush after tiny flush, each with its fsyncs, while
   * the space stayed taken. With none running, the largest dirty one goes, however small.
   */
  flushLargestUnderPressure(othersRunning: boolean): void {
    const largest = this.largestStore();
    if (largest !== null && (largest.store.activeMemtable().bytesUsed() >= this.flushThresholdBytes / 4 || !othersRunning)) {
      this.startFlush(largest);
    }
    this.retryFailedFlushes();
  }

  private largestStore(): StoreState | null {
    let largest: StoreState | null = null;
    let largestBytes = -1;
    for (const state of this.stores.values()) {
      const bytes = state.store.activeMemtable().bytesUsed();
      if (bytes > largestBytes) {
        largest = state;
        largestBytes = bytes;
      }
    }
    return largest;
  }

  /** Freezes every dirty memtable and resolves when all flushes (also earlier ones) are done. */
  async flushAll(): Promise<void> {
    for (const state of this.stores.values()) if (state.store.isDirty()) this.startFlush(state);
    this.retryFailedFlushes();
    const pending = [...this.stores.values()].flatMap((s) => [...s.inFlight]);
    await Promise.all(pending);
    const failed = [...this.stores.values()].reduce((n, s) => n + s.failedFlushes.length, 0);
    if (failed > 0) throw new Error(`${failed} flushes failed and will be retried: ${this.events.at(-1) ?? ''}`);
  }

  /**
   * Freezes one table's memtable now, in this turn (a cleanup takes the commit-log position in
   * the same turn), and resolves when every flush of the table, earlier ones too, is done.
   */
  flushTable(tableId: number): Promise<void> {
    const state = this.stores.get(tableId);
    if (state === undefined) return Promise.resolve();
    this.startFlush(state);
    for (const frozen of state.failedFlushes.splice(0)) this.runFlush(state, frozen);
    return Promise.all([...state.inFlight]).then(() => {
      if (state.failedFlushes.length > 0) throw new Error(`flush of ${state.store.owner} failed and will be retried: ${this.events.at(-1) ?? ''}`);
    });
  }

  /**
   * nodetool cleanup of one table in this range (compaction/cleanup-plan.ts): every live
   * SSTable with tokens outside `keep` is rewritten alone without them, all at once (they are
   * marked compacting, so no other compaction takes one meanwhile). The caller flushed first.
   */
  async cleanupTable(tableId: number, keep: readonly TokenSpan[]): Promise<CleanupReport> {
    const state = this.storeOf(tableId);
    const id = state.compactionId;
    // As compactAll: wait until no compaction holds an SSTable of it, then plan in one turn.
    while (!state.retired && this.compaction.compactingSSTables(id).length > 0) await Promise.allSettled([...this.compactionsInFlight]);
    if (state.retired) return EMPTY_CLEANUP_REPORT;
    const bytesOf = (): number => state.store.liveSSTables().reduce((n, r) => n + r.sizeOnDisk(), 0);
    const bytesBefore = bytesOf();
    const plans = planCleanup(this.compaction.liveSSTables(id), keep);
    const results = await Promise.all(plans.map((plan) => this.runCompaction(this.compaction.submitPlan(id, plan), keep)));
    if (results.some((result) => result === null)) throw new Error(`cleanup of ${state.store.owner} failed: ${this.events.at(-1) ?? ''}`);
    const partitionsDropped = results.reduce((n, result) => n + (result?.partitionsDropped ?? 0), 0);
    return { sstablesRewritten: plans.length, partitionsDropped, bytesBefore, bytesAfter: bytesOf() };
  }

  private startFlush(state: StoreState): void {
    const { store } = state;
    if (!store.isDirty()) return;
    const next = new Memtable(store.options.tableId, this.services.slabPool);
    const frozen = store.freeze(next, this.services.commitLog.currentPosition());
    state.lastFlushMs = this.services.clock.nowMs();
    state.flushAtBytes = this.flushThresholdBytes;
    this.runFlush(state, frozen);
  }

  private runFlush(state: StoreState, frozen: FlushingMemtable): void {
    const { store } = state;
    const generation = this.compaction.allocateGenerations(state.compactionId, 1)[0]!;
    const descriptor: SSTableDescriptor = { directory: store.directory, generation };
    const flight = this.services.maintenance
      .flush({
        memtable: frozen.memtable.freeze(),
        directory: store.directory,
        generation,
        bloomFilterFpChance: builtBloomFilterFpChance(store.options),
        createdAtMs: this.services.clock.nowMs(),
      })
      .then(
        (result) => {
          if (state.retired) {
            frozen.memtable.release(); // the SSTable it wrote goes with the retired store's files
            return;
          }
          const reader = result.stats === null ? null : SSTableReader.open(this.services.port, descriptor);
          const cleanUpTo = store.completeFlush(frozen, reader);
          if (cleanUpTo !== null) this.markClean(store, cleanUpTo);
          if (reader !== null) {
            this.compaction.addSSTables(state.compactionId, [infoOf(reader)]);
            this.startCompactions();
          }
        },
        (error: unknown) => {
          if (state.retired) {
            frozen.memtable.release();
            return;
          }
          this.events.push(`flush of ${store.owner} failed: ${String(error)}`);
          state.failedFlushes.push(frozen);
        },
      )
      .finally(() => state.inFlight.delete(flight));
    state.inFlight.add(flight);
  }

  private markClean(store: TableStore, upTo: CommitLogPosition): void {
    this.services.commitLog.markClean(store.owner, upTo);
  }

  /** Retries flushes that failed (for example on a full disk); called on every tick. */
  retryFailedFlushes(): void {
    for (const state of this.stores.values()) {
      const failed = state.failedFlushes.splice(0);
      for (const frozen of failed) this.runFlush(state, frozen);
    }
  }

  tick(): void {
    this.retryFailedFlushes();
    this.flushIfNeeded();
    this.startCompactions();
  }

  /** Starts what the strategies plan (size-tiered by default), within the concurrency limit. */
  startCompactions(): void {
    if (this.closed) return;
    for (const task of this.compaction.nextTasks(this.services.clock.nowMs())) void this.runCompaction(task);
  }

  /** A major compaction (nodetool compact): every live SSTable of each table into one. */
  async compactAll(): Promise<void> {
    for (const state of [...this.stores.values()]) {
      const id = state.compactionId;
      // Flush completions may start new compactions while we wait: wait until none holds an
      // input of this table, then plan synchronously so nothing slips in between. A table
      // truncated or dropped meanwhile has nothing left to compact.
      while (!state.retired && this.compaction.compactingSSTables(id).length > 0) {
        assert(this.compactionsInFlight.size > 0, `${id} has SSTables compacting but no compaction running`);
        await Promise.allSettled([...this.compactionsInFlight]);
      }
      if (state.retired) continue;
      const inputs = this.compaction.liveSSTables(id).map((info) => info.descriptor);
      if (inputs.length < 2) continue;
      const plan = { inputs, outputLevel: 0, maxOutputBytes: Number.MAX_SAFE_INTEGER, reason: 'major compaction (nodetool compact)' };
      void this.runCompaction(this.compaction.submitPlan(id, plan));
    }
    await Promise.all([...this.compactionsInFlight]);
  }

  /** Resolves with the result once applied; null if it failed (recorded in events) or the store was retired. */
  private runCompaction(task: CompactionTask, keep: readonly TokenSpan[] | null = null): Promise<CompactionResult | null> {
    const state = [...this.stores.values()].find((s) => s.compactionId === task.storeId);
    assert(state !== undefined, `compaction for unknown store ${task.storeId}`);
    const { store } = state;
    const { config, clock } = this.services;
    const memtables: PurgeOverlap[] = [store.activeMemtable(), ...store.flushingMemtables().map((f) => f.memtable)]
      .filter((m) => m.rowCount() > 0 || m.partitionCount() > 0)
      .map((m) => ({ sstable: null, minTimestamp: m.minTimestamp(), minToken: this.init.vnode.startToken, maxToken: this.init.vnode.endToken }));
    const planned = this.compaction.toRequest(task, {
      nowMs: clock.nowMs(),
      gcGraceSeconds: store.options.gcGraceSeconds,
      bloomFilterFpChance: builtBloomFilterFpChance(store.options),
      // The node's throttle, shared equally by the threads (one compaction at a time each).
      throughputBytesPerSecond: config.compactionThroughputBytesPerSecond / config.storageThreads,
      memtables,
    });
    const request = keep === null ? planned : { ...planned, keep };
    let applied: CompactionResult | null = null;
    const controller = new AbortController();
    const flight = this.services.maintenance
      .compact(request, controller.signal)
      .then(
        (result) => {
          // A retired store's manager entry is gone; its outputs go with its files.
          if (state.retired) return;
          this.completeCompaction(store, task, result);
          applied = result;
        },
        (error: unknown) => {
          if (state.retired) return;
          this.compaction.failTask(task.taskId);
          this.events.push(`compaction of ${store.owner} failed: ${String(error)}`);
        },
      )
      .finally(() => {
        this.compactionsInFlight.delete(flight);
        state.compactions.delete(flight);
        this.startCompactions();
      });
    this.compactionsInFlight.add(flight);
    state.compactions.set(flight, controller);
    return flight.then(() => applied);
  }

  /** Swaps inputs for outputs in one step, then deletes the inputs (TOC first: see listSSTables). */
  private completeCompaction(store: TableStore, task: CompactionTask, result: CompactionResult): void {
    if (this.closed) return;
    const { port } = this.services;
    this.compaction.completeTask(task.taskId, result);
    const outputs = result.outputs.map((output) => SSTableReader.open(port, output.descriptor));
    // Compacted SSTables are the ones reads go to: their (small) indexes are loaded now, not
    // by the first reads.
    for (const reader of outputs) reader.loadIndex();
    const removed = store.replaceSSTables(new Set(result.inputs.map((d) => d.generation)), outputs);
    for (const reader of removed) {
      const files = reader.componentPaths();
      reader.close();
      // Without its TOC the SSTable no longer exists (a restart deletes what is left of it), so
      // the rest, the large Data file above all, goes in the background: unlinking it here
      // blocked the thread's writes for 10-50 ms per compaction.
      const toc = componentPath(reader.descriptor, 'TOC');
      port.unlink(toc);
      for (const file of files) {
        if (file === toc) continue;
        port.unlinkInBackground(file).catch((error: unknown) => {
          this.events.push(`could not delete ${file} after compaction: ${String(error)}`);
        });
      }
    }
  }

  /** Hard links of every live SSTable under snapshots/<name>/vnode-i/table-t (flush first). */
  async snapshot(name: string): Promise<number> {
    await this.flushAll();
    const { port, config } = this.services;
    let linked = 0;
    for (const state of this.stores.values()) {
      const target = path.join(config.dataDirectory, 'snapshots', name, `vnode-${this.init.vnode.index}`, `table-${state.store.options.tableId}`);
      port.mkdirp(target);
      for (const reader of state.store.liveSSTables()) {
        for (const file of reader.componentPaths()) {
          port.link(file, path.join(target, path.basename(file)));
          linked++;
        }
      }
    }
    return linked;
  }

  status(): { vnode: number; compactionsRunning: number; tables: TableStatus[]; events: string[] } {
    const tables = [...this.stores.values()].map(({ store }) => ({
      tableId: store.options.tableId,
      memtableBytes: store.activeMemtable().bytesUsed(),
      memtableRows: store.activeMemtable().rowCount(),
      flushingMemtables: store.flushingMemtables().length,
      sstables: store.liveSSTables().length,
      sstableBytes: store.liveSSTables().reduce((n, r) => n + r.sizeOnDisk(), 0),
      sstablePartitions: store.liveSSTables().reduce((n, r) => n + r.stats.partitionCount, 0),
      sstableTombstones: store.liveSSTables().reduce((n, r) => n + r.stats.tombstoneCount, 0),
    }));
    return { vnode: this.init.vnode.index, compactionsRunning: this.compactionsInFlight.size, tables, events: this.events.slice(-20) };
  }

  storesForTesting(): ReadonlyMap<number, { readonly store: TableStore }> {
    return this.stores;
  }

  close(): void {
    this.closed = true;
    if (this.services.vnodes.get(this.init.vnode.index) === this) this.services.vnodes.delete(this.init.vnode.index);
    for (const state of this.stores.values()) state.store.closeAll();
  }
}

function maxToken(a: bigint | undefined, b: bigint | undefined): bigint | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}

function minToken(a: bigint | undefined, b: bigint): bigint {
  return a === undefined || a > b ? b : a;
}

function infoOf(reader: SSTableReader): SSTableInfo {
  return { descriptor: reader.descriptor, stats: reader.stats, sizeOnDisk: reader.sizeOnDisk() };
}

/** At most `limit` partitions of a scan, skipping those at or before `after` (the previous page's last). */
function takePage<P extends { readonly token: bigint; readonly key: Uint8Array }>(
  partitions: Iterable<P>,
  after: { token: bigint; key: Uint8Array } | null,
  limit: number,
): P[] {
  const page: P[] = [];
  for (const partition of partitions) {
    if (after !== null && partition.token === after.token && compareBytes(partition.key, after.key) <= 0) continue;
    page.push(partition);
    if (page.length >= limit) break;
  }
  return page;
}
