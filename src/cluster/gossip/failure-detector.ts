/**
 * The phi accrual failure detector (Hayashibara et al.; Cassandra's gms/FailureDetector.java).
 * The gossiper reports each endpoint's heartbeat advances (`report`) and asks once per round
 * whether to convict it (`interpret`); conviction is the gossiper's decision to act on.
 *
 * Convict when PHI_FACTOR * t / mean > phiConvictThreshold, PHI_FACTOR = 1 / ln 10: with
 * heartbeats about a second apart and the default threshold of 8, after about 18 s of silence.
 *
 * A local pause (our own rounds more than localPauseMsMax apart: a stopped process, a long GC)
 * would make every peer look dead at once, so after one nobody is convicted for another
 * localPauseMsMax (CASSANDRA-9183).
 */

import { assert } from '../../lib/assert.js';
import type { Clock } from '../../lib/clock.js';
import { ArrivalWindow } from './arrival-window.js';
import type { Endpoint } from './endpoint.js';
import { gossipLimits } from './gossip-limits.js';

/** FailureDetector.PHI_FACTOR: kept so phi_convict_threshold means what it meant in 0.7. */
export const PHI_FACTOR = 1 / Math.log(10);

export type FailureVerdict = 'convict' | 'acquit';

export class FailureDetector {
  private readonly windows = new Map<Endpoint, ArrivalWindow>();
  private lastInterpretMs: number;
  private lastPauseMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    private readonly phiConvictThreshold: number,
    /**
     * The first sample of every window and the longest interval recorded: two gossip rounds,
     * as Cassandra's getInitialValue (2 x Gossiper.intervalInMillis).
     */
    private readonly intervalInitialMs: number = gossipLimits.arrivalIntervalInitialMs,
  ) {
    assert(phiConvictThreshold > 0, 'phiConvictThreshold must be positive');
    this.lastInterpretMs = clock.nowMs();
  }

  /** A heartbeat of `endpoint` arrived (its version advanced in what we heard). */
  report(endpoint: Endpoint): void {
    let window = this.windows.get(endpoint);
    if (window === undefined) {
      window = new ArrivalWindow(gossipLimits.arrivalWindowSamples, this.intervalInitialMs, this.intervalInitialMs);
      this.windows.set(endpoint, window);
    }
    window.add(this.clock.nowMs());
  }

  interpret(endpoint: Endpoint): FailureVerdict {
    const window = this.windows.get(endpoint);
    if (window === undefined) return 'acquit';
    const nowMs = this.clock.nowMs();
    const sinceLastMs = nowMs - this.lastInterpretMs;
    this.lastInterpretMs = nowMs;
    if (sinceLastMs > gossipLimits.localPauseMsMax) {
      this.lastPauseMs = nowMs;
      return 'acquit';
    }
    if (nowMs - this.lastPauseMs < gossipLimits.localPauseMsMax) return 'acquit';
    return PHI_FACTOR * window.phi(nowMs) > this.phiConvictThreshold ? 'convict' : 'acquit';
  }

  /** Phi on the threshold's scale (as nodetool failuredetector shows it), if any arrival. */
  phi(endpoint: Endpoint): number | undefined {
    const window = this.windows.get(endpoint);
    return window === undefined ? undefined : PHI_FACTOR * window.phi(this.clock.nowMs());
  }

  /** Forget the intervals of an endpoint (it restarted while down, or it left). */
  remove(endpoint: Endpoint): void {
    this.windows.delete(endpoint);
  }
}
