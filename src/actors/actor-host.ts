/**
 * The actor runtime of one thread (the main thread or one worker): its actors, their
 * dispatcher, the asks it is waiting on, its links to the other threads and the directory
 * of where every actor of the node lives. The same class runs on every thread, so the
 * main thread can host actors too, and unit tests drive it in-process with manual timers.
 *
 * A message to a reference goes, in order of preference:
 *   local cell  -> its mailbox (full: tell = dead letter, ask = OverloadedError)
 *   route       -> the link to the thread named by the directory (msgpackr envelope)
 *   nowhere     -> dead letter (tell) or DeadLetterError at once (ask)
 *
 * A handler that throws is caught here, its ask answered with ActorFailedError, and the
 * kind's supervision policy decides: resume, restart (create(init) again) or stop.
 */

import { assert, assertNever } from '../lib/assert.js';
import type { Clock } from '../lib/clock.js';
import { InvalidRequestError, OverloadedError } from '../lib/errors.js';
import type { ActorContext, ActorKinds, Replier } from './actor.js';
import { ActorCell, type ReplySlot, type SystemMessage, type UserMessage } from './actor-cell.js';
import { ActorFailedError, DeadLetterError, fromWireError, toWireError } from './actor-errors.js';
import { BinaryBufferPool } from './binary-buffer-pool.js';
import { type ActorRef, actorKey, formatActorRef } from './actor-ref.js';
import { Dispatcher } from './dispatcher.js';
import { type Envelope, type HostAddress, type ReplyTarget, describeMessage } from './envelope.js';
import type { Link } from './port-link.js';
import { PendingRequests } from './pending-requests.js';
import { type SupervisorDirective, decideDirective, defaultSupervisorPolicy } from './supervision.js';
import type { TaskScheduler, Timers } from './timers.js';

export interface ActorHostLimits {
  readonly mailboxDepthMax: number;
  readonly actorTurnMessagesMax: number;
  readonly requestTimeoutMsDefault: number;
  readonly pendingRequestsMax: number;
  readonly actorsPerThreadMax: number;
}

/** Where an actor lives: its thread and its slot on that thread (ring records name slots). */
export interface ActorRoute {
  readonly host: HostAddress;
  readonly slot: number;
}

export type ActorHostEvent =
  | { readonly kind: 'failure'; readonly ref: ActorRef; readonly error: string; readonly directive: SupervisorDirective }
  | { readonly kind: 'deadLetter'; readonly to: ActorRef; readonly message: string };

export interface ActorHostOptions {
  readonly address: HostAddress;
  readonly node: string;
  readonly kinds: ActorKinds;
  readonly services: unknown;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly scheduler: TaskScheduler;
  readonly limits: ActorHostLimits;
  /** Failures and dead letters seen on this thread (a worker forwards them to main). */
  readonly onEvent: (event: ActorHostEvent) => void;
}

export interface ActorStats {
  readonly ref: ActorRef;
  readonly mailboxDepth: number;
  readonly processed: number;
  readonly failures: number;
}

type Target =
  | { readonly kind: 'local'; readonly cell: ActorCell }
  | { readonly kind: 'remote'; readonly host: HostAddress; readonly link: Link }
  | { readonly kind: 'none'; readonly reason: string };

export class ActorHost {
  readonly address: HostAddress;
  readonly node: string;
  private readonly cells = new Map<string, ActorCell>();
  private readonly cellsBySlot = new Map<number, ActorCell>();
  private readonly binaryBuffers = new BinaryBufferPool();
  private readonly routes = new Map<string, ActorRoute>();
  private readonly links = new Map<HostAddress, Link>();
  private readonly pending: PendingRequests;
  private readonly dispatcher: Dispatcher;
  private closed = false;

  constructor(private readonly options: ActorHostOptions) {
    this.address = options.address;
    this.node = options.node;
    this.pending = new PendingRequests(options.timers, options.limits.pendingRequestsMax);
    this.dispatcher = new Dispatcher(
      options.scheduler,
      options.limits.actorTurnMessagesMax,
      options.limits.actorsPerThreadMax,
    );
  }

  get actorCount(): number {
    return this.cells.size;
  }

  get pendingRequestCount(): number {
    return this.pending.size;
  }

  // ---- topology: links to other threads and the directory ----

  attachLink(host: HostAddress, link: Link): void {
    assert(host !== this.address, 'no link to self');
    this.links.get(host)?.close();
    this.links.set(host, link);
  }

  /** The thread went away: its link closes and every ask waiting on it fails now. */
  detachHost(host: HostAddress, error: Error): void {
    this.links.get(host)?.close();
    this.links.delete(host);
    this.pending.rejectHost(host, error);
  }

  setRoute(ref: ActorRef, route: ActorRoute): void {
    this.routes.set(actorKey(ref), route);
  }

  removeRoute(ref: ActorRef): void {
    this.routes.delete(actorKey(ref));
  }

  lookupRoute(ref: ActorRef): ActorRoute | undefined {
    if (ref.node !== this.node) return undefined;
    const cell = this.cells.get(actorKey(ref));
    if (cell !== undefined) return { host: this.address, slot: cell.slot };
    return this.routes.get(actorKey(ref));
  }

  // ---- lifecycle of local actors ----

  spawnLocal(kind: string, id: string, init: unknown, slot: number): ActorRef {
    assert(!this.closed, 'spawn on a closed host');
    assert(Number.isInteger(slot) && slot >= 0 && slot <= 0xffff_ffff, 'slot is a u32');
    const actorKind = this.options.kinds[kind];
    if (actorKind === undefined) throw new InvalidRequestError(`unknown actor kind '${kind}'`);
    const ref: ActorRef = { node: this.node, kind, id };
    const key = actorKey(ref);
    if (this.cells.has(key)) throw new InvalidRequestError(`actor ${formatActorRef(ref)} exists`);
    assert(!this.cellsBySlot.has(slot), 'slot in use');
    if (this.cells.size >= this.options.limits.actorsPerThreadMax) {
      throw new OverloadedError(`thread ${this.address} holds ${this.cells.size} actors`);
    }
    const cell = new ActorCell(ref, slot, actorKind, init, this.options.limits.mailboxDepthMax, (c, next) =>
      next.queue === 'system' ? this.handleSystem(c, next.message) : this.handleUser(c, next.message),
    );
    cell.context = this.createContext(cell);
    cell.actor = actorKind.create(init, cell.context);
    this.cells.set(key, cell);
    this.cellsBySlot.set(slot, cell);
    return ref;
  }

  /** Stops after the message being handled; queued user messages become dead letters. */
  stopLocal(ref: ActorRef): Promise<void> {
    return this.postSystem(ref, 'stop');
  }

  /** Replaces the instance by create(init) after the message being handled. */
  restartLocal(ref: ActorRef): Promise<void> {
    return this.postSystem(ref, 'restart');
  }

  /** Runs the actor's control(command) in mailbox order, one at a time with its messages. */
  controlLocal(ref: ActorRef, command: unknown): Promise<unknown> {
    const cell = this.cells.get(actorKey(ref));
    if (cell === undefined) return Promise.reject(new DeadLetterError(`no actor ${formatActorRef(ref)}`));
    return new Promise((resolve, reject) => {
      if (!cell.mailbox.postUser({ kind: 'control', command, settle: { resolve, reject } })) {
        reject(new OverloadedError(`mailbox of ${formatActorRef(ref)} is full`));
        return;
      }
      this.dispatcher.wake(cell);
    });
  }

  hasLocal(ref: ActorRef): boolean {
    return ref.node === this.node && this.cells.has(actorKey(ref));
  }

  stats(): ActorStats[] {
    return [...this.cells.values()].map((cell) => ({
      ref: cell.ref,
      mailboxDepth: cell.mailbox.depth,
      processed: cell.processed,
      failures: cell.failures,
    }));
  }

  /** Stops every actor (stopped() is called) and fails every pending ask. */
  close(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const cell of [...this.cells.values()]) this.stopCell(cell);
    this.pending.rejectAll(error);
    for (const link of this.links.values()) link.close();
    this.links.clear();
  }

  // ---- messaging ----

  tell(to: ActorRef, body: unknown): void {
    const target = this.resolve(to);
    switch (target.kind) {
      case 'local':
        this.postLocal(target.cell, { kind: 'message', body, replyTo: undefined });
        return;
      case 'remote':
        target.link.send({ kind: 'tell', to, body });
        return;
      case 'none':
        this.deadLetter(to, `${describeMessage(body)}: ${target.reason}`);
        return;
      default:
        assertNever(target, 'target');
    }
  }

  ask<T>(to: ActorRef, body: unknown, timeoutMs = this.options.limits.requestTimeoutMsDefault): Promise<T> {
    const target = this.resolve(to);
    if (target.kind === 'none') {
      return Promise.reject(new DeadLetterError(`ask ${describeMessage(body)} to ${formatActorRef(to)}: ${target.reason}`));
    }
    const host = target.kind === 'local' ? this.address : target.host;
    const { correlationId, answer } = this.openRequest<T>(host, timeoutMs, `ask ${describeMessage(body)} to ${formatActorRef(to)}`);
    const replyTo: ReplyTarget = { host: this.address, correlationId };
    if (target.kind === 'local') {
      this.postLocal(target.cell, { kind: 'message', body, replyTo });
    } else {
      target.link.send({ kind: 'ask', to, body, replyTo });
    }
    return answer;
  }

  /** Registers an ask whose request the caller sends itself (askBinary through a ring). */
  openRequest<T>(host: HostAddress, timeoutMs: number, describe: string | (() => string)): { correlationId: number; answer: Promise<T> } {
    return this.pending.open<T>(host, timeoutMs, describe);
  }

  failRequest(correlationId: number, error: Error): void {
    this.pending.reject(correlationId, error);
  }

  /**
   * Data plane delivery by slot (from a ring record, or main-thread local sends). The bytes are
   * copied, so the caller may reuse them at once: into a pooled buffer when the actor only
   * borrows them (Actor.borrowsBinary), else into one the actor owns.
   */
  deliverBinary(slot: number, bytes: Uint8Array, replyTo: ReplyTarget | undefined): void {
    const cell = this.cellsBySlot.get(slot);
    if (cell === undefined) {
      const to: ActorRef = { node: this.node, kind: '?', id: `slot ${slot} on thread ${this.address}` };
      if (replyTo !== undefined) this.answerError(replyTo, new DeadLetterError(`no actor at ${to.id}`));
      else this.deadLetter(to, `binary(${bytes.byteLength} bytes): no such actor`);
      return;
    }
    const lent = cell.actor.borrowsBinary === true;
    const copy = lent ? this.binaryBuffers.take(bytes.length) : new Uint8Array(bytes.length);
    copy.set(bytes);
    this.postLocal(cell, { kind: 'binary', bytes: copy, replyTo, lent });
  }

  /** Gives a lent message's buffer back to the pool; nothing for owned bytes and other messages. */
  private releaseLent(message: UserMessage): void {
    if (message.kind === 'binary' && message.lent) this.binaryBuffers.give(message.bytes);
  }

  /** An envelope arrived over a link from another thread. */
  receive(envelope: Envelope): void {
    switch (envelope.kind) {
      case 'tell': {
        const cell = this.lookupLocal(envelope.to);
        if (cell === undefined) this.deadLetter(envelope.to, `${describeMessage(envelope.body)}: no such actor`);
        else this.postLocal(cell, { kind: 'message', body: envelope.body, replyTo: undefined });
        return;
      }
      case 'ask': {
        const cell = this.lookupLocal(envelope.to);
        if (cell === undefined) {
          this.answerError(envelope.replyTo, new DeadLetterError(`no actor ${formatActorRef(envelope.to)}`));
        } else {
          this.postLocal(cell, { kind: 'message', body: envelope.body, replyTo: envelope.replyTo });
        }
        return;
      }
      case 'reply':
        if (!this.pending.resolve(envelope.correlationId, envelope.value)) this.lateReply(envelope.correlationId);
        return;
      case 'replyError':
        if (!this.pending.reject(envelope.correlationId, fromWireError(envelope.error))) {
          this.lateReply(envelope.correlationId);
        }
        return;
      case 'deadLetter':
        this.options.onEvent({ kind: 'deadLetter', to: envelope.to, message: envelope.message });
        return;
      case 'failure':
        this.options.onEvent({ kind: 'failure', ref: envelope.ref, error: envelope.error, directive: envelope.directive });
        return;
      default:
        assertNever(envelope, 'envelope');
    }
  }

  // ---- internals ----

  private resolve(to: ActorRef): Target {
    if (this.closed) return { kind: 'none', reason: 'actor system shut down' };
    if (to.node !== this.node) return { kind: 'none', reason: `unknown node '${to.node}'` };
    const key = actorKey(to);
    const cell = this.cells.get(key);
    if (cell !== undefined) return { kind: 'local', cell };
    const route = this.routes.get(key);
    if (route === undefined || route.host === this.address) return { kind: 'none', reason: 'no such actor' };
    const link = this.links.get(route.host);
    if (link === undefined) return { kind: 'none', reason: `thread ${route.host} is down` };
    return { kind: 'remote', host: route.host, link };
  }

  private lookupLocal(ref: ActorRef): ActorCell | undefined {
    return ref.node === this.node ? this.cells.get(actorKey(ref)) : undefined;
  }

  private postLocal(cell: ActorCell, message: UserMessage): void {
    if (cell.mailbox.postUser(message)) {
      this.dispatcher.wake(cell);
      return;
    }
    const why = `mailbox full (${cell.mailbox.userDepthMax})`;
    switch (message.kind) {
      case 'message':
      case 'binary':
        if (message.replyTo !== undefined) {
          this.answerError(message.replyTo, new OverloadedError(`${formatActorRef(cell.ref)}: ${why}`));
        } else {
          this.deadLetter(cell.ref, `${message.kind === 'binary' ? describeMessage(message.bytes) : describeMessage(message.body)}: ${why}`);
        }
        this.releaseLent(message);
        return;
      case 'control':
        message.settle.reject(new OverloadedError(`${formatActorRef(cell.ref)}: ${why}`));
        return;
      default:
        assertNever(message, 'user message');
    }
  }

  private postSystem(ref: ActorRef, kind: SystemMessage['kind']): Promise<void> {
    const cell = this.lookupLocal(ref);
    if (cell === undefined) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (!cell.mailbox.postSystem({ kind, done: resolve })) {
        reject(new OverloadedError(`${formatActorRef(ref)}: too many lifecycle requests`));
        return;
      }
      this.dispatcher.wake(cell);
    });
  }

  private handleSystem(cell: ActorCell, message: SystemMessage): undefined {
    switch (message.kind) {
      case 'stop':
        this.stopCell(cell);
        break;
      case 'restart':
        this.restartCell(cell);
        break;
      default:
        assertNever(message, 'system message');
    }
    message.done();
    return undefined;
  }

  private handleUser(cell: ActorCell, message: UserMessage): Promise<void> | undefined {
    switch (message.kind) {
      case 'message':
        return this.runHandler(cell, message.replyTo, () => cell.actor.receive(message.body, cell.context));
      case 'binary': {
        const done = this.runHandler(cell, message.replyTo, () => {
          if (cell.actor.receiveBinary === undefined) {
            throw new InvalidRequestError(`actor kind '${cell.ref.kind}' takes no binary messages`);
          }
          return cell.actor.receiveBinary(message.bytes, cell.context);
        });
        if (!message.lent) return done;
        if (done === undefined) {
          this.releaseLent(message);
          return undefined;
        }
        return done.finally(() => this.releaseLent(message));
      }
      case 'control':
        return this.runControl(cell, message.command, message.settle);
      default:
        return assertNever(message, 'user message');
    }
  }

  private runHandler(
    cell: ActorCell,
    replyTo: ReplyTarget | undefined,
    invoke: () => void | Promise<void>,
  ): Promise<void> | undefined {
    const slot: ReplySlot = { replyTo, answered: false, detached: false };
    cell.currentReply = slot;
    let result: void | Promise<void>;
    try {
      result = invoke();
    } catch (error) {
      this.handlerFailed(cell, slot, error);
      return undefined;
    }
    if (isPromiseLike(result)) {
      return Promise.resolve(result).then(
        () => this.handlerDone(cell, slot),
        (error: unknown) => this.handlerFailed(cell, slot, error),
      );
    }
    this.handlerDone(cell, slot);
    return undefined;
  }

  private handlerDone(cell: ActorCell, slot: ReplySlot): void {
    cell.processed += 1;
    cell.currentReply = undefined;
    if (slot.replyTo !== undefined && !slot.answered && !slot.detached) {
      slot.answered = true;
      this.answer(slot.replyTo, undefined, undefined);
    }
  }

  private handlerFailed(cell: ActorCell, slot: ReplySlot, error: unknown): void {
    cell.processed += 1;
    cell.failures += 1;
    cell.currentReply = undefined;
    const wire = toWireError(error);
    if (slot.replyTo !== undefined && !slot.answered) {
      slot.answered = true;
      this.answerError(slot.replyTo, new ActorFailedError(wire.message, wire.name));
    }
    if (cell.status !== 'running') return;
    const policy = cell.kind.supervision ?? defaultSupervisorPolicy;
    const decision = decideDirective(policy, cell.restartTimesMs, this.options.clock.nowMs());
    cell.restartTimesMs = decision.restartTimesMs;
    this.options.onEvent({ kind: 'failure', ref: cell.ref, error: `${wire.name}: ${wire.message}`, directive: decision.directive });
    switch (decision.directive) {
      case 'resume':
        return;
      case 'restart':
        this.restartCell(cell);
        return;
      case 'stop':
        this.stopCell(cell);
        return;
      default:
        assertNever(decision.directive, 'directive');
    }
  }

  private runControl(cell: ActorCell, command: unknown, settle: { resolve: (v: unknown) => void; reject: (e: Error) => void }): Promise<void> | undefined {
    cell.processed += 1;
    const control = cell.actor.control;
    if (control === undefined) {
      settle.reject(new InvalidRequestError(`actor kind '${cell.ref.kind}' has no control()`));
      return undefined;
    }
    let result: unknown;
    try {
      result = control.call(cell.actor, command, cell.context);
    } catch (error) {
      settle.reject(asError(error));
      return undefined;
    }
    if (!isPromiseLike(result)) {
      settle.resolve(result);
      return undefined;
    }
    return Promise.resolve(result).then(settle.resolve, (error: unknown) => settle.reject(asError(error)));
  }

  private restartCell(cell: ActorCell): void {
    if (cell.status !== 'running') return;
    this.callStopped(cell);
    try {
      cell.actor = cell.kind.create(cell.init, cell.context);
    } catch (error) {
      const wire = toWireError(error);
      this.options.onEvent({ kind: 'failure', ref: cell.ref, error: `restart failed: ${wire.name}: ${wire.message}`, directive: 'stop' });
      this.stopCell(cell, false);
    }
  }

  private stopCell(cell: ActorCell, callStopped = true): void {
    if (cell.status !== 'running') return;
    cell.status = 'stopped';
    this.cells.delete(actorKey(cell.ref));
    this.cellsBySlot.delete(cell.slot);
    if (callStopped) this.callStopped(cell);
    const gone = `actor ${formatActorRef(cell.ref)} stopped`;
    for (const message of cell.mailbox.drainUser()) {
      switch (message.kind) {
        case 'message':
        case 'binary': {
          const what = message.kind === 'binary' ? describeMessage(message.bytes) : describeMessage(message.body);
          if (message.replyTo !== undefined) this.answerError(message.replyTo, new DeadLetterError(`${what}: ${gone}`));
          else this.deadLetter(cell.ref, `${what}: stopped`);
          this.releaseLent(message);
          break;
        }
        case 'control':
          message.settle.reject(new DeadLetterError(gone));
          break;
        default:
          assertNever(message, 'user message');
      }
    }
    for (const message of cell.mailbox.drainSystem()) message.done();
  }

  private callStopped(cell: ActorCell): void {
    try {
      cell.actor.stopped?.();
    } catch (error) {
      // A failing stopped() must not keep the actor alive or stop the thread; report it.
      const wire = toWireError(error);
      this.options.onEvent({ kind: 'failure', ref: cell.ref, error: `stopped() threw: ${wire.message}`, directive: 'stop' });
    }
  }

  private createContext(cell: ActorCell): ActorContext {
    const currentSlot = (): ReplySlot => {
      const slot = cell.currentReply;
      if (slot === undefined) assert(false, `reply outside a handler of ${formatActorRef(cell.ref)}`);
      return slot;
    };
    return {
      self: cell.ref,
      services: this.options.services,
      tell: (to, message) => this.tell(to, message),
      ask: <T>(to: ActorRef, message: unknown, timeoutMs?: number) => this.ask<T>(to, message, timeoutMs),
      reply: (value, transfer) => this.replyTo(currentSlot(), value, transfer),
      replyError: (error) => this.replyErrorTo(currentSlot(), error),
      replyLater: (): Replier => {
        const slot = currentSlot();
        slot.detached = true;
        return {
          reply: (value, transfer) => this.replyTo(slot, value, transfer),
          replyError: (error) => this.replyErrorTo(slot, error),
        };
      },
    };
  }

  private replyTo(slot: ReplySlot, value: unknown, transfer: readonly ArrayBuffer[] | undefined): void {
    if (slot.replyTo === undefined) return; // the message was a tell: nobody waits
    assert(!slot.answered, 'an ask is answered once');
    slot.answered = true;
    this.answer(slot.replyTo, value, transfer);
  }

  private replyErrorTo(slot: ReplySlot, error: Error): void {
    if (slot.replyTo === undefined) return;
    assert(!slot.answered, 'an ask is answered once');
    slot.answered = true;
    this.answerError(slot.replyTo, error);
  }

  private answer(to: ReplyTarget, value: unknown, transfer: readonly ArrayBuffer[] | undefined): void {
    if (to.host === this.address) {
      if (!this.pending.resolve(to.correlationId, value)) this.lateReply(to.correlationId);
      return;
    }
    const link = this.links.get(to.host);
    if (link === undefined) {
      this.deadLetter({ node: this.node, kind: '?', id: `asker on thread ${to.host}` }, 'reply: thread is down');
      return;
    }
    link.send({ kind: 'reply', correlationId: to.correlationId, value }, transfer);
  }

  private answerError(to: ReplyTarget, error: Error): void {
    if (to.host === this.address) {
      if (!this.pending.reject(to.correlationId, error)) this.lateReply(to.correlationId);
      return;
    }
    const link = this.links.get(to.host);
    if (link === undefined) {
      this.deadLetter({ node: this.node, kind: '?', id: `asker on thread ${to.host}` }, 'replyError: thread is down');
      return;
    }
    link.send({ kind: 'replyError', correlationId: to.correlationId, error: toWireError(error) });
  }

  /** An answer after its ask timed out: nobody waits for it any more. */
  private lateReply(correlationId: number): void {
    this.deadLetter({ node: this.node, kind: '?', id: `request ${correlationId}` }, 'reply after the ask ended');
  }

  private deadLetter(to: ActorRef, message: string): void {
    this.options.onEvent({ kind: 'deadLetter', to, message });
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
