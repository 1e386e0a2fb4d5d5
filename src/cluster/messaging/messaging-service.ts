/**
 * One node's messages to and from the others (Cassandra's MessagingService): handlers by verb,
 * requests with ids whose replies come back as promises, and expiry, so a reply that never
 * comes (node down, link cut, message dropped) rejects at its deadline rather than hanging.
 * Messages are msgpackr-encoded envelopes; binary payloads (mutations, partitions) ride inside
 * as raw bytes. Counters per verb feed the node's metrics (dropped messages, timeouts).
 */

import { Packr } from 'msgpackr';
import type { Timers, TimerHandle } from '../../actors/timers.js';
import { systemTimers } from '../../actors/system-timers.js';
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

interface Envelope {
  /** Kind */
  k: Kind;
  /** verb (requests and one-way), or 0 */
  v: number;
  /** request id (requests, replies), or 0 */
  i: number;
  /** payload, or the failure's { message, code } */
  p: unknown;
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

const packr = new Packr({ moreTypes: true });

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
    this.endpoint.send(to, packr.pack({ k: Kind.oneWay, v: verb, i: 0, p: payload } satisfies Envelope));
  }

  /** Sends a request; resolves with the reply, rejects on the replica's failure or at the deadline. */
  request<T = unknown>(to: NodeAddress, verb: Verb, payload: unknown, timeoutMs: number): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`${this.address} is stopped`));
    const id = this.nextId++;
    this.countersOf(verb).sent++;
    return new Promise<T>((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        if (!this.pending.delete(id)) return;
        this.countersOf(verb).timedOut++;
        reject(new NoReplyError(verb, to, timeoutMs));
      }, timeoutMs);
      this.pending.set(id, { verb, resolve: resolve as (value: unknown) => void, reject, timer });
      this.endpoint.send(to, packr.pack({ k: Kind.request, v: verb, i: id, p: payload } satisfies Envelope));
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
      envelope = packr.unpack(bytes) as Envelope;
    } catch {
      return; // a message this node cannot read is dropped, as a corrupt frame would be
    }
    if (envelope.k === Kind.reply || envelope.k === Kind.failure) {
      this.settle(envelope);
      return;
    }
    this.countersOf(envelope.v).received++;
    const handler = this.handlers.get(envelope.v);
    if (handler === undefined) {
      if (envelope.k === Kind.request) this.fail(from, envelope.i, `${this.address} does not serve ${verbName(envelope.v)}`, null);
      return;
    }
    let answer: unknown;
    try {
      answer = handler(envelope.p, from);
    } catch (error) {
      if (envelope.k === Kind.request) this.fail(from, envelope.i, (error as Error).message, codeOf(error));
      return;
    }
    if (envelope.k !== Kind.request) return;
    Promise.resolve(answer).then(
      (value) => {
        if (!this.closed) this.endpoint.send(from, packr.pack({ k: Kind.reply, v: 0, i: envelope.i, p: value ?? null } satisfies Envelope));
      },
      (error: unknown) => this.fail(from, envelope.i, (error as Error).message, codeOf(error)),
    );
  }

  private settle(envelope: Envelope): void {
    const pending = this.pending.get(envelope.i);
    if (pending === undefined) return; // late (already timed out) or duplicated
    this.pending.delete(envelope.i);
    this.timers.clearTimeout(pending.timer);
    if (envelope.k === Kind.reply) pending.resolve(envelope.p);
    else {
      const failure = envelope.p as { message: string; code: number | null; from: NodeAddress };
      pending.reject(new RemoteFailureError(failure.from, failure.message, failure.code));
    }
  }

  private fail(to: NodeAddress, id: number, message: string, code: number | null): void {
    if (this.closed) return;
    this.endpoint.send(to, packr.pack({ k: Kind.failure, v: 0, i: id, p: { message, code, from: this.address } } satisfies Envelope));
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
