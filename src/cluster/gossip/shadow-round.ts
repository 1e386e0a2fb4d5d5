/**
 * A shadow round (Gossiper.doShadowRound, Cassandra 4.0): before it gossips, a starting node
 * asks its seeds for everything they know with an empty SYN, without announcing itself, so it
 * can check what the cluster holds about its own address (a collision, the node it replaces).
 *
 *   send the empty SYN to every seed, again every shadowRoundResendMs (CASSANDRA-8072)
 *   a full ACK from anyone      -> done, with its states
 *   an empty ACK                -> that seed is in its own shadow round; once every seed is,
 *                                  the whole cluster is starting: done, with nothing
 *   no answer for RING_DELAY    -> a seed gives up quietly (done); any other node fails
 *      (2x RING_DELAY if not a seed, so seeds get time to start in a full-cluster bounce)
 *
 * Joining does not need a shadow round: a new node that just starts gossiping is found by
 * gossiping to its seeds. This is for callers that must look before they join.
 */

import { assert } from '../../lib/assert.js';
import type { Endpoint } from './endpoint.js';
import type { EndpointStateDelta } from './endpoint-state-delta.js';
import { gossipLimits } from './gossip-limits.js';

export type ShadowRoundStatus = 'running' | 'done' | 'failed';

export class ShadowRound {
  private status: ShadowRoundStatus;
  private readonly seedsInShadowRound = new Set<Endpoint>();
  private learned: readonly EndpointStateDelta[] = [];
  private lastSentMs: number | undefined;
  private readonly giveUpAfterMs: number;

  constructor(
    private readonly seeds: readonly Endpoint[],
    private readonly isSeed: boolean,
    private readonly startedMs: number,
  ) {
    this.status = seeds.length === 0 ? 'done' : 'running';
    this.giveUpAfterMs = isSeed ? gossipLimits.ringDelayMs : 2 * gossipLimits.ringDelayMs;
  }

  currentStatus(): ShadowRoundStatus {
    return this.status;
  }

  states(): readonly EndpointStateDelta[] {
    return this.learned;
  }

  /** The seeds to send the empty SYN to at `nowMs` (none between resends). */
  seedsToContact(nowMs: number): readonly Endpoint[] {
    if (this.status !== 'running') return [];
    if (this.lastSentMs !== undefined && nowMs - this.lastSentMs < gossipLimits.shadowRoundResendMs) return [];
    this.lastSentMs = nowMs;
    return this.seeds;
  }

  /** Gossiper.maybeFinishShadowRound. */
  onAck(from: Endpoint, respondentInShadowRound: boolean, states: readonly EndpointStateDelta[]): void {
    if (this.status !== 'running') return;
    if (!respondentInShadowRound) {
      this.learned = states;
      this.status = 'done';
      return;
    }
    this.seedsInShadowRound.add(from);
    if (this.seeds.every((seed) => this.seedsInShadowRound.has(seed))) this.status = 'done';
  }

  /** Gives up once the round has run too long. */
  expire(nowMs: number): void {
    assert(nowMs >= this.startedMs, 'time went back');
    if (this.status !== 'running' || nowMs - this.startedMs <= this.giveUpAfterMs) return;
    this.status = this.isSeed ? 'done' : 'failed';
  }
}
