/**
 * Everything one node knows about one endpoint (gms/EndpointState.java): its heartbeat, its
 * versioned application states, whether this node currently holds it alive, and when the view
 * last changed. Owned by one Gossiper; listeners get the read-only EndpointStateView.
 */

import { assert } from '../../lib/assert.js';
import { type ApplicationState, compareApplicationStates } from './application-state.js';
import type { Endpoint } from './endpoint.js';
import type { ApplicationStateEntry, EndpointStateDelta } from './endpoint-state-delta.js';
import { DEAD_STATES, GossipStatus, statusWord } from './gossip-status.js';
import type { HeartBeatState } from './heart-beat-state.js';
import { type VersionedValue, isGeneration, isVersion } from './versioned-value.js';

export interface EndpointStateView {
  heartBeatState(): HeartBeatState;
  applicationState(key: ApplicationState): VersionedValue | undefined;
  /** The states in ApplicationState order. */
  states(): ReadonlyArray<readonly [ApplicationState, VersionedValue]>;
  /** Whether the owning node holds this endpoint alive (not the same as Gossiper.isAlive). */
  isAlive(): boolean;
  /** The status word of STATUS ("" when there is none). */
  status(): string;
  maxVersion(): number;
}

export class EndpointState implements EndpointStateView {
  private heartBeat: HeartBeatState;
  private readonly values = new Map<ApplicationState, VersionedValue>();
  private alive: boolean;
  /**
   * STATUS's first word and whether it is a dead state, kept as STATUS changes: every read and
   * write asks whether each replica is alive (Gossiper.isAlive checks the dead states), and
   * cutting the word out of the value each time was ~2% of a 3-node cluster's main thread.
   */
  private currentStatus = '';
  private inDeadState = false;
  /** Clock milliseconds of the last change we saw (EndpointState.updateTimestamp). */
  updateTimestampMs: number;

  constructor(heartBeat: HeartBeatState, alive: boolean, nowMs: number) {
    assert(isGeneration(heartBeat.generation) && isVersion(heartBeat.version), 'heartbeat out of range');
    this.heartBeat = heartBeat;
    this.alive = alive;
    this.updateTimestampMs = nowMs;
  }

  /** A state rebuilt from a delta: a node heard of for the first time, or restarted. */
  static fromDelta(delta: EndpointStateDelta, nowMs: number): EndpointState {
    const state = new EndpointState(delta.heartBeat, false, nowMs);
    for (const entry of delta.states) state.addApplicationState(entry.key, entry);
    return state;
  }

  heartBeatState(): HeartBeatState {
    return this.heartBeat;
  }

  setHeartBeatState(heartBeat: HeartBeatState): void {
    assert(isGeneration(heartBeat.generation) && isVersion(heartBeat.version), 'heartbeat out of range');
    this.heartBeat = heartBeat;
  }

  applicationState(key: ApplicationState): VersionedValue | undefined {
    return this.values.get(key);
  }

  addApplicationState(key: ApplicationState, value: VersionedValue): void {
    assert(isVersion(value.version), `version out of range: ${value.version}`);
    this.values.set(key, { value: value.value, version: value.version });
    if (key === 'STATUS') {
      this.currentStatus = statusWord(value.value);
      this.inDeadState = DEAD_STATES.includes(this.currentStatus);
    }
  }

  states(): Array<readonly [ApplicationState, VersionedValue]> {
    return [...this.values.entries()].sort(([a], [b]) => compareApplicationStates(a, b));
  }

  isAlive(): boolean {
    return this.alive;
  }

  markAlive(): void {
    this.alive = true;
  }

  markDead(): void {
    this.alive = false;
  }

  status(): string {
    return this.currentStatus;
  }

  /** Gossiper.isDeadState: left, removed, being removed, or hibernating. */
  isDeadState(): boolean {
    return this.inDeadState;
  }

  isShutdown(): boolean {
    return this.status() === GossipStatus.shutdown;
  }

  /** Gossiper.getMaxEndpointStateVersion. */
  maxVersion(): number {
    let max = this.heartBeat.version;
    for (const value of this.values.values()) max = Math.max(max, value.version);
    return max;
  }

  /**
   * The part of this state newer than `version` (Gossiper.getStateForVersionBiggerThan), or
   * undefined when nothing is. The heartbeat always travels with it, even when older: the
   * receiver throws it away then.
   */
  deltaNewerThan(endpoint: Endpoint, version: number): EndpointStateDelta | undefined {
    const states: ApplicationStateEntry[] = [];
    for (const [key, value] of this.states()) {
      if (value.version > version) states.push({ key, value: value.value, version: value.version });
    }
    if (states.length === 0 && this.heartBeat.version <= version) return undefined;
    return { endpoint, heartBeat: this.heartBeat, states };
  }
}
