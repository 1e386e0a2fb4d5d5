/**
 * Dead letters are a destination, not a silent drop (Proto.Actor's deadletter.go): every
 * message that finds no actor, or no room in a full mailbox, or a reply whose asker is gone,
 * is counted here exactly, reported to listeners, and logged at most once per interval with
 * the number suppressed since, so a flood of them cannot flood the log.
 */

import type { Clock } from '../lib/clock.js';
import { type ActorRef, formatActorRef } from './actor-ref.js';

export interface DeadLetter {
  readonly to: ActorRef;
  readonly message: string;
}

export class DeadLetters {
  private total = 0;
  private suppressed = 0;
  private lastLogMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    private readonly logIntervalMs: number,
    private readonly log: (line: string) => void,
    private readonly onDeadLetter: (letter: DeadLetter) => void,
  ) {}

  get count(): number {
    return this.total;
  }

  record(letter: DeadLetter): void {
    this.total += 1;
    const nowMs = this.clock.nowMs();
    if (nowMs - this.lastLogMs >= this.logIntervalMs) {
      const more = this.suppressed > 0 ? ` (${this.suppressed} more since the last line)` : '';
      this.log(`dead letter to ${formatActorRef(letter.to)}: ${letter.message}${more}`);
      this.lastLogMs = nowMs;
      this.suppressed = 0;
    } else {
      this.suppressed += 1;
    }
    this.onDeadLetter(letter);
  }
}
