/**
 * One direction-agnostic connection between two actor hosts over a MessagePort.
 *
 * Envelopes are packed with msgpackr one by one at send time (so an unserializable message
 * throws at its sender) into an outbox; the outbox is flushed as one postMessage per
 * microtask (or when it reaches portBatchBytesMax), its bytes moved by transfer. A burst of
 * 1,000 tells therefore costs one port message, not 1,000. The receiver decodes the
 * concatenation with unpackMultiple (msgpack values are self-delimiting).
 *
 * Envelopes that carry a transfer list bypass msgpackr: the outbox is flushed first (order
 * is kept), then the envelope goes by structured clone with its ArrayBuffers moved.
 *
 *   port message = { kind: 'packed', bytes: msgpack(env1) msgpack(env2) ... }
 *                | { kind: 'cloned', envelope }
 */

import type { MessagePort } from 'node:worker_threads';
import { Packr } from 'msgpackr';
import { assert } from '../lib/assert.js';
import { limits } from '../config/limits.js';
import { type Envelope, isEnvelope } from './envelope.js';

export type LinkMessage =
  | { readonly kind: 'packed'; readonly bytes: Uint8Array }
  | { readonly kind: 'cloned'; readonly envelope: Envelope };

export interface Link {
  send(envelope: Envelope, transfer?: readonly ArrayBuffer[]): void;
  close(): void;
}

const outboxBytesInitial = 16 * 1024;

export class PortLink implements Link {
  // useRecords: false keeps every packed value self-describing, so the two ends need no
  // shared structure table (each thread has its own Packr).
  private readonly packr = new Packr({ structuredClone: false, useRecords: false });
  private outbox = new Uint8Array(outboxBytesInitial);
  private outboxBytes = 0;
  private flushScheduled = false;
  private closed = false;

  constructor(
    private readonly port: MessagePort,
    private readonly onEnvelope: (envelope: Envelope) => void,
  ) {
    port.on('message', (message: unknown) => this.onMessage(message));
  }

  send(envelope: Envelope, transfer?: readonly ArrayBuffer[]): void {
    if (this.closed) return;
    if (transfer !== undefined && transfer.length > 0) {
      this.flush();
      const message: LinkMessage = { kind: 'cloned', envelope };
      this.port.postMessage(message, [...transfer]);
      return;
    }
    const packed = this.packr.pack(envelope);
    this.append(packed);
    if (this.outboxBytes >= limits.portBatchBytesMax) {
      this.flush();
    } else if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  flush(): void {
    this.flushScheduled = false;
    if (this.outboxBytes === 0 || this.closed) return;
    const bytes = this.outbox.slice(0, this.outboxBytes);
    this.outboxBytes = 0;
    const message: LinkMessage = { kind: 'packed', bytes };
    this.port.postMessage(message, [bytes.buffer]);
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.port.close();
  }

  private append(packed: Uint8Array): void {
    const needed = this.outboxBytes + packed.byteLength;
    if (needed > this.outbox.byteLength) {
      let size = this.outbox.byteLength * 2;
      while (size < needed) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.outbox.subarray(0, this.outboxBytes));
      this.outbox = grown;
    }
    this.outbox.set(packed, this.outboxBytes);
    this.outboxBytes = needed;
  }

  private onMessage(message: unknown): void {
    const m = message as Partial<LinkMessage> | null;
    if (m?.kind === 'packed' && m.bytes instanceof Uint8Array) {
      const values = this.packr.unpackMultiple(m.bytes) as unknown[];
      for (const value of values) {
        assert(isEnvelope(value), 'port link: received a value that is not an envelope');
        this.onEnvelope(value);
      }
      return;
    }
    assert(m?.kind === 'cloned' && isEnvelope(m.envelope), 'port link: unknown port message');
    this.onEnvelope(m.envelope);
  }
}
