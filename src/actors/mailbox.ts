/**
 * A mailbox holds two queues (Proto.Actor's mailbox.go): system messages (stop, restart,
 * control) are always taken before user messages, so a stop is not stuck behind 10,000
 * writes. The user queue is bounded by mailboxDepthMax; the caller decides what a refusal
 * means (a tell becomes a dead letter, an ask fails with OverloadedError). System messages
 * are few (one per lifecycle call) and bounded separately so a bug cannot grow them forever.
 */

import { BoundedQueue } from './bounded-queue.js';

/** Lifecycle requests per actor in flight at once; more means a caller is looping. */
const systemDepthMax = 1_024;

export class Mailbox<S, U> {
  private readonly system = new BoundedQueue<S>(systemDepthMax);
  private readonly user: BoundedQueue<U>;

  constructor(readonly userDepthMax: number) {
    this.user = new BoundedQueue<U>(userDepthMax);
  }

  /** Messages waiting in the user queue. */
  get depth(): number {
    return this.user.length;
  }

  hasMessages(): boolean {
    return this.system.length > 0 || this.user.length > 0;
  }

  postSystem(message: S): boolean {
    return this.system.push(message);
  }

  postUser(message: U): boolean {
    return this.user.push(message);
  }

  /** The next message to handle: any system message first. */
  next(): { readonly queue: 'system'; readonly message: S } | { readonly queue: 'user'; readonly message: U } | undefined {
    const system = this.system.shift();
    if (system !== undefined) return { queue: 'system', message: system };
    const user = this.user.shift();
    if (user !== undefined) return { queue: 'user', message: user };
    return undefined;
  }

  drainUser(): U[] {
    return this.user.drain();
  }

  drainSystem(): S[] {
    return this.system.drain();
  }
}
