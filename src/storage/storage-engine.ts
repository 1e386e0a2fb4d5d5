/**
 * The storage engine of one node, as the main thread sees it: the internal typed API that the
 * CQL layer builds on (write mutations, read a partition or a slice, flush, snapshot, close).
 *
 *   main thread                               worker thread t (actor host)
 *   write(mutations)                          VNodeActor i (token range i)
 *     token = murmur3(key)                      commit log of thread t  (one entry per batch)
 *     group by vnode, encode one batch  ──ring──►  memtables (SharedArrayBuffer slabs)
 *     ◄──────────── ack when durable ───────────   flush pool ──► SSTables
 *
 * The main thread does one encode per row and nothing else per row: no sorting, merging,
 * file writes or bloom filters (ARCHITECTURE.md section 2).
 *
 * Tables are registered at runtime (createTable, alterTable, truncateTable, dropTable:
 * tables/table-changes.ts) and kept in tables.json, which open() reads before it replays the
 * commit log (docs/adr/0010).
 */

import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { ActorSystem, type ActorSystemStats } from '../actors/actor-system.js';
import type { ActorRef } from '../actors/actor-ref.js';
import { DeadLetterError, ThreadExitedError } from '../actors/actor-errors.js';
import { murmur3Token, murmur3TokenParts, murmur3TokenPartsOfRange } from '../cluster/ring/murmur3.js';
import { limits } from '../config/limits.js';
import { ByteWriter } from '../lib/bytes/byte-writer.js';
import { pooledBytes } from '../lib/bytes/pooled-bytes.js';
import { CqlErrorCode, InvalidRequestError, OverloadedError, SibylError } from '../lib/errors.js';
import { NodeStoragePort } from '../lib/node-storage-port.js';
import { packageRoot } from '../lib/package-root.js';
import { CommitLogReplayer } from './commitlog/commit-log-replayer.js';
import type { CommitLogPosition } from './commitlog/commit-log-position.js';
import { parseSegmentFileName } from './commitlog/segment-file-name.js';
import { PartitionHeaderLayout } from './model/partition-codec.js';
import { boundsOnly, FULL_SLICE, type ClusteringSlice } from './model/clustering-slice.js';
import type { PartitionUpdate } from './model/partition-update.js';
import { EMPTY_PARTITION_DIGEST } from './model/partition-digest.js';
import type { LivePartition } from './model/read-filter.js';
import { DataDirectoryLock } from './data-directory-lock.js';
import type { NodeStorage, ReplicaReadAnswer } from './node-storage.js';
import { validateEncodedBatch, validateEncodedSize, validateMutation } from './mutation-validator.js';
import { defaultStorageConfig, type StorageConfig } from './storage-config.js';
import type { TableOptions } from './table-options.js';
import { openTableRegistry } from './tables/open-table-registry.js';
import type { ReplayDecision } from './tables/replay-filter.js';
import { TableChanges } from './tables/table-changes.js';
import type { TableRegistry } from './tables/table-registry.js';
import { ThreadRestarts } from './thread-restarts.js';
import type { TableStep } from './vnode/table-steps.js';
import type { VNodeControl } from './vnode/vnode-messages.js';
import { VNodeRanges } from './vnode/vnode-ranges.js';
import type { TableStatus } from './vnode/vnode-state.js';
import {
  BATCH_HEADER_BYTES,
  beginBatch,
  decodeReadReply,
  finishBatch,
  readBatchHeader,
  VNodeMessageType,
  writeBatchRecordWithTokenParts,
  writeReadCommand,
  type ReadCommand,
  type ReadMode,
  type ScanMode,
} from './vnode/vnode-wire.js';
import { flusherNiceIncrement, NodeFlusher } from './flush/node-flusher.js';
import { NodeMetadata } from './node-metadata.js';
import { ReadBatcher, type QueuedRead } from './read-batcher.js';
import { sumCleanupReports, type CleanupReport } from './compaction/cleanup-report.js';
import { normalizeTokenSpans, type TokenSpan } from './compaction/token-spans.js';
import { RowBatchWriter, type RowBatchSink } from './row-batch-writer.js';

/** A mutation as callers write it: the engine computes the token from the key. */
export type WriteMutation = Omit<PartitionUpdate, 'token'>;

export type StorageEngineOptions = Partial<Omit<StorageConfig, 'dataDirectory' | 'tables' | 'storageThreads'>> & {
  readonly dataDirectory: string;
  /**
   * Tables to serve besides those registered in the data directory: each is registered if
   * absent, its options updated if they differ. Default none.
   */
  readonly tables?: readonly TableOptions[];
  /** Worker threads hosting the vnodes; default os.availableParallelism(). */
  readonly threads?: number;
  /** How long a write keeps retrying while the node is Overloaded (flushes behind). */
  readonly overloadRetryMs?: number;
};

/** A read failed on the replica (for example a corrupted SSTable block, named in the message). */
export class ReadFailureError extends SibylError {
  override readonly name = 'ReadFailureError';
  readonly code = CqlErrorCode.readFailure;
}

/** Commit-log replay since open: entries read and what became of their records. */
export interface ReplayReport {
  entries: number;
  recordsReplayed: number;
  /** Records of tables the registry does not know (dropped). */
  recordsOfUnknownTables: number;
  /** Records written before their table was created or last truncated. */
  recordsBeforeReplayPoint: number;
}

/** The engine's config, whose tables follow the registry (see publishTables). */
type ServedConfig = Omit<StorageConfig, 'tables'> & { tables: readonly TableOptions[] };

interface OpenBatch {
  writer: ByteWriter;
  count: number;
}

/** Longest wait between retries of a batch refused as Overloaded. */
const OVERLOAD_RETRY_DELAY_MAX_MS = 10;
/** Replay batches sent and not yet applied, at most. */
const REPLAY_BATCHES_IN_FLIGHT = 64;
/** Initial size of a batch writer: it grows (up to limits.batchBytesMax and one mutation) as needed. */
const BATCH_WRITER_BYTES = 64 * 1024;
/** Writers kept for reuse between writes: several batches in flight for every vnode. */
const FREE_WRITERS_MAX = 64;

/**
 * Read batches on their way to one worker thread at once (read-batcher.ts). One: on 2 cores,
 * 1M rows, 128 readers, 1, 2 and 4 gave ~81k, ~75k and ~65k first-pass reads/s (batches of
 * ~40, ~25 and ~17 reads); the thread serves one batch at a time anyway.
 */
const READ_BATCHES_IN_FLIGHT_MAX = 1;

/** A table step on one thread may wait for flushes to end and compactions to stop. */
const TABLE_STEP_TIMEOUT_MS = 120_000;
/** Tries of a table step on a thread that keeps dying under it (the runtime's restart budget is smaller). */
const TABLE_STEP_ATTEMPTS_MAX = 8;
const TABLE_STEP_RETRY_DELAY_MS = 50;

/**
 * What a read resolves with: a partition (a live read's is without tombstones, which is a
 * LivePartition) or null, or a replica read's answer.
 */
type ReadAnswer = PartitionUpdate | null | ReplicaReadAnswer;
type PendingRead = QueuedRead<ReadCommand, ReadAnswer>;

/** Token bounds and page size of a scan (scan, scanUnfiltered). */
export interface ScanRange {
  /** Exclusive; undefined = unbounded. */
  readonly startToken?: bigint;
  /** Inclusive; undefined = unbounded. */
  readonly endToken?: bigint;
  /** Partitions fetched from a vnode at a time; default 1000. */
  readonly pageSize?: number;
}

/** What a read of a partition the node does not hold answers, by its mode. */
function absentAnswer(mode: ReadMode): ReadAnswer {
  if (mode === 'replica-data') return { data: null, digest: EMPTY_PARTITION_DIGEST };
  if (mode === 'replica-digest') return { digest: EMPTY_PARTITION_DIGEST };
  return null;
}

export class StorageEngine implements NodeStorage {
  /** Point reads gathered into batches, one batcher per worker thread. */
  private readonly readBatchers: ReadonlyArray<ReadBatcher<ReadCommand, ReadAnswer>>;
  /** The registry's writable table ids: the write and read paths' one lookup. */
  private readonly knownTables: ReadonlySet<number>;
  private readonly tableChanges: TableChanges;
  private readonly replayed: ReplayReport = { entries: 0, recordsReplayed: 0, recordsOfUnknownTables: 0, recordsBeforeReplayPoint: 0 };
  private readonly tokenParts = new Int32Array(2);
  /** One batch being encoded per worker thread; reused across writes, emptied before each write returns. */
  private readonly openBatches: Array<OpenBatch | undefined> = [];
  private readonly freeWriters: ByteWriter[] = [];
  private closed = false;
  /** The chain of commit-log replays after thread restarts; reads wait for it. */
  private recovery: Promise<void> = Promise.resolve();

  private constructor(
    /** The same object the storage threads are started with: its tables follow the registry. */
    private readonly served: ServedConfig,
    private readonly registry: TableRegistry,
    private readonly threadRestarts: ThreadRestarts,
    private readonly system: ActorSystem,
    private readonly flusher: NodeFlusher,
    private readonly vnodes: readonly ActorRef[],
    /** The data-plane entry of each worker thread (StorageThreadActor), by thread index. */
    private readonly threadEntries: readonly ActorRef[],
    private readonly ranges: VNodeRanges,
    private readonly lock: DataDirectoryLock,
    private readonly overloadRetryMs: number,
  ) {
    this.knownTables = registry.writableTableIds;
    const steps = { threads: threadEntries.length, runOnThread: (thread: number, step: TableStep) => this.runTableStep(thread, step) };
    this.tableChanges = new TableChanges(registry, new NodeStoragePort(), served.dataDirectory, steps, (tables) => this.publishTables(tables));
    this.readBatchers = threadEntries.map(
      (_entry, thread) => new ReadBatcher((reads: readonly PendingRead[]) => this.sendReads(thread, reads), READ_BATCHES_IN_FLIGHT_MAX),
    );
  }

  /** The node's storage settings; `tables` is what the storage threads serve now. */
  get config(): StorageConfig {
    return this.served;
  }

  static async open(options: StorageEngineOptions): Promise<StorageEngine> {
    const lock = DataDirectoryLock.acquire(options.dataDirectory);
    let started: ActorSystem | null = null;
    let flusher: NodeFlusher | null = null;
    try {
      const metadata = NodeMetadata.loadOrCreate(options.dataDirectory, options.vnodeCount);
      // Before any thread starts: they open the registered tables, and replay must know them.
      const registry = openTableRegistry(new NodeStoragePort(), options.dataDirectory, options.tables ?? []);
      // Every thread hosts at least one vnode (vnode t is how the engine reaches thread t).
      const threads = Math.min(options.threads ?? os.availableParallelism(), metadata.vnodeCount);
      const config: ServedConfig = {
        ...defaultStorageConfig(options.dataDirectory, []),
        ...withoutUndefined(options),
        vnodeCount: metadata.vnodeCount,
        storageThreads: threads,
        tables: registry.servedTables(),
      };
      const threadRestarts = new ThreadRestarts();
      const nodeFlusher = new NodeFlusher({ niceIncrement: flusherNiceIncrement(config.workerNiceIncrement, threads) });
      flusher = nodeFlusher;
      const system = await ActorSystem.start({
        node: 'local',
        threads,
        kindsModule: path.join(packageRoot(), 'dist', 'src', 'storage', 'storage-kinds.js'),
        servicesOptions: config,
        niceIncrement: config.workerNiceIncrement,
        preTouchRings: config.preTouchMemory,
        threadServicePort: (threadIndex) => nodeFlusher.connect(threadIndex),
        beforeThreadRespawn: (threadIndex) => {
          threadRestarts.begin(threadIndex);
          return nodeFlusher.abandon(threadIndex);
        },
      });
      started = system;
      const ranges = new VNodeRanges(config.vnodeCount);
      const vnodesOnThread = Math.ceil(ranges.count / threads);
      const vnodes = await Promise.all(
        ranges.ranges.map((vnode) =>
          system.spawn('vnode', `vnode-${vnode.index}`, { vnode, vnodesOnThread }, { thread: vnode.index % threads }),
        ),
      );
      const threadEntries = await Promise.all(
        Array.from({ length: threads }, (_, t) => system.spawn('storage-thread', `storage-thread-${t}`, {}, { thread: t })),
      );
      const engine = new StorageEngine(
        config,
        registry,
        threadRestarts,
        system,
        nodeFlusher,
        vnodes,
        threadEntries,
        ranges,
        lock,
        options.overloadRetryMs ?? 60_000,
      );
      system.on('threadRestarted', (event) => engine.recoverThread(event.threadIndex));
      await engine.replayCommitLogs(null);
      return engine;
    } catch (error) {
      // A failed open leaves no threads behind and the directory unlocked.
      await started?.shutdown().catch(() => undefined);
      await flusher?.close().catch(() => undefined);
      lock.release();
      throw error;
    }
  }

  /**
   * Writes mutations; resolves once every one is acknowledged under the commit-log sync mode.
   * Mutations to different partitions are independent (as an unlogged batch in Cassandra): if
   * this rejects, some of them may have been applied. The hot path per row is one validation,
   * one Murmur3 into two int32 (no bigint), and one encode into its vnode's batch.
   */
  async write(mutations: readonly WriteMutation[]): Promise<void> {
    this.assertOpen();
    for (const mutation of mutations) validateMutation(mutation, this.knownTables);
    const sends: Promise<void>[] = [];
    const tokenParts = this.tokenParts;
    await this.encodeThenSend(sends, () => {
      for (const mutation of mutations) {
        murmur3TokenParts(mutation.key, tokenParts);
        const thread = this.threadOfHigh(tokenParts[0]!);
        const writer = this.openBatchWriter(thread);
        const before = writer.position;
        writeBatchRecordWithTokenParts(writer, mutation, tokenParts[0]!, tokenParts[1]!);
        validateEncodedSize(writer.position - before);
        this.recordAdded(thread, sends);
      }
    });
  }

  /**
   * Bulk ingest: `fill` writes rows through a RowBatchWriter, which encodes each straight into
   * its vnode's batch with no intermediate objects (row-batch-writer.ts). Resolves when every
   * row is acknowledged; rows are independent partitions, as in write().
   */
  async writeRows(tableId: number, fill: (rows: RowBatchWriter) => void): Promise<number> {
    this.assertOpen();
    if (!this.knownTables.has(tableId)) throw new InvalidRequestError(`unknown table id ${tableId}`);
    const sends: Promise<void>[] = [];
    const sink: RowBatchSink = {
      writerFor: (tokenHigh) => this.openBatchWriter(this.threadOfHigh(tokenHigh)),
      recordDone: (tokenHigh) => this.recordAdded(this.threadOfHigh(tokenHigh), sends),
    };
    const rows = new RowBatchWriter(tableId, sink, murmur3TokenPartsOfRange, this.tokenParts);
    await this.encodeThenSend(sends, () => {
      try {
        fill(rows);
      } catch (error) {
        rows.abandonRow();
        throw error;
      }
    });
    return rows.rowCount();
  }

  /**
   * Writes a batch already encoded in the engine's write layout (vnode/encoded-batch.ts): what a
   * replica does with a coordinator's mutations. Each record is copied as it is, bytes and not
   * objects, into the open batch of the thread that owns its token, and acknowledged under the
   * commit-log sync mode, as write() would apply the same mutations. The whole batch is checked
   * first as far as its record headers tell (validateEncodedBatch): a refused batch applies
   * nothing. Resolves with the number of records.
   */
  async writeEncodedBatch(batch: Uint8Array): Promise<number> {
    this.assertOpen();
    const count = validateEncodedBatch(batch, this.knownTables, this.tokenParts);
    const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
    const sends: Promise<void>[] = [];
    await this.encodeThenSend(sends, () => {
      let offset = BATCH_HEADER_BYTES;
      for (let i = 0; i < count; i++) {
        const recordBytes = 4 + view.getUint32(offset);
        const thread = this.threadOfHigh(view.getInt32(offset + 4 + PartitionHeaderLayout.token));
        this.openBatchWriter(thread).rawRange(batch, offset, recordBytes);
        this.recordAdded(thread, sends);
        offset += recordBytes;
      }
    });
    return count;
  }

  /** The worker thread serving a token given by its high 32 bits: vnode i lives on thread i % threads. */
  private threadOfHigh(tokenHigh: number): number {
    return this.ranges.lookupVNodeByHigh(tokenHigh) % this.threadEntries.length;
  }

  /** The open batch of `thread`, begun if empty, ready for one more record. */
  private openBatchWriter(thread: number): ByteWriter {
    let batch = this.openBatches[thread];
    if (batch === undefined) {
      batch = this.openBatches[thread] = { writer: this.freeWriters.pop() ?? new ByteWriter(BATCH_WRITER_BYTES), count: 0 };
    }
    if (batch.count === 0) beginBatch(batch.writer, VNodeMessageType.write);
    return batch.writer;
  }

  /** Counts the record just encoded for `thread`; a full batch leaves at once. */
  private recordAdded(thread: number, sends: Promise<void>[]): void {
    const batch = this.openBatches[thread]!;
    batch.count++;
    if (batch.count === limits.batchRowsMax || batch.writer.position >= limits.batchBytesMax) {
      sends.push(this.sendBatch(thread, batch));
    }
  }

  /**
   * Runs a synchronous encode into the open batches, then sends what is left open and waits
   * for every send. If the encode throws (an oversized mutation), batches already sent stand
   * (as in an unlogged batch) and the open ones are dropped so the next write starts clean.
   */
  private async encodeThenSend(sends: Promise<void>[], encode: () => void): Promise<void> {
    try {
      encode();
    } catch (error) {
      for (const batch of this.openBatches) if (batch !== undefined) batch.count = 0;
      await Promise.allSettled(sends);
      throw error;
    }
    for (let thread = 0; thread < this.openBatches.length; thread++) {
      const batch = this.openBatches[thread];
      if (batch !== undefined && batch.count > 0) sends.push(this.sendBatch(thread, batch));
    }
    await Promise.all(sends);
  }

  /**
   * Sends a thread's open batch. The batch's writer travels with the send (a retry after
   * Overloaded needs its bytes) and comes back to the free list when the send settles, so the
   * hot path neither copies a batch nor allocates a large buffer per batch.
   */
  private sendBatch(thread: number, batch: OpenBatch): Promise<void> {
    const writer = batch.writer;
    const bytes = finishBatch(writer, batch.count);
    batch.count = 0;
    batch.writer = this.freeWriters.pop() ?? new ByteWriter(BATCH_WRITER_BYTES);
    return this.sendWithRetry(this.threadEntries[thread]!, bytes).finally(() => {
      if (this.freeWriters.length < FREE_WRITERS_MAX) this.freeWriters.push(writer);
    });
  }

  private async sendWithRetry(to: ActorRef, batch: Uint8Array): Promise<void> {
    const deadline = Date.now() + this.overloadRetryMs;
    // Short waits: memtable space comes back when a flush ends, and a batch that sleeps past
    // that leaves the thread idle (a 200 ms cap cost a 1M-row ingest seconds of stalls).
    for (let delayMs = 1; ; delayMs = Math.min(delayMs * 2, OVERLOAD_RETRY_DELAY_MAX_MS)) {
      try {
        await this.system.askBinary<boolean>(to, batch);
        return;
      } catch (error) {
        if (!(error instanceof OverloadedError) || Date.now() + delayMs > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  /** Flushes queued or running on the node's flusher, of one storage thread or of all. */
  flushesInFlight(threadIndex?: number): number {
    return this.flusher.flushesInFlight(threadIndex);
  }

  /** Reads one partition (live data at now, sliced). Reads issued together travel as one batch per thread. */
  read(tableId: number, key: Uint8Array, slice: ClusteringSlice = FULL_SLICE): Promise<LivePartition | null> {
    return this.readInMode(tableId, key, slice, 'live') as Promise<LivePartition | null>;
  }

  /**
   * What a replica answers a coordinator (docs/adr/0012): the partition merged across
   * memtables and SSTables with its tombstones (partition deletion, range tombstones, row
   * deletions, cell tombstones) and expired cells as they are, in canonical form
   * (model/canonical-partition.ts: data a tombstone shadows is left out, so replicas holding
   * the same data answer the same partition and digest). Rows within the slice's bounds, in
   * ascending order: the slice's direction and limit are not applied, the coordinator applies
   * them after reconciling replicas. null when the node holds nothing of it. Batched with
   * read()s as they are.
   */
  readUnfiltered(tableId: number, key: Uint8Array, slice: ClusteringSlice = FULL_SLICE): Promise<PartitionUpdate | null> {
    return this.readInMode(tableId, key, boundsOnly(slice), 'unfiltered') as Promise<PartitionUpdate | null>;
  }

  /** readUnfiltered's answer as the storage thread encodes and digests it (NodeStorage.readReplica). */
  readReplica(tableId: number, key: Uint8Array, slice: ClusteringSlice, digestOnly: boolean): Promise<ReplicaReadAnswer> {
    return this.readInMode(tableId, key, boundsOnly(slice), digestOnly ? 'replica-digest' : 'replica-data') as Promise<ReplicaReadAnswer>;
  }

  private readInMode(tableId: number, key: Uint8Array, slice: ClusteringSlice, mode: ReadMode): Promise<ReadAnswer> {
    this.assertOpen();
    if (!this.knownTables.has(tableId)) return Promise.reject(new InvalidRequestError(`unknown table id ${tableId}`));
    const token = murmur3Token(key);
    const thread = this.ranges.lookupVNode(token) % this.threadEntries.length;
    return this.readBatchers[thread]!.read({ tableId, token, key, slice, mode });
  }

  /** Sends one thread's gathered reads (in chunks of at most batchRowsMax) and answers each. */
  private async sendReads(thread: number, reads: readonly PendingRead[]): Promise<void> {
    // A thread that restarted serves nothing until its commit log is replayed into it, or a
    // read could miss acknowledged writes.
    await this.recovery;
    const chunks: Promise<void>[] = [];
    for (let from = 0; from < reads.length; from += limits.batchRowsMax) {
      chunks.push(this.sendReadChunk(thread, reads.slice(from, from + limits.batchRowsMax)));
    }
    await Promise.all(chunks);
  }

  private async sendReadChunk(thread: number, chunk: readonly PendingRead[]): Promise<void> {
    // A read command is ~60 bytes plus its key. Copied into the ring at once (askBinary):
    // pooled memory, not an ArrayBuffer per batch.
    const writer = new ByteWriter(pooledBytes(256 + chunk.length * 96));
    beginBatch(writer, VNodeMessageType.read);
    for (const pending of chunk) writeReadCommand(writer, pending.command);
    const batch = finishBatch(writer, chunk.length);
    let reply: Uint8Array;
    try {
      reply = await this.system.askBinary<Uint8Array>(this.threadEntries[thread]!, batch);
    } catch (error) {
      for (const pending of chunk) pending.reject(error as Error);
      return;
    }
    decodeReadReply(reply).forEach((outcome, i) => {
      const pending = chunk[i]!;
      if (outcome.kind === 'found') pending.resolve(outcome.partition);
      else if (outcome.kind === 'encoded') pending.resolve({ data: outcome.bytes, digest: outcome.digest });
      else if (outcome.kind === 'digest') pending.resolve({ digest: outcome.digest });
      else if (outcome.kind === 'absent') pending.resolve(absentAnswer(pending.command.mode));
      // Its table was dropped while the read was on its way: as if it had been issued after.
      else if (!this.knownTables.has(pending.command.tableId)) pending.reject(new InvalidRequestError(`unknown table id ${pending.command.tableId}`));
      else pending.reject(new ReadFailureError(outcome.message));
    });
  }

  /**
   * Live partitions of a table with tokens in (startToken, endToken] (undefined = unbounded),
   * in token order, fetched a page at a time from each vnode in ring order.
   */
  scan(tableId: number, range: ScanRange = {}): AsyncGenerator<LivePartition> {
    return this.scanInMode(tableId, range, 'live');
  }

  /**
   * scan() as a replica answers a range read: each partition as readUnfiltered answers it
   * (tombstones kept, canonical form), partitions that hold only tombstones included.
   */
  scanUnfiltered(tableId: number, range: ScanRange = {}): AsyncGenerator<PartitionUpdate> {
    return this.scanInMode(tableId, range, 'unfiltered');
  }

  private async *scanInMode(tableId: number, range: ScanRange, mode: ScanMode): AsyncGenerator<PartitionUpdate> {
    this.assertOpen();
    if (!this.knownTables.has(tableId)) throw new InvalidRequestError(`unknown table id ${tableId}`);
    const pageSize = range.pageSize ?? 1000;
    for (const vnode of this.ranges.ranges) {
      if (range.endToken !== undefined && vnode.index > 0 && vnode.startToken >= range.endToken) break;
      if (range.startToken !== undefined && vnode.endToken <= range.startToken) continue;
      let after: { token: bigint; key: Uint8Array } | null = null;
      for (;;) {
        await this.recovery;
        const command: VNodeControl = {
          kind: 'scan-page',
          tableId,
          startToken: range.startToken ?? null,
          endToken: range.endToken ?? null,
          after,
          limit: pageSize,
          mode,
        };
        const reply = await this.system.control<Uint8Array>(this.vnodes[vnode.index]!, command);
        const page = decodeReadReply(reply);
        for (const outcome of page) if (outcome.kind === 'found') yield outcome.partition;
        const last = page.at(-1);
        if (page.length < pageSize || last === undefined || last.kind !== 'found') break;
        after = { token: last.partition.token, key: last.partition.key };
      }
    }
  }

  /**
   * Registers a table on every vnode at once and persists it (CREATE TABLE); writes and reads
   * may name it once this resolves. Refuses (InvalidRequestError) an id already registered.
   */
  createTable(options: TableOptions): Promise<void> {
    this.assertOpen();
    return this.tableChanges.create(options);
  }

  /**
   * New options for a registered table (ALTER TABLE ... WITH), live: gc_grace_seconds,
   * bloom_filter_fp_chance and memtable_flush_period_in_ms apply from the next compaction,
   * flush or tick, and each vnode's compaction strategy is replaced.
   */
  alterTable(options: TableOptions): Promise<void> {
    this.assertOpen();
    return this.tableChanges.alter(options);
  }

  /**
   * Empties a table (TRUNCATE): memtables discarded, SSTables deleted, and replay skips what
   * the commit log still holds of it from before, so it stays empty across a restart or a
   * crash. Writes issued during the truncate may or may not survive it.
   */
  truncateTable(tableId: number): Promise<void> {
    this.assertOpen();
    return this.tableChanges.truncate(tableId);
  }

  /**
   * Unregisters a table (DROP TABLE): its flushes and compactions stop, its files are deleted,
   * and replay skips its records. Writes and reads in flight to it may fail with
   * InvalidRequestError, as later ones do.
   */
  dropTable(tableId: number): Promise<void> {
    this.assertOpen();
    return this.tableChanges.drop(tableId);
  }

  /** The tables registered now. */
  tables(): readonly TableOptions[] {
    return this.registry.tables();
  }

  /** Commit-log replay since open (at open, and after thread restarts). */
  replayReport(): Readonly<ReplayReport> {
    return { ...this.replayed };
  }

  /**
   * The tables the storage threads serve changed. The runtime starts a crashed thread again
   * with the options object it was first given, this one: so a respawned thread opens the
   * tables registered now, not those of the engine's open.
   */
  private publishTables(tables: readonly TableOptions[]): void {
    this.served.tables = tables;
  }

  /**
   * Runs a table step on one thread through its first vnode. A thread that is restarting is
   * waited for (its recovery replays its log; a step in the middle of that could be undone);
   * a thread that dies under the step gets it again once it is back: steps are idempotent.
   */
  private async runTableStep(thread: number, step: TableStep): Promise<CommitLogPosition> {
    const deadline = Date.now() + TABLE_STEP_TIMEOUT_MS;
    for (let attempt = 1; ; attempt++) {
      await this.threadRestarts.settled(thread, Math.max(0, deadline - Date.now()));
      this.assertOpen();
      try {
        return await this.system.control<CommitLogPosition>(this.vnodeOnThread(thread), { kind: 'table-step', step }, TABLE_STEP_TIMEOUT_MS);
      } catch (error) {
        const threadGone = error instanceof ThreadExitedError || error instanceof DeadLetterError;
        if (!threadGone || attempt >= TABLE_STEP_ATTEMPTS_MAX || Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, TABLE_STEP_RETRY_DELAY_MS * attempt));
      }
    }
  }

  /** Flushes every memtable to SSTables (nodetool flush). */
  async flush(): Promise<void> {
    await this.controlAll({ kind: 'flush' });
  }

  /** Flushes, then compacts every table of every range into one SSTable (nodetool compact). */
  async compact(): Promise<void> {
    await this.controlAll({ kind: 'compact' });
  }

  /**
   * nodetool cleanup of one table: flushed, its replay points moved past the flush (so the
   * commit log cannot bring back what goes), then every SSTable holding a token outside
   * `keep` rewritten without those partitions (compaction/cleanup-plan.ts). No tombstone is
   * written: the data is not deleted, it is no longer this node's to keep.
   */
  cleanupTable(tableId: number, keep: readonly TokenSpan[]): Promise<CleanupReport> {
    this.assertOpen();
    if (!this.knownTables.has(tableId)) throw new InvalidRequestError(`unknown table id ${tableId}`);
    const spans = normalizeTokenSpans(keep);
    return this.tableChanges.flushThenRewrite(tableId, async () =>
      sumCleanupReports(await this.controlAll<CleanupReport>({ kind: 'cleanup-table', tableId, keep: spans })),
    );
  }

  /** Hard links of all live SSTables under snapshots/<name> (nodetool snapshot); flushes first. */
  async snapshot(name: string): Promise<number> {
    if (!/^[\w.-]+$/.test(name)) throw new InvalidRequestError(`invalid snapshot name '${name}'`);
    if (this.listSnapshots().includes(name)) throw new InvalidRequestError(`snapshot '${name}' already exists`);
    const counts = await this.controlAll<number>({ kind: 'snapshot', name });
    return counts.reduce((a, b) => a + b, 0);
  }

  listSnapshots(): string[] {
    const dir = path.join(this.config.dataDirectory, 'snapshots');
    return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
  }

  clearSnapshot(name: string): void {
    if (!this.listSnapshots().includes(name)) throw new InvalidRequestError(`no snapshot named '${name}'`);
    fs.rmSync(path.join(this.config.dataDirectory, 'snapshots', name), { recursive: true, force: true });
  }

  async status(): Promise<Array<{ vnode: number; compactionsRunning: number; tables: TableStatus[]; events: string[] }>> {
    return this.controlAll({ kind: 'status' });
  }

  /** The node's actors, thread by thread: mailbox depths, messages processed (nodetool tpstats). */
  actorStats(): Promise<ActorSystemStats> {
    this.assertOpen();
    return this.system.stats();
  }

  private async controlAll<T>(command: VNodeControl): Promise<T[]> {
    this.assertOpen();
    return Promise.all(this.vnodes.map((ref) => this.system.control<T>(ref, command, 120_000)));
  }

  /**
   * Commit-log replay (Cassandra's CommitLogReplayer): every batch of the segments found at
   * start is re-applied to the memtables of the vnodes that own it (restricted to one thread's
   * vnodes after that thread restarted), then flushed; only then are the segments deleted.
   */
  private async replayCommitLogs(onlyThread: number | null): Promise<void> {
    const threads = this.system.threads;
    const segments: string[] = [];
    const threadDirs = new Set<number>();
    for (let t = 0; t < threads; t++) {
      if (onlyThread !== null && t !== onlyThread) continue;
      const listed = await this.system.control<string[]>(this.vnodeOnThread(t), { kind: 'segments-to-replay' });
      segments.push(...listed);
      threadDirs.add(t);
    }
    // Segments of threads that no longer exist (the thread count changed since the last run).
    const orphanSegments = onlyThread === null ? this.orphanSegments(threads) : [];
    segments.push(...orphanSegments);
    if (segments.length === 0) return;
    const port = new NodeStoragePort();
    const inFlight = new Set<Promise<void>>();
    const filter = this.registry.replayFilter();
    const sources = new Map<string, SegmentSource>();
    // A damaged entry in the middle of a segment is skipped and reported by file and offset;
    // a torn tail (the last write before a crash) is dropped silently, as Cassandra does.
    const onCorruption = (error: Error): void => process.emitWarning(`sibyl: commit-log replay: ${error.message}`);
    for (const { payload, segment, offset } of CommitLogReplayer.replay(port, segments, onCorruption)) {
      let source = sources.get(segment);
      if (source === undefined) sources.set(segment, (source = segmentSource(segment)));
      const at = { segmentId: source.segmentId, offset };
      const thread = source.thread;
      this.replayed.entries++;
      const decide = (tableId: number): ReplayDecision => filter.decide(tableId, thread, at);
      for (const [vnode, batch] of this.splitForReplay(payload, onlyThread, decide)) {
        const send: Promise<void> = this.sendWithRetry(this.vnodes[vnode]!, batch).finally(() => inFlight.delete(send));
        inFlight.add(send);
        send.catch(() => undefined); // awaited below; this only keeps a failure from being unhandled
      }
      // Bounded, so a large log neither sits in memory at once nor floods the vnodes.
      while (inFlight.size >= REPLAY_BATCHES_IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    // After a restart, only that thread's vnodes: another thread may be restarting too.
    const replayedVnodes = this.vnodes.filter((_ref, vnode) => onlyThread === null || vnode % threads === onlyThread);
    await Promise.all(replayedVnodes.map((ref) => this.system.control(ref, { kind: 'flush' }, 120_000)));
    for (const t of threadDirs) await this.system.control(this.vnodeOnThread(t), { kind: 'discard-replayed-segments' });
    for (const file of orphanSegments) fs.rmSync(file, { force: true });
  }

  private orphanSegments(threads: number): string[] {
    const root = path.join(this.config.dataDirectory, 'commitlog');
    if (!fs.existsSync(root)) return [];
    const orphans: string[] = [];
    for (const dir of fs.readdirSync(root)) {
      const index = Number.parseInt(dir.slice(1), 10);
      if (!dir.startsWith('t') || !(index >= threads)) continue;
      for (const file of fs.readdirSync(path.join(root, dir)).sort()) orphans.push(path.join(root, dir, file));
    }
    return orphans;
  }

  /**
   * Re-groups one logged write batch by owning vnode as replay batches, leaving out records
   * the registry says not to replay (dropped tables, writes before a creation or truncation).
   */
  private splitForReplay(payload: Uint8Array, onlyThread: number | null, decide: (tableId: number) => ReplayDecision): Map<number, Uint8Array> {
    const { count, reader } = readBatchHeader(payload);
    const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    const byVnode = new Map<number, ByteWriter>();
    const counts = new Map<number, number>();
    let offset = reader.position;
    for (let i = 0; i < count; i++) {
      const length = view.getUint32(offset);
      const token = view.getBigInt64(offset + 4 + PartitionHeaderLayout.token);
      const vnode = this.ranges.lookupVNode(token);
      if ((onlyThread === null || vnode % this.system.threads === onlyThread) && this.shouldReplay(decide(view.getUint32(offset + 4 + PartitionHeaderLayout.tableId)))) {
        let writer = byVnode.get(vnode);
        if (writer === undefined) {
          writer = new ByteWriter(payload.length + 16);
          beginBatch(writer, VNodeMessageType.replay);
          byVnode.set(vnode, writer);
        }
        writer.raw(payload.subarray(offset, offset + 4 + length));
        counts.set(vnode, (counts.get(vnode) ?? 0) + 1);
      }
      offset += 4 + length;
    }
    const batches = new Map<number, Uint8Array>();
    for (const [vnode, writer] of byVnode) batches.set(vnode, finishBatch(writer, counts.get(vnode)!).slice());
    return batches;
  }

  private shouldReplay(decision: ReplayDecision): boolean {
    if (decision === 'replay') this.replayed.recordsReplayed++;
    else if (decision === 'unknown-table') this.replayed.recordsOfUnknownTables++;
    else this.replayed.recordsBeforeReplayPoint++;
    return decision === 'replay';
  }

  private vnodeOnThread(thread: number): ActorRef {
    return this.vnodes[thread]!; // vnode i lives on thread i % threads, so vnode t is on thread t
  }

  /**
   * A worker thread died and was respawned empty: bring its tables up to the registry (it was
   * started with the tables of an earlier moment), then replay its commit log into its vnodes.
   */
  private recoverThread(threadIndex: number): void {
    if (this.closed) {
      this.threadRestarts.end(threadIndex);
      return;
    }
    this.recovery = this.recovery
      .then(async () => {
        const step: TableStep = { kind: 'sync-tables', tables: this.registry.servedTables() };
        await this.system.control(this.vnodeOnThread(threadIndex), { kind: 'table-step', step }, TABLE_STEP_TIMEOUT_MS);
        await this.replayCommitLogs(threadIndex);
      })
      .catch((error: unknown) => {
        process.emitWarning(`sibyl: recovery of thread ${threadIndex} failed: ${String(error)}`);
      })
      .finally(() => this.threadRestarts.end(threadIndex));
  }

  /**
   * Resolves when every thread that died so far has been respawned and has had its commit log
   * replayed. A thread still respawning has no recovery queued yet, so its restart is waited
   * for too (else a read right after could reach it before its actors exist: DeadLetter).
   */
  async awaitRecovery(): Promise<void> {
    await this.threadRestarts.allSettled();
    await this.recovery;
  }

  /**
   * Fault injection for tests: ends worker thread `threadIndex` abruptly, as a crash would.
   * The runtime respawns it and the engine replays its commit log (awaitRecovery).
   */
  async crashThreadForTesting(threadIndex: number): Promise<void> {
    this.assertOpen();
    await this.system.control(this.vnodeOnThread(threadIndex), { kind: 'crash-thread-for-testing' }).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // A table change waiting for a restarting thread gives up now (the engine is closed).
    this.threadRestarts.endAll();
    await this.tableChanges.idle();
    try {
      await Promise.all(this.vnodes.map((ref) => this.system.control(ref, { kind: 'flush' }, 120_000)));
      await Promise.all(this.vnodes.map((ref) => this.system.control(ref, { kind: 'sync-commit-log' }, 120_000)));
    } finally {
      await this.system.shutdown();
      await this.flusher.close();
      this.lock.release();
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new InvalidRequestError('the storage engine is closed');
  }
}

/** A segment's thread directory (commitlog/t<n>) and id, from its path. */
interface SegmentSource {
  readonly thread: number;
  readonly segmentId: number;
}

function segmentSource(file: string): SegmentSource {
  const thread = /^t(\d+)$/.exec(path.basename(path.dirname(file)));
  const name = parseSegmentFileName(path.basename(file));
  // The replayer only reads files named as segments, in thread directories.
  return { thread: thread === null ? -1 : Number(thread[1]), segmentId: name?.segmentId ?? 0 };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
