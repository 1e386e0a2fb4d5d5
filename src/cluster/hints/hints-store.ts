/**
 * The hints of one target host (Cassandra's HintsStore): its files oldest first, the one being
 * appended to, and how far each has been delivered. New hints go to the open file; sealing it
 * (when it is full, or when a dispatch begins) hands it to the dispatcher, which reads only
 * sealed files, so a file is never read while it grows. A file is deleted once every entry in
 * it is done (delivered, expired or unreadable), together with its position file.
 *
 *   append ──▶ [open file] ──seal──▶ [sealed files, oldest first] ──dispatch──▶ advance ... complete
 */

import path from 'node:path';
import { assert } from '../../lib/assert.js';
import type { Clock } from '../../lib/clock.js';
import type { StoragePort } from '../../lib/storage-port.js';
import { DispatchPositionFile, type DispatchPosition } from './dispatch-position-file.js';
import { encodeHint, type Hint } from './hint.js';
import { HINTS_FORMAT_VERSION, positionFileName, type HintsDescriptor } from './hints-descriptor.js';
import { HintsWriter } from './hints-writer.js';

/** One file of a store, as the store and its dispatcher see it. */
export interface HintsFile {
  readonly descriptor: HintsDescriptor;
  readonly path: string;
  /** Framed entries readable in the file (growing while it is open). */
  entries: number;
  /** Where its readable entries end. */
  readableEnd: number;
  /** The next entry to deliver, and how many are done before it. */
  position: DispatchPosition;
  readonly positionFile: DispatchPositionFile;
  sealed: boolean;
}

export interface HintsPending {
  readonly count: number;
  readonly bytes: number;
}

export class HintsStore {
  private writer: HintsWriter | null = null;
  private writerFile: HintsFile | null = null;

  constructor(
    readonly hostId: string,
    private readonly directory: string,
    private readonly port: StoragePort,
    private readonly clock: Clock,
    private readonly maxFileBytes: number,
    /** Files found on disk, oldest first, all sealed. */
    private readonly files: HintsFile[] = [],
  ) {
    assert(files.every((file) => file.sealed && file.descriptor.hostId === hostId), 'a store loads sealed files of its own host');
  }

  /** Appends a hint to the open file (beginning one when needed); returns its framed size. */
  append(hint: Hint): number {
    const payload = encodeHint(hint);
    if (this.writer !== null && this.writer.bytes + payload.length > this.maxFileBytes) this.seal();
    const writer = this.writer ?? this.beginFile();
    const file = this.writerFile!;
    let frameBytes: number;
    try {
      frameBytes = writer.append(payload);
    } catch (error) {
      if (writer.broken) this.seal();
      throw error;
    }
    file.entries = writer.entries;
    file.readableEnd = writer.bytes;
    return frameBytes;
  }

  /** Closes the open file, if any: its hints become deliverable. */
  seal(): void {
    const writer = this.writer;
    const file = this.writerFile;
    if (writer === null || file === null) return;
    this.writer = null;
    this.writerFile = null;
    file.sealed = true;
    if (file.entries === 0) {
      writer.close();
      this.forget(file);
      return;
    }
    writer.close();
  }

  /** The sealed files, oldest first (a copy: the dispatcher walks it while hints arrive). */
  sealedFiles(): HintsFile[] {
    return this.files.filter((file) => file.sealed);
  }

  /** Records that the entries of `file` before `offset` are done, `entriesDone` of them. */
  advance(file: HintsFile, position: DispatchPosition): void {
    assert(this.files.includes(file), `${file.path} is not in the store of ${this.hostId}`);
    assert(position.offset > file.position.offset && position.offset <= file.readableEnd, `dispatch of ${file.path} from ${file.position.offset} to ${position.offset}`);
    assert(position.entriesDone > file.position.entriesDone && position.entriesDone <= file.entries, `entries done ${position.entriesDone} of ${file.entries}`);
    file.positionFile.record(position);
    file.position = position;
  }

  /** Deletes a sealed file whose entries are all done (or that cannot be read further). */
  complete(file: HintsFile): void {
    assert(file.sealed, `${file.path} is still being written`);
    this.forget(file);
  }

  hasPending(): boolean {
    return this.files.some((file) => file.position.entriesDone < file.entries);
  }

  hasSealedFiles(): boolean {
    return this.files.some((file) => file.sealed);
  }

  pending(): HintsPending {
    let count = 0;
    let bytes = 0;
    for (const file of this.files) {
      count += file.entries - file.position.entriesDone;
      bytes += file.readableEnd - file.position.offset;
    }
    return { count, bytes };
  }

  /** Flushes appended hints and dispatch positions to the disk. */
  sync(): void {
    this.writer?.sync();
    for (const file of this.files) file.positionFile.sync();
  }

  /** Drops every hint of this store (its target left the ring); returns how many were pending. */
  deleteAll(): number {
    const { count } = this.pending();
    this.seal();
    for (const file of [...this.files]) this.forget(file);
    return count;
  }

  /** Seals the open file and closes the position files; the store can still be read from disk later. */
  close(): void {
    this.seal();
    for (const file of this.files) file.positionFile.close();
  }

  private beginFile(): HintsWriter {
    const last = this.files[this.files.length - 1];
    // Names order a host's files: two files never share a millisecond.
    const timestampMs = Math.max(this.clock.nowMs(), (last?.descriptor.timestampMs ?? -1) + 1);
    const descriptor: HintsDescriptor = { hostId: this.hostId, timestampMs, version: HINTS_FORMAT_VERSION };
    const writer = HintsWriter.create(this.port, this.directory, descriptor);
    const file: HintsFile = {
      descriptor,
      path: writer.path,
      entries: 0,
      readableEnd: writer.bytes,
      position: { offset: writer.bytes, entriesDone: 0 },
      positionFile: DispatchPositionFile.open(this.port, path.join(this.directory, positionFileName(descriptor))).file,
      sealed: false,
    };
    this.writer = writer;
    this.writerFile = file;
    this.files.push(file);
    return writer;
  }

  private forget(file: HintsFile): void {
    const at = this.files.indexOf(file);
    assert(at >= 0, `${file.path} is not in the store of ${this.hostId}`);
    this.files.splice(at, 1);
    // The hints file goes first: a position file left alone is an orphan the catalog removes.
    if (this.port.exists(file.path)) this.port.unlink(file.path);
    file.positionFile.remove();
  }
}
