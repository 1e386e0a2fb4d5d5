/**
 * Bounds of the actor runtime that src/config/limits.ts does not name yet (to be moved there:
 * that file belongs to another owner). The rest (mailboxDepthMax, actorTurnMessagesMax,
 * requestTimeoutMsDefault, actorRestartsMax, actorRestartWindowMs, ringBytes) is read from it.
 */

import { assert } from '../lib/assert.js';
import { limits } from '../config/limits.js';

const KiB = 1024;
const MiB = 1024 * KiB;

export const actorLimits = {
  /** Asks waiting for an answer on one thread; more means a caller forgot to await. */
  pendingRequestsMax: 1 << 20,
  /** Actors on one thread (the dispatcher's run queue holds each at most once). */
  actorsPerThreadMax: 1 << 20,
  /** Encoded envelopes buffered on one port before a flush is forced. */
  portBatchBytesMax: 1 * MiB,
  /** Ring records a worker drains per event-loop turn before letting its ports run. */
  ringRecordsPerTurnMax: 256,
  /** Thread restarts within the window before the thread is left down. */
  threadRestartsMax: 5,
  threadRestartWindowMs: 60_000,
  /** At most one dead-letter log line per interval (the count is always exact). */
  deadLetterLogIntervalMs: 1_000,
} as const;

// A flushed batch must be able to hold at least one maximal mutation message.
assert(actorLimits.portBatchBytesMax <= limits.ringBytes, 'a port batch fits a ring');
assert(limits.actorTurnMessagesMax > 0 && limits.mailboxDepthMax > 0, 'actor bounds > 0');
