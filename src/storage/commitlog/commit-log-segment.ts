/**
 * One segment file of the commit log, on the writing side (Cassandra's CommitLogSegment): the
 * open file, how much of it is written and fsynced, and which owners (memtables) it holds
 * unflushed writes for. The segment is deletable once every owner that dirtied it has been
 * marked clean past its last entry here (Cassandra's per-table dirty marks).
 *
 * An append writes one whole frame with one port.write at the end of the written bytes. If the
 * write fails part-way (ENOSPC), the file is truncated back, so a failed append leaves no bytes
 * behind that a later append could follow.
 *
 *   life: created (header written) -> active (appends) -> sealed (full; synced, then its file
 *         closed) -> deleted (every owner clean)
 *
 * A background sync (syncInBackground) runs on libuv's thread pool; while one is out, closing
 * the file waits for it, so the pool never syncs a descriptor that was closed (or reused).
 */

import path from 'node:path';
import { assert } from '../../lib/assert.js';
import { DiskFullError, isEnospc } from '../../lib/errors.js';
import type { StoragePort } from '../../lib/storage-port.js';
import type { CommitLogPosition } from './commit-log-position.js';
import { segmentFileName } from './segment-file-name.js';
import { encodeSegmentHeader, SEGMENT_HEADER_BYTES } from './segment-header.js';

export class CommitLogSegment {
  private fd: number | null;
  private writtenBytes = SEGMENT_HEADER_BYTES;
  private syncedBytes = 0;
  private sealed = false;
  /** Background syncs not yet settled; the file is closed only once none is. */
  private syncsInFlight = 0;
  private closeWhenIdle = false;
  /** Owner -> offset just after its last entry in this segment. */
  private readonly dirtyOwners = new Map<string, number>();

  private constructor(
    private readonly port: StoragePort,
    readonly id: number,
    readonly path: string,
    fd: number,
    readonly capacityBytes: number,
  ) {
    this.fd = fd;
  }

  /**
   * Creates the segment's file with its header and makes its name durable (a new file's
   * directory entry needs its own fsync). On failure the file is removed (best effort);
   * ENOSPC becomes DiskFullError.
   */
  static create(
    port: StoragePort,
    directory: string,
    id: number,
    capacityBytes: number,
  ): CommitLogSegment {
    assert(capacityBytes > SEGMENT_HEADER_BYTES, 'a segment must have room past its header');
    const file = path.join(directory, segmentFileName(id));
    let fd: number;
    try {
      fd = port.open(file, 'write-new');
    } catch (error) {
      throw isEnospc(error) ? new DiskFullError(file) : error;
    }
    try {
      const header = encodeSegmentHeader(id);
      port.write(fd, header, 0, header.length, 0);
      port.syncDirectory(directory);
    } catch (error) {
      try {
        port.close(fd);
        port.unlink(file);
      } catch {
        // Secondary to the write's own error, thrown below; CommitLog skips the id of a file
        // left behind, and replay reads a header-only or shorter file as empty.
      }
      throw isEnospc(error) ? new DiskFullError(file) : error;
    }
    return new CommitLogSegment(port, id, file, fd, capacityBytes);
  }

  size(): number {
    return this.writtenBytes;
  }

  end(): CommitLogPosition {
    return { segmentId: this.id, offset: this.writtenBytes };
  }

  hasRoomFor(frameBytes: number): boolean {
    return this.writtenBytes + frameBytes <= this.capacityBytes;
  }

  hasUnsyncedBytes(): boolean {
    return this.syncedBytes < this.writtenBytes;
  }

  /** The offset where a frame appended now would start. */
  nextFrameOffset(): number {
    return this.writtenBytes;
  }

  /**
   * Writes one frame at the end of the segment. On failure the file is truncated back to its
   * previous size and the error rethrown (ENOSPC as DiskFullError).
   */
  writeFrame(frame: Uint8Array, frameBytes: number): void {
    if (this.sealed || this.fd === null) assert(false, `segment ${this.id} no longer takes appends`);
    if (!this.hasRoomFor(frameBytes)) assert(false, `frame of ${frameBytes} bytes overruns segment ${this.id}`);
    try {
      this.port.write(this.fd, frame, 0, frameBytes, this.writtenBytes);
    } catch (error) {
      // Shrinking needs no space, so this truncate works on a full disk.
      this.port.truncate(this.fd, this.writtenBytes);
      throw isEnospc(error) ? new DiskFullError(this.path) : error;
    }
    this.writtenBytes += frameBytes;
  }

  /** Records that `owners` have an entry ending at the current end of the segment. */
  markDirty(owners: readonly string[]): void {
    for (const owner of owners) this.dirtyOwners.set(owner, this.writtenBytes);
  }

  /** Forgets `owner` here if its last entry in this segment ends at or before `upTo`. */
  markClean(owner: string, upTo: CommitLogPosition): void {
    const lastEnd = this.dirtyOwners.get(owner);
    if (lastEnd === undefined) return;
    if (upTo.segmentId > this.id || (upTo.segmentId === this.id && upTo.offset >= lastEnd)) {
      this.dirtyOwners.delete(owner);
    }
  }

  isClean(): boolean {
    return this.dirtyOwners.size === 0;
  }

  dirtyOwnerIds(): string[] {
    return [...this.dirtyOwners.keys()];
  }

  /** No more appends: the log has moved to a newer segment. */
  seal(): void {
    this.sealed = true;
  }

  /** fsyncs what was written since the last sync; a sealed segment then closes its file. */
  sync(): void {
    if (this.fd === null || this.closeWhenIdle) return;
    if (this.hasUnsyncedBytes()) {
      const writtenBytes = this.writtenBytes;
      try {
        this.port.sync(this.fd);
      } catch (error) {
        throw isEnospc(error) ? new DiskFullError(this.path) : error;
      }
      this.syncedBytes = Math.max(this.syncedBytes, writtenBytes);
    }
    if (this.sealed) this.closeFile();
  }

  /**
   * sync() on the thread pool: settles once what was written before the call is durable (then a
   * sealed segment closes its file); null when there is nothing to sync.
   */
  syncInBackground(): Promise<void> | null {
    if (this.fd === null || this.closeWhenIdle || !this.hasUnsyncedBytes()) return null;
    const writtenBytes = this.writtenBytes;
    this.syncsInFlight++;
    return this.port.syncInBackground(this.fd).then(
      () => {
        this.syncedBytes = Math.max(this.syncedBytes, writtenBytes);
        this.syncSettled();
        if (this.sealed && !this.hasUnsyncedBytes()) this.closeFile();
      },
      (error: unknown) => {
        this.syncSettled();
        throw isEnospc(error) ? new DiskFullError(this.path) : error;
      },
    );
  }

  private syncSettled(): void {
    this.syncsInFlight--;
    if (this.syncsInFlight === 0 && this.closeWhenIdle) {
      this.closeWhenIdle = false;
      this.closeFile();
    }
  }

  /** Closes the file now, or once the background syncs out on it have settled. */
  closeFile(): void {
    if (this.fd === null) return;
    if (this.syncsInFlight > 0) {
      this.closeWhenIdle = true;
      return;
    }
    const fd = this.fd;
    this.fd = null;
    this.port.close(fd);
  }

  /** Closes and removes the file; the caller has checked that no owner needs it. */
  delete(): void {
    this.closeFile();
    this.port.unlink(this.path);
  }
}
