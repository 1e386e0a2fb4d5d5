/**
 * Appends hints to one new hints file (Cassandra's HintsWriter): the header first, then one
 * framed entry per hint (hint-entry-frame.ts), each written at the end of what is known good.
 * A write that fails part-way is cut off again (truncate back to the last whole entry), so a
 * full disk never leaves a torn entry in the middle of a file; if even the truncate fails, the
 * writer is `broken` and its owner seals it and begins another file.
 *
 * Writes reach the operating system at once (a crash of this process loses nothing already
 * appended); sync() makes them durable on the disk, which the service does every dispatch
 * interval and on close, as Cassandra flushes hints every hints_flush_period.
 */

import path from 'node:path';
import { assert } from '../../lib/assert.js';
import type { StoragePort } from '../../lib/storage-port.js';
import { frameEntry } from './hint-entry-frame.js';
import { encodeHintsHeader, hintsFileName, type HintsDescriptor } from './hints-descriptor.js';

export class HintsWriter {
  private fd: number | null;
  private dirty = false;
  /** Bytes of the file that hold a whole header and whole entries. */
  private length: number;
  private entryCount = 0;
  private isBroken = false;

  private constructor(
    private readonly port: StoragePort,
    readonly path: string,
    readonly descriptor: HintsDescriptor,
    fd: number,
    headerBytes: number,
  ) {
    this.fd = fd;
    this.length = headerBytes;
  }

  /** Creates the file (it must not exist) and writes its header. */
  static create(port: StoragePort, directory: string, descriptor: HintsDescriptor): HintsWriter {
    const file = path.join(directory, hintsFileName(descriptor));
    const header = encodeHintsHeader(descriptor);
    const fd = port.open(file, 'write-new');
    try {
      port.write(fd, header, 0, header.length, 0);
    } catch (error) {
      port.close(fd);
      port.unlink(file);
      throw error;
    }
    const writer = new HintsWriter(port, file, descriptor, fd, header.length);
    writer.dirty = true;
    return writer;
  }

  /** Bytes of whole entries and header: where the next entry goes. */
  get bytes(): number {
    return this.length;
  }

  get entries(): number {
    return this.entryCount;
  }

  get broken(): boolean {
    return this.isBroken;
  }

  get isOpen(): boolean {
    return this.fd !== null;
  }

  /** Appends one hint's payload; returns the frame's size. Throws what the disk threw, having cut the file back. */
  append(payload: Uint8Array): number {
    assert(this.fd !== null && !this.isBroken, `hints file ${this.path} is not open for appends`);
    const frame = frameEntry(payload);
    try {
      this.port.write(this.fd, frame, 0, frame.length, this.length);
    } catch (error) {
      this.cutBackAfterFailedWrite();
      throw error;
    }
    this.length += frame.length;
    this.entryCount++;
    this.dirty = true;
    return frame.length;
  }

  /** Flushes what was appended to the disk, if anything was since the last sync. */
  sync(): void {
    if (this.fd === null || !this.dirty) return;
    this.port.sync(this.fd);
    this.dirty = false;
  }

  /** Syncs and closes; the file stays, whole, for the dispatcher. */
  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      if (this.dirty && !this.isBroken) this.port.sync(fd);
    } finally {
      this.port.close(fd);
    }
  }

  private cutBackAfterFailedWrite(): void {
    try {
      this.port.truncate(this.fd!, this.length);
    } catch {
      // The tail may hold part of an entry: readers stop there (a torn entry), and nothing more is appended after it.
      this.isBroken = true;
    }
  }
}
