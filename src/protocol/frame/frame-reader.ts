/**
 * Cuts a byte stream (socket chunks) into envelopes: header + body. Incremental and bounded:
 *
 *   push(chunk)  appends a chunk (kept as is; nothing is copied on arrival)
 *   next()       the next whole envelope, a header error, or null until more bytes arrive
 *
 * The caller pulls, so it decides how many requests to take on: a connection at its in-flight
 * limit stops calling next() and pauses its socket, and what is buffered stays bounded.
 *
 * A body that lies inside one chunk is returned as a view of it (no copy); a body spanning
 * chunks is copied once into a buffer of exactly its length. The header is checked before a
 * single body byte is buffered: version served, direction, the same version as the
 * connection's earlier frames, and the length against the cap. A failed header is reported
 * once; the reader then discards everything, since where the next frame would start is no
 * longer known (the connection answers and closes).
 */

import { assert } from '../../lib/assert.js';
import { decodeFrameHeader, frameHeaderBytes, type Direction, type FrameHeader } from './frame-header.js';
import { unsupportedVersionMessage } from './protocol-version.js';

export interface Envelope {
  readonly header: FrameHeader;
  readonly body: Uint8Array;
}

export type FrameHeaderErrorReason = 'unsupported-version' | 'wrong-direction' | 'version-changed' | 'body-too-large';

/** A header the stream cannot go on after; `stream` is the id to answer on. */
export interface FrameHeaderError {
  readonly reason: FrameHeaderErrorReason;
  readonly header: FrameHeader;
  readonly message: string;
}

export type FrameReadResult =
  | { readonly kind: 'envelope'; readonly envelope: Envelope }
  | { readonly kind: 'header-error'; readonly error: FrameHeaderError };

export interface FrameReaderOptions {
  /** What this side receives: a server reads requests. */
  readonly direction: Direction;
  readonly supportedVersions: readonly number[];
  /** Largest body accepted (ADR 0013: 256 MiB by default). */
  readonly maxBodyBytes: number;
}

const EMPTY = new Uint8Array(0);

export class FrameReader {
  private readonly chunks: Uint8Array[] = [];
  /** Offset of the first unread byte in chunks[0]. */
  private headOffset = 0;
  private buffered = 0;
  private pendingHeader: FrameHeader | null = null;
  private lockedVersion: number | null = null;
  private failed = false;

  constructor(private readonly options: FrameReaderOptions) {
    assert(options.supportedVersions.length > 0, 'a reader serves at least one version');
    assert(Number.isInteger(options.maxBodyBytes) && options.maxBodyBytes >= 0, `maxBodyBytes ${options.maxBodyBytes}`);
  }

  /** Bytes received and not yet returned in an envelope. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** The version of this stream's first accepted frame; null before it. */
  get version(): number | null {
    return this.lockedVersion;
  }

  /** True once a header error was reported: nothing more will come out. */
  get hasFailed(): boolean {
    return this.failed;
  }

  push(chunk: Uint8Array): void {
    if (this.failed || chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  next(): FrameReadResult | null {
    if (this.failed) return null;
    if (this.pendingHeader === null) {
      if (this.buffered === 0) return null;
      const headerBytes = frameHeaderBytes(this.peekFirstByte());
      if (this.buffered < headerBytes) return null;
      const header = decodeFrameHeader(this.take(headerBytes));
      const error = this.checkHeader(header);
      if (error !== null) {
        this.fail();
        return { kind: 'header-error', error };
      }
      this.lockedVersion ??= header.version;
      this.pendingHeader = header;
    }
    const header = this.pendingHeader;
    if (this.buffered < header.bodyLength) return null;
    this.pendingHeader = null;
    return { kind: 'envelope', envelope: { header, body: this.take(header.bodyLength) } };
  }

  private checkHeader(header: FrameHeader): FrameHeaderError | null {
    const { supportedVersions, direction, maxBodyBytes } = this.options;
    if (header.legacy || !supportedVersions.includes(header.version)) {
      return { reason: 'unsupported-version', header, message: unsupportedVersionMessage(header.version, supportedVersions) };
    }
    if (header.direction !== direction) {
      const message = `Wrong protocol direction (expected ${direction.toUpperCase()}, got ${header.direction.toUpperCase()})`;
      return { reason: 'wrong-direction', header, message };
    }
    if (this.lockedVersion !== null && header.version !== this.lockedVersion) {
      const message = `Invalid message version. Got ${header.version} but previous messages on this connection had version ${this.lockedVersion}`;
      return { reason: 'version-changed', header, message };
    }
    if (header.bodyLength > maxBodyBytes) {
      const message = `Request is too big: length ${header.bodyLength} exceeds maximum allowed length ${maxBodyBytes}.`;
      return { reason: 'body-too-large', header, message };
    }
    return null;
  }

  private fail(): void {
    this.failed = true;
    this.chunks.length = 0;
    this.headOffset = 0;
    this.buffered = 0;
    this.pendingHeader = null;
  }

  private peekFirstByte(): number {
    return this.chunks[0]![this.headOffset]!;
  }

  /** Removes `count` buffered bytes: a view when they lie in one chunk, else one exact copy. */
  private take(count: number): Uint8Array {
    assert(count <= this.buffered, `take ${count} of ${this.buffered} buffered bytes`);
    if (count === 0) return EMPTY;
    const first = this.chunks[0]!;
    const start = this.headOffset;
    if (first.length - start >= count) {
      this.advance(count);
      return first.subarray(start, start + count);
    }
    const joined = new Uint8Array(count);
    let filled = 0;
    while (filled < count) {
      const chunk = this.chunks[0]!;
      const from = this.headOffset;
      const n = Math.min(chunk.length - from, count - filled);
      joined.set(chunk.subarray(from, from + n), filled);
      filled += n;
      this.advance(n);
    }
    return joined;
  }

  /** Moves the read position `count` bytes on, within the first chunk, dropping it when used up. */
  private advance(count: number): void {
    const first = this.chunks[0]!;
    assert(this.headOffset + count <= first.length, 'advance within the first chunk');
    this.headOffset += count;
    this.buffered -= count;
    if (this.headOffset === first.length) {
      this.chunks.shift();
      this.headOffset = 0;
    }
  }
}
