/**
 * The runtime's record of one live actor on its thread: reference, slot (its index in ring
 * records), kind and original init (a restart recreates it from these), the current
 * instance, its two-queue mailbox and its counters. The host (actor-host.ts) decides what
 * each message does; the cell only holds state and adapts to the dispatcher.
 */

import type { Actor, ActorContext, ActorKind } from './actor.js';
import type { ActorRef } from './actor-ref.js';
import type { DispatchState, DispatchTarget } from './dispatcher.js';
import type { ReplyTarget } from './envelope.js';
import { Mailbox } from './mailbox.js';

export interface Settle {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

export type UserMessage =
  | { readonly kind: 'message'; readonly body: unknown; readonly replyTo: ReplyTarget | undefined }
  /** `lent`: bytes over a pooled buffer, given back once the handler is done (Actor.borrowsBinary). */
  | { readonly kind: 'binary'; readonly bytes: Uint8Array; readonly replyTo: ReplyTarget | undefined; readonly lent: boolean }
  | { readonly kind: 'control'; readonly command: unknown; readonly settle: Settle };

export type SystemMessage =
  | { readonly kind: 'stop'; readonly done: () => void }
  | { readonly kind: 'restart'; readonly done: () => void };

/** The answer owed for the message being handled. */
export interface ReplySlot {
  readonly replyTo: ReplyTarget | undefined;
  answered: boolean;
  /** replyLater() took it: the runtime does not answer when the handler returns. */
  detached: boolean;
}

export type ActorCellStatus = 'running' | 'stopped';

export class ActorCell implements DispatchTarget {
  dispatchState: DispatchState = 'idle';
  status: ActorCellStatus = 'running';
  processed = 0;
  failures = 0;
  restartTimesMs: readonly number[] = [];
  currentReply: ReplySlot | undefined = undefined;
  readonly mailbox: Mailbox<SystemMessage, UserMessage>;
  /** Set right after construction, once the context exists (create() needs it). */
  actor!: Actor;
  context!: ActorContext;

  constructor(
    readonly ref: ActorRef,
    readonly slot: number,
    readonly kind: ActorKind,
    readonly init: unknown,
    mailboxDepthMax: number,
    private readonly process: (
      cell: ActorCell,
      next: NonNullable<ReturnType<Mailbox<SystemMessage, UserMessage>['next']>>,
    ) => Promise<void> | undefined,
  ) {
    this.mailbox = new Mailbox(mailboxDepthMax);
  }

  isRunnable(): boolean {
    return this.status === 'running' && this.mailbox.hasMessages();
  }

  processNext(): 'empty' | Promise<void> | undefined {
    if (this.status !== 'running') return 'empty';
    const next = this.mailbox.next();
    if (next === undefined) return 'empty';
    return this.process(this, next);
  }
}
