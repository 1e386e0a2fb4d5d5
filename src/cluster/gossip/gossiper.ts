/**
 * One node's gossiper (Cassandra's gms/Gossiper.java), as a plain object: no threads, timers
 * or sockets. The caller calls `tick()` once a second and hands it every gossip message that
 * arrives (`receive`); it sends through the `send` function it was given and hears time and
 * chance from its Clock and Random, so a seeded simulation replays it exactly.
 *
 * Each round (`tick`):
 *   1. bump our heartbeat version;
 *   2. send a SYN with a digest of every endpoint we know to one live peer, maybe one
 *      unreachable peer and maybe a seed (gossip-targets.ts);
 *   3. status check: ask the failure detector about each peer and convict those it names;
 *      forget dead states past their expiry; end quarantines.
 *
 * On what comes back (ACK, ACK2), for each endpoint state received:
 *   unknown endpoint or higher generation  -> replace our view (a join or a restart): onJoin
 *                                            (and onRestart), then mark it alive by echo
 *   same generation, higher version        -> take the newer states: onChange for each
 *   an endpoint we hold down               -> echo it; its answer marks it alive (onAlive)
 * The failure detector hears a heartbeat whenever an endpoint's heartbeat version advances,
 * whoever told us; only a direct echo brings a peer back up, so gossip relayed by third
 * parties cannot revive a node that is gone.
 */

import { assert, assertNever } from '../../lib/assert.js';
import type { Clock } from '../../lib/clock.js';
import type { Random } from '../../lib/random.js';
import type { ApplicationState } from './application-state.js';
import { allDeltas, examineDigests, makeDigests, requestedDeltas } from './digest-exchange.js';
import { type Endpoint, compareEndpoints } from './endpoint.js';
import { EndpointState, type EndpointStateView } from './endpoint-state.js';
import { type EndpointStateDelta, deltaMaxVersion } from './endpoint-state-delta.js';
import { FailureDetector } from './failure-detector.js';
import { chooseGossipTargets } from './gossip-targets.js';
import { gossipLimits } from './gossip-limits.js';
import type { GossipListener } from './gossip-listener.js';
import { SILENT_SHUTDOWN_STATES, statusExpireTimeMs, statusValue } from './gossip-status.js';
import type { GossipDigestAck, GossipDigestSyn, GossipMessage } from './messages.js';
import { ShadowRound, type ShadowRoundStatus } from './shadow-round.js';
import { type VersionedValue, isGeneration } from './versioned-value.js';

export type GossipSend = (to: Endpoint, message: GossipMessage) => void;

export interface GossiperOptions {
  readonly localEndpoint: Endpoint;
  /** Messages from another cluster are ignored (cluster_name). */
  readonly clusterName: string;
  readonly partitionerName: string;
  /** The configured seeds; the local endpoint among them is skipped, as Cassandra does. */
  readonly seeds: readonly Endpoint[];
  readonly clock: Clock;
  readonly random: Random;
  readonly send: GossipSend;
  /** phi_convict_threshold (gossipLimits.phiConvictThresholdDefault is Cassandra's 8). */
  readonly phiConvictThreshold: number;
}

/** idle -> [shadow-round -> idle] -> gossiping -> stopped */
type GossiperPhase = 'idle' | 'shadow-round' | 'gossiping' | 'stopped';

interface InflightEcho {
  readonly id: number;
  readonly sentAtMs: number;
}

export class Gossiper {
  readonly localEndpoint: Endpoint;
  private phase: GossiperPhase = 'idle';
  private readonly endpointStates = new Map<Endpoint, EndpointState>();
  private readonly liveEndpoints = new Set<Endpoint>();
  /** Unreachable endpoints and the clock millisecond each went down. */
  private readonly unreachableEndpoints = new Map<Endpoint, number>();
  /** Removed endpoints whose gossip is ignored until quarantineDelayMs after the value. */
  private readonly justRemovedEndpoints = new Map<Endpoint, number>();
  private readonly expireTimesMs = new Map<Endpoint, number>();
  private readonly inflightEchoes = new Map<Endpoint, InflightEcho>();
  private readonly listeners: GossipListener[] = [];
  private readonly failureDetector: FailureDetector;
  private seeds: Endpoint[];
  private shadowRound: ShadowRound | undefined;
  /** VersionGenerator: the last version handed out; heartbeat and states share it. */
  private lastVersion = 0;
  private nextEchoId = 1;

  constructor(private readonly options: GossiperOptions) {
    this.localEndpoint = options.localEndpoint;
    this.seeds = [...new Set(options.seeds)].filter((seed) => seed !== options.localEndpoint).sort(compareEndpoints);
    this.failureDetector = new FailureDetector(options.clock, options.phiConvictThreshold);
  }

  register(listener: GossipListener): void {
    this.listeners.push(listener);
  }

  unregister(listener: GossipListener): void {
    const index = this.listeners.indexOf(listener);
    if (index >= 0) this.listeners.splice(index, 1);
  }

  // ---- lifecycle ----

  /** Asks the seeds what they know, without joining; see shadow-round.ts. */
  startShadowRound(): void {
    assert(this.phase === 'idle', `shadow round from phase ${this.phase}`);
    const isSeed = this.options.seeds.includes(this.localEndpoint);
    this.shadowRound = new ShadowRound(this.seeds, isSeed, this.options.clock.nowMs());
    if (this.shadowRound.currentStatus() !== 'running') return;
    this.phase = 'shadow-round';
    this.sendShadowSyns();
  }

  /**
   * Starts gossiping with `generation` (the start time in seconds, higher than any earlier
   * run of this node) and our initial application states, which get versions 1, 2, ...
   */
  start(generation: number, localStates: ReadonlyArray<readonly [ApplicationState, string]>): void {
    assert(this.phase === 'idle', `start from phase ${this.phase}`);
    assert(isGeneration(generation) && generation > 0, `bad generation ${generation}`);
    const local = new EndpointState({ generation, version: 0 }, true, this.options.clock.nowMs());
    for (const [key, value] of localStates) local.addApplicationState(key, { value, version: this.nextVersion() });
    this.endpointStates.set(this.localEndpoint, local);
    this.phase = 'gossiping';
  }

  /** One gossip round (Gossiper.GossipTask), or one step of a shadow round. */
  tick(): void {
    switch (this.phase) {
      case 'gossiping':
        return this.gossipRound();
      case 'shadow-round':
        return this.shadowRoundStep();
      case 'idle':
      case 'stopped':
        return;
      default:
        return assertNever(this.phase, 'gossiper phase');
    }
  }

  /**
   * Stops gossiping (Gossiper.stop): unless our status is one that leaves silently, say
   * "shutdown" in STATUS and tell every live peer, which marks us down at once.
   */
  stop(): void {
    if (this.phase !== 'gossiping') {
      this.phase = 'stopped';
      return;
    }
    if (!SILENT_SHUTDOWN_STATES.includes(this.localState().status())) {
      this.addLocalApplicationState('STATUS', statusValue.shutdown(true));
      for (const endpoint of this.sorted(this.liveEndpoints)) this.options.send(endpoint, { kind: 'gossip-shutdown' });
    }
    this.phase = 'stopped';
  }

  // ---- local state ----

  /** Sets one of our application states at a fresh version; gossip carries it to the others. */
  addLocalApplicationState(key: ApplicationState, value: string): void {
    assert(this.phase === 'gossiping', `local state change in phase ${this.phase}`);
    const versioned: VersionedValue = { value, version: this.nextVersion() };
    this.localState().addApplicationState(key, versioned);
    this.notify((listener) => listener.onChange?.(this.localEndpoint, key, versioned));
  }

  /**
   * Removes an endpoint from gossip but keeps its state (Gossiper.removeEndpoint): what the
   * ring calls once a node has left or was removed. Gossip about it is then ignored for
   * quarantineDelayMs, so stale gossip cannot bring it back while the removal spreads.
   */
  removeEndpoint(endpoint: Endpoint): void {
    assert(endpoint !== this.localEndpoint, 'cannot remove the local endpoint');
    this.notify((listener) => listener.onRemove?.(endpoint));
    this.seeds = this.seeds.filter((seed) => seed !== endpoint);
    this.liveEndpoints.delete(endpoint);
    this.unreachableEndpoints.delete(endpoint);
    this.inflightEchoes.delete(endpoint);
    this.justRemovedEndpoints.set(endpoint, this.options.clock.nowMs());
  }

  // ---- what we know ----

  isEnabled(): boolean {
    return this.phase === 'gossiping';
  }

  endpointState(endpoint: Endpoint): EndpointStateView | undefined {
    return this.endpointStates.get(endpoint);
  }

  knownEndpoints(): Endpoint[] {
    return this.sorted(this.endpointStates.keys());
  }

  /** Live members, ourselves included (Gossiper.getLiveMembers), sorted. */
  liveMembers(): Endpoint[] {
    return this.sorted([...this.liveEndpoints, this.localEndpoint]);
  }

  unreachableMembers(): Endpoint[] {
    return this.sorted(this.unreachableEndpoints.keys());
  }

  /** Gossiper.isAlive: held alive and not in a dead state (LEFT, removed...). */
  isAlive(endpoint: Endpoint): boolean {
    if (endpoint === this.localEndpoint) return true;
    const state = this.endpointStates.get(endpoint);
    return state !== undefined && state.isAlive() && !state.isDeadState();
  }

  /** How long the endpoint has been down, 0 if it is not (Gossiper.getEndpointDowntime). */
  downtimeMs(endpoint: Endpoint): number {
    const since = this.unreachableEndpoints.get(endpoint);
    return since === undefined ? 0 : this.options.clock.nowMs() - since;
  }

  phi(endpoint: Endpoint): number | undefined {
    return this.failureDetector.phi(endpoint);
  }

  seedList(): readonly Endpoint[] {
    return this.seeds;
  }

  shadowRoundStatus(): ShadowRoundStatus | undefined {
    return this.shadowRound?.currentStatus();
  }

  /** What the shadow round learned (empty until it is done, or if everyone was starting). */
  shadowRoundStates(): readonly EndpointStateDelta[] {
    return this.shadowRound?.states() ?? [];
  }

  // ---- receiving ----

  receive(from: Endpoint, message: GossipMessage): void {
    switch (message.kind) {
      case 'gossip-digest-syn':
        return this.onSyn(from, message);
      case 'gossip-digest-ack':
        return this.onAck(from, message);
      case 'gossip-digest-ack2':
        if (this.phase !== 'gossiping') return;
        return this.applyRemoteStates(message.states);
      case 'gossip-shutdown':
        if (this.phase === 'gossiping') this.markAsShutdown(from);
        return;
      case 'echo-request':
        // A stopped node is a shut-down process: it answers nothing.
        if (this.phase !== 'stopped') this.options.send(from, { kind: 'echo-response', id: message.id });
        return;
      case 'echo-response':
        return this.onEchoResponse(from, message.id);
      default:
        return assertNever(message, 'gossip message');
    }
  }

  /** GossipDigestSynVerbHandler. */
  private onSyn(from: Endpoint, syn: GossipDigestSyn): void {
    if (this.phase !== 'gossiping' && this.phase !== 'shadow-round') return;
    if (syn.clusterName !== this.options.clusterName) return;
    if (syn.partitionerName !== this.options.partitionerName) return;
    if (this.phase === 'shadow-round') {
      // Only a peer in its own shadow round sends an empty SYN; an empty ACK tells it that
      // we are starting too, so it can tell us apart from a seed it cannot reach.
      if (syn.digests.length === 0) this.options.send(from, { kind: 'gossip-digest-ack', digests: [], states: [] });
      return;
    }
    if (syn.digests.length === 0) {
      this.options.send(from, { kind: 'gossip-digest-ack', digests: [], states: allDeltas(this.endpointStates) });
      return;
    }
    const { requests, deltas } = examineDigests(this.endpointStates, syn.digests);
    this.options.send(from, { kind: 'gossip-digest-ack', digests: requests, states: deltas });
  }

  /** GossipDigestAckVerbHandler. */
  private onAck(from: Endpoint, ack: GossipDigestAck): void {
    if (this.phase === 'shadow-round') {
      this.shadowRound!.onAck(from, ack.digests.length === 0 && ack.states.length === 0, ack.states);
      if (this.shadowRound!.currentStatus() !== 'running') this.phase = 'idle';
      return;
    }
    if (this.phase !== 'gossiping') return;
    this.applyRemoteStates(ack.states);
    this.options.send(from, { kind: 'gossip-digest-ack2', states: requestedDeltas(this.endpointStates, ack.digests) });
  }

  private onEchoResponse(from: Endpoint, id: number): void {
    if (this.phase !== 'gossiping') return;
    const echo = this.inflightEchoes.get(from);
    if (echo === undefined || echo.id !== id) return;
    this.inflightEchoes.delete(from);
    // The answer proves the endpoint reachable now, whichever of its states we hold; a state
    // that says it is gone or shut down waits for a new generation instead.
    const state = this.endpointStates.get(from);
    if (state !== undefined && !state.isDeadState() && !state.isShutdown()) this.realMarkAlive(from, state);
  }

  private applyRemoteStates(deltas: readonly EndpointStateDelta[]): void {
    if (deltas.length === 0) return;
    this.notifyFailureDetector(deltas);
    this.applyStateLocally(deltas);
  }

  /** Gossiper.notifyFailureDetector: a heartbeat is an advance of generation or version. */
  private notifyFailureDetector(deltas: readonly EndpointStateDelta[]): void {
    const nowMs = this.options.clock.nowMs();
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
      if (endpoint === this.localEndpoint || this.justRemovedEndpoints.has(endpoint)) continue;
      const local = this.endpointStates.get(endpoint);
      if (local === undefined) {
        this.failureDetector.report(endpoint);
        this.handleMajorStateChange(endpoint, delta);
        continue;
      }
      const localGeneration = local.heartBeatState().generation;
      const remoteGeneration = delta.heartBeat.generation;
      if (localGeneration > 0 && remoteGeneration > localGeneration + gossipLimits.generationAheadSecondsMax) {
        continue; // a generation a year ahead is corrupt memory somewhere, not a restart
      } else if (remoteGeneration > localGeneration) {
        this.handleMajorStateChange(endpoint, delta);
      } else if (remoteGeneration === localGeneration) {
        if (deltaMaxVersion(delta) > local.maxVersion()) this.applyNewStates(endpoint, local, delta);
        if (!local.isAlive() && !local.isDeadState()) this.markAlive(endpoint, local);
      }
    }
  }

  /** A new endpoint or a new generation: the remote state replaces ours. */
  private handleMajorStateChange(endpoint: Endpoint, delta: EndpointStateDelta): void {
    const previous = this.endpointStates.get(endpoint);
    const state = EndpointState.fromDelta(delta, this.options.clock.nowMs());
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

  // ---- up and down ----

  /**
   * Held down until it answers an echo (Gossiper.markAlive, 2.0+). At most one echo per
   * endpoint per echoResendMs; only the answer to the latest one counts.
   */
  private markAlive(endpoint: Endpoint, state: EndpointState): void {
    state.markDead();
    const nowMs = this.options.clock.nowMs();
    const inflight = this.inflightEchoes.get(endpoint);
    if (inflight !== undefined && nowMs - inflight.sentAtMs < gossipLimits.echoResendMs) return;
    const id = this.nextEchoId++;
    this.inflightEchoes.set(endpoint, { id, sentAtMs: nowMs });
    this.options.send(endpoint, { kind: 'echo-request', id });
  }

  private realMarkAlive(endpoint: Endpoint, state: EndpointState): void {
    state.markAlive();
    state.updateTimestampMs = this.options.clock.nowMs();
    this.liveEndpoints.add(endpoint);
    this.unreachableEndpoints.delete(endpoint);
    this.expireTimesMs.delete(endpoint);
    this.notify((listener) => listener.onAlive?.(endpoint, state));
  }

  private markDead(endpoint: Endpoint, state: EndpointState): void {
    state.markDead();
    this.liveEndpoints.delete(endpoint);
    this.unreachableEndpoints.set(endpoint, this.options.clock.nowMs());
    this.notify((listener) => listener.onDead?.(endpoint, state));
  }

  /** Gossiper.convict: the failure detector's verdict. */
  private convict(endpoint: Endpoint): void {
    const state = this.endpointStates.get(endpoint);
    if (state === undefined || !state.isAlive()) return;
    if (state.isShutdown()) this.markAsShutdown(endpoint);
    else this.markDead(endpoint, state);
  }

  /**
   * It stopped cleanly. Cassandra writes "shutdown" into our copy of its STATUS at our own
   * next version and forces its heartbeat to the highest version, so nothing of this
   * generation overrides it; we give STATUS the highest version too, so the shutdown also
   * wins over a STATUS whose version is above our counter.
   */
  private markAsShutdown(endpoint: Endpoint): void {
    const state = this.endpointStates.get(endpoint);
    if (state === undefined) return;
    const shutdown: VersionedValue = { value: statusValue.shutdown(true), version: gossipLimits.versionMax };
    state.addApplicationState('STATUS', shutdown);
    state.setHeartBeatState({ generation: state.heartBeatState().generation, version: gossipLimits.versionMax });
    this.markDead(endpoint, state);
    this.notify((listener) => listener.onChange?.(endpoint, 'STATUS', shutdown));
  }

  // ---- one round ----

  private gossipRound(): void {
    const local = this.localState();
    local.setHeartBeatState({ generation: local.heartBeatState().generation, version: this.nextVersion() });
    const syn: GossipDigestSyn = {
      kind: 'gossip-digest-syn',
      clusterName: this.options.clusterName,
      partitionerName: this.options.partitionerName,
      digests: makeDigests(this.endpointStates, this.options.random),
    };
    const members = {
      live: this.sorted(this.liveEndpoints),
      unreachable: this.sorted(this.unreachableEndpoints.keys()),
      seeds: this.seeds,
    };
    for (const target of chooseGossipTargets(members, this.options.random)) this.options.send(target, syn);
    this.statusCheck();
    this.expireEchoes();
  }

  /** Gossiper.doStatusCheck. */
  private statusCheck(): void {
    const nowMs = this.options.clock.nowMs();
    for (const [endpoint, state] of this.endpointStates) {
      if (endpoint === this.localEndpoint) continue;
      if (this.failureDetector.interpret(endpoint) === 'convict') this.convict(endpoint);
      const expireMs = this.expireTimesMs.get(endpoint) ?? nowMs + gossipLimits.expireDelayMs;
      if (!state.isAlive() && nowMs > expireMs && state.isDeadState()) this.evictFromMembership(endpoint);
    }
    for (const [endpoint, sinceMs] of this.justRemovedEndpoints) {
      if (nowMs - sinceMs > gossipLimits.quarantineDelayMs) this.justRemovedEndpoints.delete(endpoint);
    }
  }

  /**
   * An echo unanswered for echoTimeoutMs failed. If the endpoint was still in our live set
   * (it restarted, and its new generation never answered), it is down: Cassandra would leave
   * it live but never convict it, since conviction skips endpoints not held alive.
   */
  private expireEchoes(): void {
    const nowMs = this.options.clock.nowMs();
    for (const [endpoint, echo] of this.inflightEchoes) {
      if (nowMs - echo.sentAtMs <= gossipLimits.echoTimeoutMs) continue;
      this.inflightEchoes.delete(endpoint);
      const state = this.endpointStates.get(endpoint);
      if (state !== undefined && this.liveEndpoints.has(endpoint) && !state.isAlive()) this.markDead(endpoint, state);
    }
  }

  /** Forgets an endpoint entirely (Gossiper.evictFromMembership), quarantining it. */
  private evictFromMembership(endpoint: Endpoint): void {
    this.liveEndpoints.delete(endpoint);
    this.unreachableEndpoints.delete(endpoint);
    this.endpointStates.delete(endpoint);
    this.expireTimesMs.delete(endpoint);
    this.inflightEchoes.delete(endpoint);
    this.failureDetector.remove(endpoint);
    this.justRemovedEndpoints.set(endpoint, this.options.clock.nowMs());
  }

  private recordExpireTime(endpoint: Endpoint, state: EndpointState): void {
    const expireMs = statusExpireTimeMs(state.applicationState('STATUS')?.value);
    if (expireMs !== undefined) this.expireTimesMs.set(endpoint, expireMs);
  }

  private shadowRoundStep(): void {
    const round = this.shadowRound!;
    round.expire(this.options.clock.nowMs());
    if (round.currentStatus() !== 'running') {
      this.phase = 'idle';
      return;
    }
    this.sendShadowSyns();
  }

  private sendShadowSyns(): void {
    const syn: GossipDigestSyn = {
      kind: 'gossip-digest-syn',
      clusterName: this.options.clusterName,
      partitionerName: this.options.partitionerName,
      digests: [],
    };
    for (const seed of this.shadowRound!.seedsToContact(this.options.clock.nowMs())) this.options.send(seed, syn);
  }

  // ---- helpers ----

  private localState(): EndpointState {
    const local = this.endpointStates.get(this.localEndpoint);
    assert(local !== undefined, 'gossiper not started');
    return local;
  }

  private nextVersion(): number {
    assert(this.lastVersion < gossipLimits.versionMax, 'version counter exhausted');
    return ++this.lastVersion;
  }

  private notify(call: (listener: GossipListener) => void): void {
    for (const listener of this.listeners) call(listener);
  }

  private sorted(endpoints: Iterable<Endpoint>): Endpoint[] {
    return [...endpoints].sort(compareEndpoints);
  }
}
