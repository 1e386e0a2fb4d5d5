/**
 * The echoes in flight (Gossiper.markAlive's ECHO_REQ, 2.0+): a peer we hear of is held down
 * until it answers one, so gossip relayed by third parties cannot revive a node that is gone.
 *
 *   begin     an echo may go out: none is in flight, or the last left echoResendMs ago
 *   complete  an answer counts only if it answers the latest echo to that endpoint
 *   expire    an echo unanswered for echoTimeoutMs failed
 *
 * Cassandra 4.0 sends no second echo until the first times out (10 s); we resend after one
 * gossip interval (gossip-limits.ts says why).
 */

import { assert } from '../../lib/assert.js';
import type { Endpoint } from './endpoint.js';
import { gossipLimits } from './gossip-limits.js';

interface InflightEcho {
  readonly id: number;
  readonly sentAtMs: number;
}

export class EchoTracker {
  private readonly inflight = new Map<Endpoint, InflightEcho>();
  private nextId = 1;

  /** The id of an echo to send to `endpoint` now, or undefined if it is too soon. */
  begin(endpoint: Endpoint, nowMs: number): number | undefined {
    const last = this.inflight.get(endpoint);
    if (last !== undefined && nowMs - last.sentAtMs < gossipLimits.echoResendMs) return undefined;
    assert(Number.isSafeInteger(this.nextId), 'echo ids exhausted');
    const id = this.nextId++;
    this.inflight.set(endpoint, { id, sentAtMs: nowMs });
    return id;
  }

  /** Whether `id` answers the latest echo to `endpoint`; if so that echo is done. */
  complete(endpoint: Endpoint, id: number): boolean {
    if (this.inflight.get(endpoint)?.id !== id) return false;
    this.inflight.delete(endpoint);
    return true;
  }

  /** Drops the echoes that timed out and names their endpoints. */
  expire(nowMs: number): Endpoint[] {
    const failed: Endpoint[] = [];
    for (const [endpoint, echo] of this.inflight) {
      if (nowMs - echo.sentAtMs <= gossipLimits.echoTimeoutMs) continue;
      this.inflight.delete(endpoint);
      failed.push(endpoint);
    }
    return failed;
  }

  forget(endpoint: Endpoint): void {
    this.inflight.delete(endpoint);
  }
}
