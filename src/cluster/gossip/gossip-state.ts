/**
 * One node's view of the cluster and the rules that change it (the state half of Cassandra's
 * Gossiper: endpointStateMap, liveEndpoints, unreachableEndpoints, justRemovedEndpoints,
 * applyStateLocally, markAlive/markDead, convict, doStatusCheck). The Gossiper drives it: it
 * passes in what arrived and asks for a status check each round; this object decides what
 * changes and tells the listeners.
 *
 * For each endpoint state received:
 *   unknown endpoint or higher generation  -> replace our view (a join or a restart): onJoin
 *                                            (and onRestart), then mark it alive by echo
 *   same generation, higher version        -> take the newer states: onChange for each
 *   an endpoint we hold down               -> echo it; its answer marks it alive (onAlive)
 * The failure detector hears a heartbeat whenever an endpoint's heartbeat version advances,
 * whoever told us; only a direct echo brings a peer back up.
 *
 * Each status check also forgets endpoints: a dead state (LEFT, removed) past its expiry, and a
 * fat client, an endpoint that is no ring member and has been silent for fatClientTimeoutMs.
 * A node whose tokens a replacement took is forgotten at once (replacedEndpoint), and gossip of
 * the generation it had is ignored for good.
 *
 *   unknown ──state──▶ held down, echo sent ──echo answered──▶ alive ──convicted──▶ down
 *                               ▲                                                     │
 *                               └──────────────── newer state heard ──────────────────┘
 */

import { assert } from '../../lib/assert.js';
import type { Clock } from '../../lib/clock.js';
import type { ApplicationState } from './application-state.js';
import { EchoTracker } from './echo-tracker.js';
import { type Endpoint, compareEndpoints } from './endpoint.js';
import { EndpointState, type EndpointStateView } from './endpoint-state.js';
import { type EndpointStateDelta, deltaMaxVersion } from './endpoint-state-delta.js';
import { FailureDetector } from './failure-detector.js';
import { gossipLimits } from './gossip-limits.js';
import type { GossipListener } from './gossip-listener.js';
import { isRingMemberStatus, statusExpireTimeMs, statusValue } from './gossip-status.js';
import type { VersionedValue } from './versioned-value.js';

export class GossipState {
  private readonly endpointStates = new Map<Endpoint, EndpointState>();
  private readonly liveEndpoints = new Set<Endpoint>();
  /** Unreachable endpoints and the clock millisecond each went down. */
  private readonly unreachableEndpoints = new Map<Endpoint, number>();
  /** Removed endpoints whose gossip is ignored until quarantineDelayMs after the value. */
  private readonly justRemovedEndpoints = new Map<Endpoint, number>();
  /** Replaced endpoints and the generation each had: gossip of that generation or older is stale. */
  private readonly replacedGenerations = new Map<Endpoint, number>();
  private readonly expireTimesMs = new Map<Endpoint, number>();
  private readonly echoes = new EchoTracker();
  private readonly listeners: GossipListener[] = [];
  private readonly failureDetector: FailureDetector;

  constructor(
    readonly localEndpoint: Endpoint,
    private readonly clock: Clock,
    phiConvictThreshold: number,
    private readonly sendEcho: (to: Endpoint, id: number) => void,
    intervalMs: number = gossipLimits.intervalMs,
    private readonly fatClientTimeoutMs: number = gossipLimits.fatClientTimeoutMs,
  ) {
    assert(fatClientTimeoutMs > 0, `fat client timeout ${fatClientTimeoutMs}`);
    this.failureDetector = new FailureDetector(clock, phiConvictThreshold, 2 * intervalMs);
  }

  register(listener: GossipListener): void {
    this.listeners.push(listener);
  }

  unregister(listener: GossipListener): void {
    const index = this.listeners.indexOf(listener);
    if (index >= 0) this.listeners.splice(index, 1);
  }

  // ---- our own state ----

  initializeLocalState(local: EndpointState): void {
    assert(!this.endpointStates.has(this.localEndpoint), 'local state already set');
    this.endpointStates.set(this.localEndpoint, local);
  }

  localState(): EndpointState {
    const local = this.endpointStates.get(this.localEndpoint);
    assert(local !== undefined, 'gossiper not started');
    return local;
  }

  setLocalApplicationState(key: ApplicationState, value: VersionedValue): void {
    this.localState().addApplicationState(key, value);
    this.notify((listener) => listener.onChange?.(this.localEndpoint, key, value));
  }

  /**
   * An endpoint this node recorded before it stopped (Gossiper.addSavedEndpoint): held down,
   * at generation 0 and version 0, so anything gossip says of it replaces it, and a digest of it
   * makes no peer ask for it. Gossip already knowing the endpoint wins.
   */
  addSavedEndpoint(endpoint: Endpoint, states: ReadonlyArray<readonly [ApplicationState, string]>): void {
    assert(endpoint !== this.localEndpoint, 'the local endpoint is not saved');
    if (this.endpointStates.has(endpoint)) return;
    const nowMs = this.clock.nowMs();
    const state = new EndpointState({ generation: 0, version: 0 }, false, nowMs);
    for (const [key, value] of states) state.addApplicationState(key, { value, version: 0 });
    this.endpointStates.set(endpoint, state);
    this.unreachableEndpoints.set(endpoint, nowMs);
  }

  // ---- what we know ----

  /** The live map, for digests and deltas; nobody outside may change it. */
  states(): ReadonlyMap<Endpoint, EndpointState> {
    return this.endpointStates;
  }

  endpointState(endpoint: Endpoint): EndpointStateView | undefined {
    return this.endpointStates.get(endpoint);
  }

  knownEndpoints(): Endpoint[] {
    return sorted(this.endpointStates.keys());
  }

  /** Live peers, ourselves excluded, sorted (Cassandra's liveEndpoints set). */
  livePeers(): Endpoint[] {
    return sorted(this.liveEndpoints);
  }

  unreachablePeers(): Endpoint[] {
    return sorted(this.unreachableEndpoints.keys());
  }

  /** Gossiper.isAlive: held alive and not in a dead state (LEFT, removed...). */
  isAlive(endpoint: Endpoint): boolean {
    if (endpoint === this.localEndpoint) return true;
    const state = this.endpointStates.get(endpoint);
    return state !== undefined && state.isAlive() && !state.isDeadState();
  }

  downtimeMs(endpoint: Endpoint): number {
    const since = this.unreachableEndpoints.get(endpoint);
    return since === undefined ? 0 : this.clock.nowMs() - since;
  }

  phi(endpoint: Endpoint): number | undefined {
    return this.failureDetector.phi(endpoint);
  }

  // ---- what arrives ----

  /** States from an ACK or ACK2 (the two verb handlers do exactly this). */
  applyRemoteStates(deltas: readonly EndpointStateDelta[]): void {
    if (deltas.length === 0) return;
    this.notifyFailureDetector(deltas);
    this.applyStateLocally(deltas);
  }

  onEchoResponse(from: Endpoint, id: number): void {
    if (!this.echoes.complete(from, id)) return;
    // The answer proves the endpoint reachable now, whichever of its states we hold; a state
    // that says it is gone or shut down waits for a new generation instead.
    const state = this.endpointStates.get(from);
    if (state !== undefined && !state.isDeadState() && !state.isShutdown()) this.realMarkAlive(from, state);
  }

  /**
   * It stopped cleanly. Cassandra writes "shutdown" into our copy of its STATUS at our own
   * next version and forces its heartbeat to the highest version, so nothing of this
   * generation overrides it; we give STATUS the highest version too, so the shutdown also
   * wins over a STATUS whose version is above our counter.
   */
  markAsShutdown(endpoint: Endpoint): void {
    const state = this.endpointStates.get(endpoint);
    if (state === undefined) return;
    const shutdown: VersionedValue = { value: statusValue.shutdown(true), version: gossipLimits.versionMax };
    state.addApplicationState('STATUS', shutdown);
    state.setHeartBeatState({ generation: state.heartBeatState().generation, version: gossipLimits.versionMax });
    this.markDead(endpoint, state);
    this.notify((listener) => listener.onChange?.(endpoint, 'STATUS', shutdown));
  }

  /**
   * A state this node made for another endpoint, which cannot say it itself (Gossiper's
   * assassinateEndpoint, advertiseRemoving, advertiseTokenRemoved). It carries a newer
   * generation than any held of the endpoint, so it replaces ours as a restart would
   * (handleMajorStateChange: onRestart, onJoin), and every node gossip carries it to does the
   * same. Its STATUS is a dead state, so nobody marks the endpoint alive.
   */
  replaceEndpointState(endpoint: Endpoint, state: EndpointState): void {
    assert(endpoint !== this.localEndpoint, 'our own state changes through setLocalApplicationState');
    const previous = this.endpointStates.get(endpoint);
    assert(previous === undefined || state.heartBeatState().generation > previous.heartBeatState().generation, 'a replacing state has a newer generation');
    this.handleMajorStateChange(endpoint, state);
  }

  /** Gossiper.removeEndpoint: onRemove, out of the live and unreachable sets, quarantined. */
  removeEndpoint(endpoint: Endpoint): void {
    assert(endpoint !== this.localEndpoint, 'cannot remove the local endpoint');
    this.notify((listener) => listener.onRemove?.(endpoint));
    this.liveEndpoints.delete(endpoint);
    this.unreachableEndpoints.delete(endpoint);
    this.echoes.forget(endpoint);
    this.justRemovedEndpoints.set(endpoint, this.clock.nowMs());
  }

  /**
   * Gossiper.replacedEndpoint: a node whose every token a replacement took is removed
   * (onRemove, quarantined) and its state evicted. Keeping the state, as removeEndpoint does,
   * would leave it NORMAL with those tokens, and a ring rebuilt from gossip would place it again
   * once its replacement left (simulator seed 18). Its generation is remembered: a peer that has
   * not evicted it yet still gossips it, and that is ignored after the quarantine too; only the
   * node itself, restarted (a newer generation), is heard again.
   */
  replacedEndpoint(endpoint: Endpoint): void {
    const generation = this.endpointStates.get(endpoint)?.heartBeatState().generation;
    this.removeEndpoint(endpoint);
    this.evictFromMembership(endpoint);
    if (generation !== undefined) this.replacedGenerations.set(endpoint, Math.max(generation, this.replacedGenerations.get(endpoint) ?? 0));
  }

  // ---- each round ----

  /** Gossiper.doStatusCheck, plus the end of echoes that were never answered. */
  statusCheck(): void {
    const nowMs = this.clock.nowMs();
    for (const [endpoint, state] of this.endpointStates) {
      if (endpoint === this.localEndpoint) continue;
      if (this.failureDetector.interpret(endpoint) === 'convict') this.convict(endpoint);
      // A fat client (a node that gossips but never took tokens, or died before it announced
      // them) is forgotten once silent long enough; it is quarantined like any removed endpoint.
      if (isGossipOnlyMember(state) && !this.justRemovedEndpoints.has(endpoint) && nowMs - state.updateTimestampMs > this.fatClientTimeoutMs) {
        this.removeEndpoint(endpoint);
        this.evictFromMembership(endpoint);
        continue;
      }
      // Only a LEFT or removed STATUS carries an expiry (Cassandra writes now + 3 days there);
      // without one, Cassandra's default of "3 days from now" never passes either.
      const expireMs = this.expireTimesMs.get(endpoint);
      if (expireMs !== undefined && nowMs > expireMs && !state.isAlive() && state.isDeadState()) this.evictFromMembership(endpoint);
    }
    for (const [endpoint, sinceMs] of this.justRemovedEndpoints) {
      if (nowMs - sinceMs > gossipLimits.quarantineDelayMs) this.justRemovedEndpoints.delete(endpoint);
    }
    // An endpoint still in the live set whose echo failed (it restarted, and the new
    // generation never answered) is down: Cassandra would leave it live but never convict
    // it, since conviction skips endpoints not held alive.
    for (const endpoint of this.echoes.expire(nowMs)) {
      const state = this.endpointStates.get(endpoint);
      if (state !== undefined && this.liveEndpoints.has(endpoint) && !state.isAlive()) this.markDead(endpoint, state);
    }
  }

  // ---- rules ----

  /** Gossiper.notifyFailureDetector: a heartbeat is an advance of generation or version. */
  private notifyFailureDetector(deltas: readonly EndpointStateDelta[]): void {
    const nowMs = this.clock.nowMs();
    for (const delta of deltas) {
      if (delta.endpoint === this.localEndpoint) continue;
      const local = this.endpointStates.get(delta.endpoint);
      if (local === undefined) continue;
      const localGeneration = local.heartBeatState().generation;
      if (delta.heartBeat.generation > localGeneration) {
        local.updateTimestampMs = nowMs;
        // It was down and restarted: relearn its intervals from scratch.
        if (!local.isAlive()) this.failureDetector.remove(delta.endpoint);
        this.failureDetector.report(delta.endpoint);
      } else if (delta.heartBeat.generation === localGeneration && delta.heartBeat.version > local.maxVersion()) {
        local.updateTimestampMs = nowMs;
        this.failureDetector.report(delta.endpoint);
      }
    }
  }

  /** Gossiper.applyStateLocally. */
  private applyStateLocally(deltas: readonly EndpointStateDelta[]): void {
    for (const delta of deltas) {
      const endpoint = delta.endpoint;
      if (endpoint === this.localEndpoint || this.justRemovedEndpoints.has(endpoint) || this.isReplacedGeneration(delta)) continue;
      const local = this.endpointStates.get(endpoint);
      if (local === undefined) {
        this.failureDetector.report(endpoint);
        this.handleMajorStateChange(endpoint, EndpointState.fromDelta(delta, this.clock.nowMs()));
        continue;
      }
      const localGeneration = local.heartBeatState().generation;
      const remoteGeneration = delta.heartBeat.generation;
      if (localGeneration > 0 && remoteGeneration > localGeneration + gossipLimits.generationAheadSecondsMax) {
        continue; // a generation a year ahead is corrupt memory somewhere, not a restart
      } else if (remoteGeneration > localGeneration) {
        this.handleMajorStateChange(endpoint, EndpointState.fromDelta(delta, this.clock.nowMs()));
      } else if (remoteGeneration === localGeneration) {
        if (deltaMaxVersion(delta) > local.maxVersion()) this.applyNewStates(endpoint, local, delta);
        if (!local.isAlive() && !local.isDeadState()) this.markAlive(endpoint, local);
      }
    }
  }

  /** Gossip of a replaced endpoint at the generation it had when replaced, or older. */
  private isReplacedGeneration(delta: EndpointStateDelta): boolean {
    const replaced = this.replacedGenerations.get(delta.endpoint);
    return replaced !== undefined && delta.heartBeat.generation <= replaced;
  }

  /** A new endpoint or a new generation: the new state replaces ours. */
  private handleMajorStateChange(endpoint: Endpoint, state: EndpointState): void {
    const previous = this.endpointStates.get(endpoint);
    this.endpointStates.set(endpoint, state);
    this.recordExpireTime(endpoint, state);
    if (previous !== undefined) this.notify((listener) => listener.onRestart?.(endpoint, previous));
    if (!state.isDeadState()) this.markAlive(endpoint, state);
    else this.markDead(endpoint, state);
    this.notify((listener) => listener.onJoin?.(endpoint, state));
    if (state.isShutdown()) this.markAsShutdown(endpoint);
  }

  /** Same generation, newer versions: take each newer state and say so. */
  private applyNewStates(endpoint: Endpoint, local: EndpointState, delta: EndpointStateDelta): void {
    if (delta.heartBeat.version > local.heartBeatState().version) local.setHeartBeatState(delta.heartBeat);
    const updated = delta.states.filter((entry) => (local.applicationState(entry.key)?.version ?? -1) < entry.version);
    for (const entry of updated) local.addApplicationState(entry.key, entry);
    if (updated.some((entry) => entry.key === 'STATUS')) this.recordExpireTime(endpoint, local);
    for (const entry of updated) {
      const value: VersionedValue = { value: entry.value, version: entry.version };
      this.notify((listener) => listener.onChange?.(endpoint, entry.key, value));
    }
  }

  /** Held down until it answers an echo (Gossiper.markAlive, 2.0+; echo-tracker.ts). */
  private markAlive(endpoint: Endpoint, state: EndpointState): void {
    state.markDead();
    const id = this.echoes.begin(endpoint, this.clock.nowMs());
    if (id !== undefined) this.sendEcho(endpoint, id);
  }

  private realMarkAlive(endpoint: Endpoint, state: EndpointState): void {
    state.markAlive();
    state.updateTimestampMs = this.clock.nowMs();
    this.liveEndpoints.add(endpoint);
    this.unreachableEndpoints.delete(endpoint);
    this.expireTimesMs.delete(endpoint);
    this.notify((listener) => listener.onAlive?.(endpoint, state));
  }

  private markDead(endpoint: Endpoint, state: EndpointState): void {
    state.markDead();
    this.liveEndpoints.delete(endpoint);
    this.unreachableEndpoints.set(endpoint, this.clock.nowMs());
    this.notify((listener) => listener.onDead?.(endpoint, state));
  }

  /** Gossiper.convict: the failure detector's verdict. */
  private convict(endpoint: Endpoint): void {
    const state = this.endpointStates.get(endpoint);
    if (state === undefined || !state.isAlive()) return;
    if (state.isShutdown()) this.markAsShutdown(endpoint);
    else this.markDead(endpoint, state);
  }

  /** Forgets an endpoint entirely (Gossiper.evictFromMembership), quarantining it. */
  private evictFromMembership(endpoint: Endpoint): void {
    this.liveEndpoints.delete(endpoint);
    this.unreachableEndpoints.delete(endpoint);
    this.endpointStates.delete(endpoint);
    this.expireTimesMs.delete(endpoint);
    this.echoes.forget(endpoint);
    this.failureDetector.remove(endpoint);
    this.justRemovedEndpoints.set(endpoint, this.clock.nowMs());
  }

  private recordExpireTime(endpoint: Endpoint, state: EndpointState): void {
    const expireMs = statusExpireTimeMs(state.applicationState('STATUS')?.value);
    if (expireMs !== undefined) this.expireTimesMs.set(endpoint, expireMs);
  }

  private notify(call: (listener: GossipListener) => void): void {
    for (const listener of this.listeners) call(listener);
  }
}

/** Gossiper.isGossipOnlyMember: known to gossip, in no dead state, and not a ring member. */
function isGossipOnlyMember(state: EndpointState): boolean {
  return !state.isDeadState() && !isRingMemberStatus(state.applicationState('STATUS')?.value, state.applicationState('TOKENS')?.value);
}

function sorted(endpoints: Iterable<Endpoint>): Endpoint[] {
  return [...endpoints].sort(compareEndpoints);
}
