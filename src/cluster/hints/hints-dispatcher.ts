/**
 * Delivers the sealed files of one store to its target (Cassandra's HintsDispatcher and
 * DispatchHintsTask): oldest file first, entries in the order they were written, one hint in
 * flight at a time, each waiting its turn under the byte-rate limiter. A hint counts as
 * delivered when the target acknowledges it; then, and only then, the file's dispatch
 * position moves past it (dispatch-position-file.ts), so a restart resumes after the last
 * acknowledged hint. The first refusal or missed deadline ends the run ('failed'): the rest
 * waits for the next trigger, from that same hint. A file is deleted when its last entry is
 * done. Expired hints (past gc grace) and entries with a bad payload checksum are stepped
 * over and counted; entries past a torn tail or a bad size cannot be read and go with the file.
 */

import type { TimerHandle, Timers } from '../../actors/timers.js';
import type { Clock } from '../../lib/clock.js';
import type { StoragePort } from '../../lib/storage-port.js';
import { decodeHint, isHintLive, type Hint } from './hint.js';
import type { HintsCounters } from './hints-metrics.js';
import { HintsReader } from './hints-reader.js';
import type { HintsFile, HintsStore } from './hints-store.js';
import type { RateLimiter } from './rate-limiter.js';

export type DispatchOutcome =
  /** Every sealed file was delivered (and deleted). */
  | 'done'
  /** abort() stopped it between two hints. */
  | 'aborted'
  /** The target refused a hint or did not answer in time. */
  | 'failed';

export interface HintsDispatcherDeps {
  readonly store: HintsStore;
  readonly port: StoragePort;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly limiter: RateLimiter;
  /** Sends one hint to the target (or the node it is handed to); resolves when that node has taken it. */
  readonly send: (hint: Hint) => Promise<unknown>;
  readonly counters: HintsCounters;
  /** What a hint taken counts as: `delivered` (default), or `transferredOut` when handed over. */
  readonly countAs?: 'delivered' | 'transferredOut';
}

export class HintsDispatcher {
  private aborted = false;
  private wait: { readonly timer: TimerHandle; readonly wake: () => void } | null = null;

  constructor(private readonly deps: HintsDispatcherDeps) {}

  async run(): Promise<DispatchOutcome> {
    for (const file of this.deps.store.sealedFiles()) {
      const outcome = await this.dispatchFile(file);
      if (outcome !== 'done') return outcome;
    }
    return 'done';
  }

  /** Stops the run before its next hint; the hint in flight, if any, still settles. */
  abort(): void {
    this.aborted = true;
    if (this.wait !== null) {
      this.deps.timers.clearTimeout(this.wait.timer);
      this.wait.wake();
    }
  }

  private async dispatchFile(file: HintsFile): Promise<DispatchOutcome> {
    const { store, port, counters, limiter, clock } = this.deps;
    const opened = HintsReader.open(port, file.path);
    if (opened.kind === 'unreadable') {
      counters.add('droppedCorrupt', file.entries - file.position.entriesDone);
      store.complete(file);
      return 'done';
    }
    const reader = opened.reader;
    try {
      let { offset, entriesDone } = file.position;
      while (offset < file.readableEnd) {
        if (this.aborted) return 'aborted';
        const read = reader.readAt(offset);
        if (read.kind === 'end' || read.kind === 'torn' || read.kind === 'bad-size') break;
        if (read.kind === 'bad-payload') counters.add('droppedCorrupt');
        else {
          const hint = decodeHint(read.payload);
          if (!isHintLive(hint, clock.nowMs())) counters.add('droppedExpired');
          else {
            await this.sleep(limiter.reserve(read.next - offset));
            if (this.aborted) return 'aborted';
            try {
              await this.deps.send(hint);
            } catch {
              counters.add('failed'); // delivered again from here on the next trigger
              return 'failed';
            }
            counters.add(this.deps.countAs ?? 'delivered');
          }
        }
        offset = read.next;
        entriesDone++;
        store.advance(file, { offset, entriesDone });
      }
      counters.add('droppedCorrupt', file.entries - entriesDone);
    } finally {
      reader.close();
    }
    store.complete(file);
    return 'done';
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        this.wait = null;
        resolve();
      };
      this.wait = { timer: this.deps.timers.setTimeout(wake, ms), wake };
    });
  }
}
