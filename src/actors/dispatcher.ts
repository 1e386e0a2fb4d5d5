/**
 * Runs the mailboxes of one thread (Proto.Actor's dispatcher.go + mailbox.go run loop).
 *
 * A target with messages is put once on the run queue (idle -> queued). A tick, scheduled
 * on a later event-loop turn, gives each queued target one turn: at most turnMessagesMax
 * messages, then the target goes to the back of the queue if it still has work. That
 * budget is what keeps one busy actor from starving the others (fairness). A handler that
 * returns a promise suspends the turn; the rest of the turn continues when it settles, and
 * no other message of that target runs meanwhile (one at a time, in order). Ticks yield to
 * the event loop between them, so port messages and timers interleave with actor work.
 *
 *   idle --wake--> queued --tick--> running --budget spent / empty--> idle (re-woken if work)
 */

import { assert } from '../lib/assert.js';
import { BoundedQueue } from './bounded-queue.js';
import type { TaskScheduler } from './timers.js';

export type DispatchState = 'idle' | 'queued' | 'running';

export interface DispatchTarget {
  dispatchState: DispatchState;
  /** True if the target has messages and can take them. */
  isRunnable(): boolean;
  /**
   * Handles the next message: 'empty' if none, undefined if handled synchronously, or a
   * promise (that never rejects) if the handler is still running.
   */
  processNext(): 'empty' | Promise<void> | undefined;
}

export class Dispatcher {
  private readonly runQueue: BoundedQueue<DispatchTarget>;
  private tickScheduled = false;

  constructor(
    private readonly scheduler: TaskScheduler,
    private readonly turnMessagesMax: number,
    targetsMax: number,
  ) {
    assert(turnMessagesMax > 0, 'a turn handles at least one message');
    this.runQueue = new BoundedQueue(targetsMax);
  }

  /** Call after posting to a target's mailbox. */
  wake(target: DispatchTarget): void {
    if (target.dispatchState !== 'idle') return;
    target.dispatchState = 'queued';
    const queued = this.runQueue.push(target);
    assert(queued, 'run queue holds each target at most once');
    this.scheduleTick();
  }

  private scheduleTick(): void {
    if (this.tickScheduled) return;
    this.tickScheduled = true;
    this.scheduler.schedule(() => this.tick());
  }

  private tick(): void {
    this.tickScheduled = false;
    // Only the targets queued before this tick: those woken during it wait for the next one.
    for (let turns = this.runQueue.length; turns > 0; turns -= 1) {
      const target = this.runQueue.shift();
      assert(target !== undefined && target.dispatchState === 'queued', 'run queue state');
      this.runTurn(target);
    }
  }

  private runTurn(target: DispatchTarget): void {
    target.dispatchState = 'running';
    let handled = 0;
    const step = (): void => {
      while (handled < this.turnMessagesMax) {
        const pending = target.processNext();
        if (pending === 'empty') break;
        handled += 1;
        if (pending !== undefined) {
          void pending.then(step);
          return;
        }
      }
      target.dispatchState = 'idle';
      if (target.isRunnable()) this.wake(target);
    };
    step();
  }
}
