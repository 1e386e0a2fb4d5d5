/**
 * The commit log of one worker thread (Cassandra's CommitLog + CommitLogSegmentManager, cut to
 * one thread): every batch of partition updates is appended here, as ONE checksummed entry,
 * before it is applied to memtables, so a crash loses no acknowledged batch. The VNodeActors of
 * the thread share it synchronously; nothing here knows about threads.
 *
 *   append(batch) ──► frame (entry-frame.ts) ──► one port.write to the active segment
 *        │                                         (full? create the next segment first)
 *        └─► durable promise: periodic = resolved now; group = next group fsync;
 *            batch = the fsync at the end of this tick (a microtask), shared by the tick's appends
 *
 *   markClean(owner, upTo) ──► segments no owner needs any more are deleted
 *
 * Sync: one fsync pass covers every segment with unsynced bytes (sealed ones first, then the
 * active one) and settles every append made before it, so acks share fsyncs. The group and
 * periodic fsyncs are armed by the first unsynced append (no idle timer); a failed fsync rejects
 * the waiting appends, is counted, and is retried one period later. Those passes, and batch
 * mode's, run on libuv's thread pool (at most one at a time; appends made meanwhile wait for
 * the next), as Cassandra's sync runs on its own thread: done on the thread itself, a periodic
 * fdatasync of a second of ingest (~60 MB) stopped the writes of both storage threads for
 * 100-200 ms every second, ~15% of a 1M-row ingest. sync() and close() sync in place.
 *
 * Failure: an append that hits ENOSPC throws DiskFullError (src/lib/errors.ts) and leaves the
 * log exactly as before the call (the partial frame is truncated away; a segment created for it
 * is removed).
 *
 * Segment ids grow across restarts: the first id of a run is past every segment on disk and not
 * below the clock's milliseconds, so they still grow after every old segment was deleted.
 */

import path from 'node:path';
import { limits } from '../../config/limits.js';
import { assert, assertNever } from '../../lib/assert.js';
import type { Clock } from '../../lib/clock.js';
import type { StoragePort } from '../../lib/storage-port.js';
import type { CommitLogOptions } from './commit-log-options.js';
import { compareCommitLogPositions, type CommitLogPosition } from './commit-log-position.js';
import { CommitLogSegment } from './commit-log-segment.js';
import { FRAME_HEADER_BYTES, FRAME_OVERHEAD_BYTES, sealFrame } from './entry-frame.js';
import type { Scheduler } from './scheduler.js';
import { parseSegmentFileName, segmentFileName } from './segment-file-name.js';
import { SEGMENT_HEADER_BYTES } from './segment-header.js';

export type { CommitLogOptions, CommitLogSyncMode } from './commit-log-options.js';
export type { CommitLogPosition } from './commit-log-position.js';

export interface CommitLogAppend {
  /** The position just after the entry: a memtable holding it is clean once marked up to here. */
  readonly position: CommitLogPosition;
  /** Settles when the entry is durable under the sync mode; rejects if that fsync fails. */
  readonly durable: Promise<void>;
}

export interface CommitLogStats {
  /** Live segments of this run (replayable ones from earlier runs not counted). */
  readonly segments: number;
  readonly bytes: number;
  /** Appends waiting for an fsync. */
  readonly pendingSyncs: number;
  readonly syncs: number;
  readonly syncFailures: number;
}

/** Appends that will be settled together by the next fsync. */
interface SyncWaiters {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  count: number;
}

const RESOLVED: Promise<void> = Promise.resolve();
const FRAME_BUFFER_BYTES_INITIAL = 64 * 1024;
/** Offsets are u32 in the frame checksum seed; keep segments far below that. */
const SEGMENT_BYTES_MAX = 1024 * 1024 * 1024;

/**
 * The largest payload one append takes under `segmentBytes`: a frame must fit an empty
 * segment. An entry is a whole write batch: up to limits.batchBytesMax plus the mutation that
 * crossed it (limits.ts asserts that this fits a default segment).
 */
export function commitLogEntryBytesMax(segmentBytes: number): number {
  const emptySegmentRoom = segmentBytes - SEGMENT_HEADER_BYTES - FRAME_OVERHEAD_BYTES;
  return Math.min(limits.batchBytesMax + limits.mutationBytesMax, emptySegmentRoom);
}

export class CommitLog {
  private active: CommitLogSegment | null = null;
  /** Older segments still needed by some owner (or not yet deleted), oldest first. */
  private readonly sealed: CommitLogSegment[] = [];
  /** Bytes of the sealed segments (fixed once sealed): bytes() is asked on every write batch. */
  private sealedBytes = 0;
  private replayable: string[];
  private nextSegmentId: number;
  private readonly entryBytesMax: number;
  private frame = new Uint8Array(FRAME_BUFFER_BYTES_INITIAL);
  private frameView = new DataView(this.frame.buffer);
  private waiters: SyncWaiters | null = null;
  /** The background sync pass out now, with the appends it will settle. */
  private syncPass: { readonly waiters: SyncWaiters | null } | null = null;
  /** An append asked for a sync while a pass was out: run another when it ends. */
  private syncAgain = false;
  private syncTimer: { readonly handle: unknown } | null = null;
  private syncs = 0;
  private syncFailures = 0;
  private closed = false;

  private constructor(
    private readonly port: StoragePort,
    private readonly scheduler: Scheduler,
    private readonly options: CommitLogOptions,
    replayable: string[],
    firstSegmentId: number,
  ) {
    this.replayable = replayable;
    this.nextSegmentId = firstSegmentId;
    this.entryBytesMax = commitLogEntryBytesMax(options.segmentBytes);
  }

  /**
   * Opens the log in `options.directory` (created if missing). Segments found there are listed
   * in `segmentsToReplay`; nothing is written until the first append.
   */
  static open(
    port: StoragePort,
    clock: Clock,
    scheduler: Scheduler,
    options: CommitLogOptions,
  ): CommitLog {
    assert(options.directory.length > 0, 'commit log needs a directory');
    assert(
      Number.isSafeInteger(options.segmentBytes) &&
        options.segmentBytes > SEGMENT_HEADER_BYTES + FRAME_OVERHEAD_BYTES &&
        options.segmentBytes <= SEGMENT_BYTES_MAX,
      `segmentBytes out of range: ${options.segmentBytes}`,
    );
    assert(
      Number.isFinite(options.syncPeriodMs) && options.syncPeriodMs > 0,
      `syncPeriodMs must be > 0, got ${options.syncPeriodMs}`,
    );
    port.mkdirp(options.directory);
    const found: { readonly name: string; readonly segmentId: number }[] = [];
    for (const name of port.readdir(options.directory)) {
      const parsed = parseSegmentFileName(name);
      if (parsed !== null) found.push({ name, segmentId: parsed.segmentId });
    }
    found.sort((a, b) => a.segmentId - b.segmentId);
    const lastOnDisk = found.at(-1)?.segmentId ?? 0;
    const firstSegmentId = Math.max(1, lastOnDisk + 1, Math.floor(clock.nowMs()));
    assert(Number.isSafeInteger(firstSegmentId), 'segment id overflow');
    const replayable = found.map((file) => path.join(options.directory, file.name));
    return new CommitLog(port, scheduler, options, replayable, firstSegmentId);
  }

  /** Segments already on disk when opened (to replay), oldest first. */
  get segmentsToReplay(): readonly string[] {
    return this.replayable;
  }

  /**
   * Appends one batch entry dirtying `owners` (memtable ids, e.g. "vnode3/table7"). Throws
   * DiskFullError on ENOSPC, leaving the log as it was before the call.
   */
  append(payload: Uint8Array, owners: Iterable<string>): CommitLogAppend {
    assert(!this.closed, 'commit log is closed');
    assert(payload.length > 0, 'an entry must not be empty');
    if (payload.length > this.entryBytesMax) {
      assert(false, `entry of ${payload.length} bytes exceeds ${this.entryBytesMax}: the sender splits batches`);
    }
    const ownerIds = [...owners];
    assert(ownerIds.length > 0, 'an entry must dirty at least one owner, or nothing would keep it');

    const frameBytes = payload.length + FRAME_OVERHEAD_BYTES;
    const current = this.active;
    const target =
      current !== null && current.hasRoomFor(frameBytes) ? current : this.createSegment();
    try {
      this.ensureFrameCapacity(frameBytes);
      this.frame.set(payload, FRAME_HEADER_BYTES);
      const at = { segmentId: target.id, frameOffset: target.nextFrameOffset() };
      sealFrame(this.frame, this.frameView, at, payload.length);
      target.writeFrame(this.frame, frameBytes);
    } catch (error) {
      if (target !== current) this.abandon(target);
      throw error;
    }
    if (target !== current) this.rollTo(target);
    target.markDirty(ownerIds);
    return { position: target.end(), durable: this.durableAfterAppend() };
  }

  /** The memtable `owner` was flushed: it needs nothing at or before `upTo` any more. */
  markClean(owner: string, upTo: CommitLogPosition): void {
    assert(
      compareCommitLogPositions(upTo, this.currentPosition()) <= 0,
      'cannot mark clean past the end of the log',
    );
    for (const segment of this.sealed) segment.markClean(owner, upTo);
    this.active?.markClean(owner, upTo);
    this.deleteCleanSegments();
  }

  /** Where the next entry will start (and the end of the last one). */
  currentPosition(): CommitLogPosition {
    if (this.active !== null) return this.active.end();
    return { segmentId: this.nextSegmentId, offset: SEGMENT_HEADER_BYTES };
  }

  /** Owners whose unflushed writes keep the oldest segment alive: flush these to free space. */
  oldestDirtyOwners(): readonly string[] {
    const oldest = this.sealed[0] ?? this.active;
    return oldest === null ? [] : oldest.dirtyOwnerIds();
  }

  /** Deletes the segments found at open; call once their replayed data is flushed. */
  discardReplayedSegments(): void {
    for (const file of this.replayable) {
      if (this.port.exists(file)) this.port.unlink(file);
    }
    this.replayable = [];
  }

  /** fsyncs every unsynced segment now and settles the appends waiting for it. */
  sync(): void {
    assert(!this.closed, 'commit log is closed');
    this.syncNow();
  }

  /** Final sync, then closes every file. Rethrows a failed final sync after closing. */
  close(): void {
    if (this.closed) return;
    try {
      this.syncNow();
    } finally {
      this.closed = true;
      this.cancelSyncTimer();
      for (const segment of this.sealed) segment.closeFile();
      this.active?.closeFile();
    }
  }

  /** Bytes of every segment the log holds (what commit-log pressure is measured against). */
  bytes(): number {
    return this.sealedBytes + (this.active?.size() ?? 0);
  }

  stats(): CommitLogStats {
    return {
      segments: this.sealed.length + (this.active === null ? 0 : 1),
      bytes: this.bytes(),
      pendingSyncs: (this.waiters?.count ?? 0) + (this.syncPass?.waiters?.count ?? 0),
      syncs: this.syncs,
      syncFailures: this.syncFailures,
    };
  }

  private durableAfterAppend(): Promise<void> {
    const mode = this.options.syncMode;
    switch (mode) {
      case 'periodic':
        this.armSyncTimer();
        return RESOLVED;
      case 'group': {
        const waiters = this.waitersForNextSync();
        this.armSyncTimer();
        return waiters.promise;
      }
      case 'batch': {
        const fresh = this.waiters === null;
        const waiters = this.waitersForNextSync();
        // A microtask runs once the current synchronous work (this tick's appends) is done, before
        // any timer or I/O callback: one fsync per tick, in the same order under the simulator.
        if (fresh) queueMicrotask(() => this.syncInBackground());
        return waiters.promise;
      }
      default:
        return assertNever(mode, 'commit log sync mode');
    }
  }

  private waitersForNextSync(): SyncWaiters {
    if (this.waiters === null) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      // Marked handled here so an ack nobody awaited cannot take the thread down as an
      // unhandled rejection; every caller that awaits `durable` still sees the failure, and
      // stats() counts it.
      promise.catch(() => undefined);
      this.waiters = { promise, resolve, reject, count: 0 };
    }
    this.waiters.count++;
    return this.waiters;
  }

  private armSyncTimer(): void {
    if (this.syncTimer !== null) return;
    const handle = this.scheduler.setTimeout(() => {
      this.syncTimer = null;
      this.syncInBackground();
    }, this.options.syncPeriodMs);
    this.syncTimer = { handle };
  }

  private cancelSyncTimer(): void {
    if (this.syncTimer === null) return;
    this.scheduler.clearTimeout(this.syncTimer.handle);
    this.syncTimer = null;
  }

  /**
   * A sync nobody called directly, on the thread pool: its failure reaches the waiting appends
   * and the stats. With a pass already out, the appends since wait for the next one.
   */
  private syncInBackground(): void {
    if (this.closed) return;
    if (this.syncPass !== null) {
      this.syncAgain = true;
      return;
    }
    const waiters = this.waiters;
    this.waiters = null;
    this.cancelSyncTimer();
    const segmentSyncs: Promise<void>[] = [];
    for (const segment of [...this.sealed, this.active]) {
      const synced = segment?.syncInBackground() ?? null;
      if (synced !== null) segmentSyncs.push(synced);
    }
    const pass = { waiters };
    this.syncPass = pass;
    Promise.all(segmentSyncs).then(
      () => {
        this.syncs++;
        waiters?.resolve();
        this.endSyncPass(pass);
      },
      (error: unknown) => {
        this.syncFailures++;
        waiters?.reject(error);
        this.endSyncPass(pass);
        // The bytes stay unsynced: try again one period later.
        if (!this.closed) this.armSyncTimer();
      },
    );
  }

  private endSyncPass(pass: { readonly waiters: SyncWaiters | null }): void {
    if (this.syncPass !== pass) return;
    this.syncPass = null;
    if (this.syncAgain) {
      this.syncAgain = false;
      this.syncInBackground();
    }
  }

  /** Syncs in place; also settles the appends of a background pass still out (this covers them). */
  private syncNow(): void {
    const waiters = this.waiters;
    const passWaiters = this.syncPass?.waiters ?? null;
    this.waiters = null;
    this.cancelSyncTimer();
    try {
      for (const segment of this.sealed) segment.sync();
      this.active?.sync();
    } catch (error) {
      this.syncFailures++;
      waiters?.reject(error);
      throw error;
    }
    this.syncs++;
    waiters?.resolve();
    passWaiters?.resolve();
  }

  private ensureFrameCapacity(frameBytes: number): void {
    if (frameBytes <= this.frame.length) return;
    let capacity = this.frame.length * 2;
    while (capacity < frameBytes) capacity *= 2;
    this.frame = new Uint8Array(capacity);
    this.frameView = new DataView(this.frame.buffer);
  }

  /** The entry is in the new segment: the old active one takes no more appends. */
  private rollTo(next: CommitLogSegment): void {
    if (this.active !== null) {
      this.active.seal();
      this.sealed.push(this.active);
      this.sealedBytes += this.active.size();
    }
    this.active = next;
    this.nextSegmentId = next.id + 1;
    this.deleteCleanSegments();
  }

  /** The next segment, not yet active: the append that needs it must succeed first. */
  private createSegment(): CommitLogSegment {
    const id = this.nextSegmentId;
    try {
      const { directory, segmentBytes } = this.options;
      return CommitLogSegment.create(this.port, directory, id, segmentBytes);
    } catch (error) {
      this.skipIdIfLeftBehind(id);
      throw error;
    }
  }

  /** Removes a segment created for an append that then failed, so the log is as before. */
  private abandon(segment: CommitLogSegment): void {
    try {
      segment.delete();
    } catch {
      // Secondary to the append's own error, which the caller rethrows; handled just below.
    }
    this.skipIdIfLeftBehind(segment.id);
  }

  /**
   * A file that could not be removed after a failed creation holds at most a header, which
   * replay reads as empty; the next segment takes the following id rather than collide with it.
   */
  private skipIdIfLeftBehind(id: number): void {
    if (this.port.exists(path.join(this.options.directory, segmentFileName(id)))) {
      this.nextSegmentId = id + 1;
    }
  }

  private deleteCleanSegments(): void {
    for (let i = 0; i < this.sealed.length; ) {
      const segment = this.sealed[i];
      assert(segment !== undefined);
      if (segment.isClean()) {
        segment.delete();
        this.sealed.splice(i, 1);
        this.sealedBytes -= segment.size();
      } else {
        i++;
      }
    }
  }
}
