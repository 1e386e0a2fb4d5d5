/**
 * One node's messages to and from the others (Cassandra's MessagingService): handlers by verb,
 * requests with ids whose replies come back as promises, and expiry, so a reply that never
 * comes (node down, link cut, message dropped) rejects at its deadline rather than hanging.
 * Counters per verb feed the node's metrics (dropped messages, timeouts).
 *
 * A message is a fixed header and its payload:
 *
 *   u8 kind (0 one-way, 1 request, 2 reply, 3 failure; | 0x80 raw) | u16 verb (0 for replies)
 *   | u32 request id (0 for one-way) | payload (a failure's: { message, code, from })
 *
 * A payload that is bytes (a Uint8Array: partition reads, mutation batches, gossip, schema
 * pushes) travels as it is, with the kind's high bit set, and arrives as a Uint8Array view of
 * the message: no MessagePack extension to write and read back on the hottest verbs. Any other
 * payload is plain MessagePack (maps, not msgpackr's records, which defined each record's keys
 * inside every message and cost more to write and read than a whole write batch inside them),
 * packed straight behind the header's reserved bytes; objects arrive as plain objects (a Map
 * arrives as an object with string keys).
 */

import { Packr, RESERVE_START_SPACE } from 'msgpackr';
import type { Timers, TimerHandle } from '../../actors/timers.js';
import { systemTimers } from '../../actors/system-timers.js';
import { pooledBytes } from '../../lib/bytes/pooled-bytes.js';
import { verbName, type Verb } from './verb.js';
import type { NodeAddress, Transport, TransportEndpoint } from './transport.js';

/** A handler's answer, sent back as the reply; `undefined` from a one-way message sends nothing. */
export type VerbHandler = (payload: unknown, from: NodeAddress) => unknown;

/** A request whose reply did not arrive in time. */
export class NoReplyError extends Error {
  constructor(
    readonly verb: number,
    readonly to: NodeAddress,
    readonly timeoutMs: number,
  ) {
    super(`no reply to ${verbName(verb)} from ${to} within ${timeoutMs} ms`);
    this.name = 'NoReplyError';
  }
}

/** The replica failed the request; its message travels back. */
export class RemoteFailureError extends Error {
  constructor(
    readonly from: NodeAddress,
    message: string,
    readonly code: number | null,
  ) {
    super(message);
    this.name = 'RemoteFailureError';
  }
}

const enum Kind {
  oneWay = 0,
  request = 1,
  reply = 2,
  failure = 3,
}

/** The header's bytes: kind, verb, request id. */
const HEADER_BYTES = 7;

interface Envelope {
  readonly kind: Kind;
  /** verb (requests and one-way), or 0 */
  readonly verb: number;
  /** request id (requests, replies), or 0 */
  readonly id: number;
  /** payload, or the failure's { message, code, from } */
  readonly payload: unknown;
}

interface Pending {
  readonly verb: number;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: TimerHandle;
}

export interface VerbCounters {
  sent: number;
  received: number;
  /** Requests whose reply did not arrive before the deadline. */
  timedOut: number;
}

const packr = new Packr({ moreTypes: true, useRecords: false });
/**
 * Messages are packed one after another into this buffer and go out as views of it; msgpackr
 * takes a new one of the same size when less than 2 KiB is left. Its default 8 KiB meant a
 * new buffer every few mutation messages, each an ArrayBuffer allocation of microseconds.
 */
const PACK_BUFFER_BYTES = 64 * 1024;
packr.useBuffer(Buffer.allocUnsafeSlow(PACK_BUFFER_BYTES));

/** Set in the kind byte when the payload is raw bytes, not MessagePack. */
const RAW_PAYLOAD = 0x80;

function encodeMessage(kind: Kind, verb: number, id: number, payload: unknown): Uint8Array {
  let message: Uint8Array;
  if (payload instanceof Uint8Array) {
    message = pooledBytes(HEADER_BYTES + payload.length);
    message.set(payload, HEADER_BYTES);
    message[0] = kind | RAW_PAYLOAD;
  } else {
    // A fresh part of packr's buffer each time (msgpackr moves on), so the message stays as sent.
    message = packr.pack(payload, RESERVE_START_SPACE | HEADER_BYTES);
    message[0] = kind;
  }
  message[1] = verb >>> 8;
  message[2] = verb & 0xff;
  message[3] = id >>> 24;
  message[4] = (id >>> 16) & 0xff;
  message[5] = (id >>> 8) & 0xff;
  message[6] = id & 0xff;
  return message;
}

/** The message's envelope; throws for bytes that are not one. */
function decodeMessage(bytes: Uint8Array): Envelope {
  if (bytes.length < HEADER_BYTES) throw new Error('message shorter than its header');
  const raw = (bytes[0]! & RAW_PAYLOAD) !== 0;
  const kind = bytes[0]! & ~RAW_PAYLOAD;
  if (kind > Kind.failure) throw new Error(`unknown message kind ${kind}`);
  if (!raw && bytes.length === HEADER_BYTES) throw new Error('message without its payload');
  const verb = (bytes[1]! << 8) | bytes[2]!;
  const id = ((bytes[3]! << 24) | (bytes[4]! << 16) | (bytes[5]! << 8) | bytes[6]!) >>> 0;
  const body = bytes.subarray(HEADER_BYTES);
  return { kind, verb, id, payload: raw ? body : packr.unpack(body) };
}

export class MessagingService {
  private readonly endpoint: TransportEndpoint;
  private readonly handlers = new Map<number, VerbHandler>();
  private readonly pending = new Map<number, Pending>();
  private readonly counters = new Map<number, VerbCounters>();
  private nextId = 1;
  private closed = false;

  constructor(
    readonly address: NodeAddress,
    transport: Transport,
    private readonly timers: Timers = systemTimers,
  ) {
    this.endpoint = transport.bind(address, (from, bytes) => this.receive(from, bytes));
  }

  /** Answers requests of `verb` (and takes its one-way messages) with `handler`. */
  handle(verb: Verb, handler: VerbHandler): void {
    this.handlers.set(verb, handler);
  }

  /** Sends without expecting a reply (gossip, hints acknowledged by other means). */
  send(to: NodeAddress, verb: Verb, payload: unknown): void {
    if (this.closed) return;
    this.countersOf(verb).sent++;
    this.endpoint.send(to, encodeMessage(Kind.oneWay, verb, 0, payload));
  }

  /** Sends a request; resolves with the reply, rejects on the replica's failure or at the deadline. */
  request<T = unknown>(to: NodeAddress, verb: Verb, payload: unknown, timeoutMs: number): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`${this.address} is stopped`));
    const id = this.nextId;
    // Ids are u32 on the wire; 0 is no request's.
    this.nextId = this.nextId === 0xffffffff ? 1 : this.nextId + 1;
    this.countersOf(verb).sent++;
    return new Promise<T>((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        if (!this.pending.delete(id)) return;
        this.countersOf(verb).timedOut++;
        reject(new NoReplyError(verb, to, timeoutMs));
      }, timeoutMs);
      this.pending.set(id, { verb, resolve: resolve as (value: unknown) => void, reject, timer });
      this.endpoint.send(to, encodeMessage(Kind.request, verb, id, payload));
    });
  }

  /** Counters per verb name, for metrics. */
  verbCounters(): Record<string, Readonly<VerbCounters>> {
    return Object.fromEntries([...this.counters].map(([verb, counters]) => [verbName(verb), { ...counters }]));
  }

  /** Requests still waiting for a reply. */
  get pendingRequests(): number {
    return this.pending.size;
  }

  /** Stops sending and receiving; requests still waiting fail at once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.endpoint.close();
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      this.timers.clearTimeout(pending.timer);
      pending.reject(new Error(`${this.address} stopped before ${verbName(pending.verb)} was answered`));
    }
  }

  private receive(from: NodeAddress, bytes: Uint8Array): void {
    if (this.closed) return;
    let envelope: Envelope;
    try {
      envelope = decodeMessage(bytes);
    } catch {
      return; // a message this node cannot read is dropped, as a corrupt frame would be
    }
    const { kind, verb, id } = envelope;
    if (kind === Kind.reply || kind === Kind.failure) {
      this.settle(envelope);
      return;
    }
    this.countersOf(verb).received++;
    const handler = this.handlers.get(verb);
    if (handler === undefined) {
      if (kind === Kind.request) this.fail(from, id, `${this.address} does not serve ${verbName(verb)}`, null);
      return;
    }
    let answer: unknown;
    try {
      answer = handler(envelope.payload, from);
    } catch (error) {
      if (kind === Kind.request) this.fail(from, id, (error as Error).message, codeOf(error));
      return;
    }
    if (kind !== Kind.request) return;
    Promise.resolve(answer).then(
      (value) => {
        if (!this.closed) this.endpoint.send(from, encodeMessage(Kind.reply, 0, id, value ?? null));
      },
      (error: unknown) => this.fail(from, id, (error as Error).message, codeOf(error)),
    );
  }

  private settle(envelope: Envelope): void {
    const pending = this.pending.get(envelope.id);
    if (pending === undefined) return; // late (already timed out) or duplicated
    this.pending.delete(envelope.id);
    this.timers.clearTimeout(pending.timer);
    if (envelope.kind === Kind.reply) pending.resolve(envelope.payload);
    else {
      const failure = envelope.payload as { message: string; code: number | null; from: NodeAddress };
      pending.reject(new RemoteFailureError(failure.from, failure.message, failure.code));
    }
  }

  private fail(to: NodeAddress, id: number, message: string, code: number | null): void {
    if (this.closed) return;
    this.endpoint.send(to, encodeMessage(Kind.failure, 0, id, { message, code, from: this.address }));
  }

  private countersOf(verb: number): VerbCounters {
    let counters = this.counters.get(verb);
    if (counters === undefined) this.counters.set(verb, (counters = { sent: 0, received: 0, timedOut: 0 }));
    return counters;
  }
}

function codeOf(error: unknown): number | null {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : null;
}
