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
 * chunks is copied once into a buffer of exactly its length (ChunkQueue). The header is
 * checked before a single body byte is buffered: version served, direction, the same version as the
 * connection's earlier frames, and the length against the cap. A failed header is reported
 * once; the reader then discards everything, since where the next frame would start is no
 * longer known (the connection answers and closes).
 */

import { assert } from '../../lib/assert.js';
import { ChunkQueue } from './chunk-queue.js';
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

export class FrameReader {
  private readonly queue = new ChunkQueue();
  private pendingHeader: FrameHeader | null = null;
  private lockedVersion: number | null = null;
  private failed = false;

  constructor(private readonly options: FrameReaderOptions) {
    assert(options.supportedVersions.length > 0, 'a reader serves at least one version');
    assert(Number.isInteger(options.maxBodyBytes) && options.maxBodyBytes >= 0, `maxBodyBytes ${options.maxBodyBytes}`);
  }

  /** Bytes received and not yet returned in an envelope. */
  get bufferedBytes(): number {
    return this.queue.buffered;
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
    if (!this.failed) this.queue.push(chunk);
  }

  /**
   * The bytes received past the last envelope returned, removed (v5: what follows STARTUP is
   * segments, which the caller reads from here on).
   */
  takeUnread(): Uint8Array {
    if (this.pendingHeader !== null) return new Uint8Array(0);
    return this.queue.takeAll();
  }

  next(): FrameReadResult | null {
    if (this.failed) return null;
    if (this.pendingHeader === null) {
      if (this.queue.buffered === 0) return null;
      const headerBytes = frameHeaderBytes(this.queue.peek(0));
      if (this.queue.buffered < headerBytes) return null;
      const header = decodeFrameHeader(this.queue.take(headerBytes));
      const error = this.checkHeader(header);
      if (error !== null) {
        this.fail();
        return { kind: 'header-error', error };
      }
      this.lockedVersion ??= header.version;
      this.pendingHeader = header;
    }
    const header = this.pendingHeader;
    if (this.queue.buffered < header.bodyLength) return null;
    this.pendingHeader = null;
    return { kind: 'envelope', envelope: { header, body: this.queue.take(header.bodyLength) } };
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
    this.queue.clear();
    this.pendingHeader = null;
  }

}
