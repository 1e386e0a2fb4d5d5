/**
 * Reads the entries of one hints file (Cassandra's HintsReader), from any entry boundary on:
 * the dispatcher starts where the last delivery stopped (dispatch-position-file.ts). Each
 * read says what it found, and the caller decides:
 *
 *   entry        a whole hint payload, and where the next entry starts
 *   bad-payload  the size checks out but the payload does not: skip to `next`
 *   end          the file ends exactly here
 *   torn         the file ends inside this entry (its writer died part-way)
 *   bad-size     the size fails its checksum: nothing after it can be located
 *
 * Torn and bad-size both end what can be read of the file, as Cassandra's reader stops at an
 * unexpected EOF or a size digest mismatch.
 */

import { assert } from '../../lib/assert.js';
import type { StoragePort } from '../../lib/storage-port.js';
import { checkEntryHeader, ENTRY_HEADER_BYTES, ENTRY_TRAILER_BYTES, isEntryPayloadIntact } from './hint-entry-frame.js';
import { decodeHintsHeader, HINTS_HEADER_BYTES_MAX, type HintsDescriptor } from './hints-descriptor.js';

export type EntryRead =
  | { readonly kind: 'entry'; readonly payload: Uint8Array; readonly next: number }
  | { readonly kind: 'bad-payload'; readonly next: number }
  | { readonly kind: 'end' }
  | { readonly kind: 'torn' }
  | { readonly kind: 'bad-size' };

export type ReaderOpen =
  | { readonly kind: 'open'; readonly reader: HintsReader }
  /** No whole header (cut while being created), or not a valid one: the file holds no hints to read. */
  | { readonly kind: 'unreadable'; readonly detail: string };

/** What a whole pass over a file found (the catalog's view of a file it loads). */
export interface HintsFileScan {
  /** Framed entries whose size checks out, delivered or not (bad payloads included). */
  readonly entries: number;
  /** Where readable entries end: the file's length, or the start of a torn or bad-size entry. */
  readonly readableEnd: number;
  readonly corruptEntries: number;
  readonly tail: 'end' | 'torn' | 'bad-size';
}

export class HintsReader {
  private fd: number | null;
  private readonly head = new Uint8Array(ENTRY_HEADER_BYTES);

  private constructor(
    private readonly port: StoragePort,
    readonly path: string,
    readonly descriptor: HintsDescriptor,
    /** Where the first entry starts. */
    readonly headerBytes: number,
    readonly fileBytes: number,
    fd: number,
  ) {
    this.fd = fd;
  }

  static open(port: StoragePort, file: string): ReaderOpen {
    const fd = port.open(file, 'read');
    try {
      const fileBytes = port.size(fd);
      const start = new Uint8Array(Math.min(fileBytes, HINTS_HEADER_BYTES_MAX));
      port.read(fd, start, 0, start.length, 0);
      const header = decodeHintsHeader(start);
      if (header.kind !== 'header') {
        port.close(fd);
        return { kind: 'unreadable', detail: header.kind === 'corrupt' ? header.detail : 'file cut inside its header' };
      }
      return { kind: 'open', reader: new HintsReader(port, file, header.descriptor, header.bytes, fileBytes, fd) };
    } catch (error) {
      port.close(fd);
      throw error;
    }
  }

  /** Reads the entry that starts at `offset` (an entry boundary: the header's end or a `next`). */
  readAt(offset: number): EntryRead {
    assert(this.fd !== null, `hints reader of ${this.path} is closed`);
    assert(offset >= this.headerBytes && offset <= this.fileBytes, `offset ${offset} outside ${this.path} (${this.fileBytes} bytes)`);
    if (offset === this.fileBytes) return { kind: 'end' };
    if (this.fileBytes - offset < ENTRY_HEADER_BYTES) return { kind: 'torn' };
    this.port.read(this.fd, this.head, 0, ENTRY_HEADER_BYTES, offset);
    const header = checkEntryHeader(this.head);
    if (header.kind === 'bad-size') return header;
    const next = offset + ENTRY_HEADER_BYTES + header.size + ENTRY_TRAILER_BYTES;
    if (next > this.fileBytes) return { kind: 'torn' };
    const body = new Uint8Array(header.size + ENTRY_TRAILER_BYTES);
    this.port.read(this.fd, body, 0, body.length, offset + ENTRY_HEADER_BYTES);
    if (!isEntryPayloadIntact(body, header.size, header.sizeCrc)) return { kind: 'bad-payload', next };
    return { kind: 'entry', payload: body.subarray(0, header.size), next };
  }

  /** Walks every entry from `offset` to where the readable part of the file ends. */
  scan(offset: number = this.headerBytes): HintsFileScan {
    let entries = 0;
    let corruptEntries = 0;
    for (;;) {
      const read = this.readAt(offset);
      if (read.kind === 'end' || read.kind === 'torn' || read.kind === 'bad-size') {
        return { entries, readableEnd: offset, corruptEntries, tail: read.kind };
      }
      entries++;
      if (read.kind === 'bad-payload') corruptEntries++;
      offset = read.next;
    }
  }

  close(): void {
    if (this.fd === null) return;
    this.port.close(this.fd);
    this.fd = null;
  }
}
