/**
 * Supervision is data (Proto.Actor's directive.go + strategy_one_for_one.go): a policy per
 * actor kind, and a pure decision from (policy, recent restarts, now) to a directive. The
 * runtime traps every failure at the mailbox; the actor never catches its own crash.
 *
 *   restart  recreate the actor from its kind's create(init), at most restartsMax times within
 *            withinMs; one more failure inside the window stops it
 *   stop     stop the actor; its queued messages become dead letters
 *   resume   keep the same instance and go on with the next message
 */

import { assert, assertNever } from '../lib/assert.js';
import { limits } from '../config/limits.js';

export type SupervisorPolicy =
  | { readonly directive: 'restart'; readonly restartsMax: number; readonly withinMs: number }
  | { readonly directive: 'stop' }
  | { readonly directive: 'resume' };

export type SupervisorDirective = SupervisorPolicy['directive'];

export const defaultSupervisorPolicy: SupervisorPolicy = {
  directive: 'restart',
  restartsMax: limits.actorRestartsMax,
  withinMs: limits.actorRestartWindowMs,
};

export interface SupervisorDecision {
  readonly directive: SupervisorDirective;
  /** Restart times (ms) to remember for the next decision, oldest first. */
  readonly restartTimesMs: readonly number[];
}

export function decideDirective(
  policy: SupervisorPolicy,
  restartTimesMs: readonly number[],
  nowMs: number,
): SupervisorDecision {
  switch (policy.directive) {
    case 'stop':
    case 'resume':
      return { directive: policy.directive, restartTimesMs };
    case 'restart': {
      assert(policy.restartsMax >= 0 && policy.withinMs >= 0, 'restart budget must be >= 0');
      const recent = restartTimesMs.filter((t) => nowMs - t < policy.withinMs);
      if (recent.length >= policy.restartsMax) return { directive: 'stop', restartTimesMs: recent };
      return { directive: 'restart', restartTimesMs: [...recent, nowMs] };
    }
    default:
      return assertNever(policy, 'supervisor policy');
  }
}
