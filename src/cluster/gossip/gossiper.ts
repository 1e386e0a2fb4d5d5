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
 *   3. status check: convict the peers the failure detector names, forget dead states past
 *      their expiry, end quarantines (gossip-state.ts).
 * A SYN is answered by an ACK (digest-exchange.ts), an ACK by an ACK2; the states in ACKs
 * and ACK2s go to the GossipState, which decides what changes and tells the listeners.
 *
 * It also speaks for endpoints that cannot: assassinateEndpoint, advertiseRemoving and
 * advertiseTokenRemoved write a dead state for another node at a newer generation than it
 * has, which gossip then carries everywhere (the waits around them are the caller's:
 * endpoint-assassination.ts, membership/remove-node.ts).
 *
 *   idle ──start──▶ gossiping ──stop──▶ stopped
 *     │    ▲
 *     └────┴── startShadowRound ... shadow-round (done or failed) ──▶ idle
 */

import { assert, assertNever } from '../../lib/assert.js';
import type { Clock } from '../../lib/clock.js';
import type { Random } from '../../lib/random.js';
import type { ApplicationState } from './application-state.js';
import { allDeltas, examineDigests, makeDigests, requestedDeltas } from './digest-exchange.js';
import { type Endpoint, compareEndpoints } from './endpoint.js';
import { EndpointState, type EndpointStateView } from './endpoint-state.js';
import type { EndpointStateDelta } from './endpoint-state-delta.js';
import { GossipState } from './gossip-state.js';
import { chooseGossipTargets } from './gossip-targets.js';
import { gossipLimits } from './gossip-limits.js';
import type { GossipDigest } from './gossip-digest.js';
import type { GossipListener } from './gossip-listener.js';
import { SILENT_SHUTDOWN_STATES, removalCoordinatorValue, statusValue } from './gossip-status.js';
import type { HeartBeatState } from './heart-beat-state.js';
import type { GossipDigestAck, GossipDigestSyn, GossipMessage } from './messages.js';
import { ShadowRound, type ShadowRoundStatus } from './shadow-round.js';
import { isGeneration } from './versioned-value.js';

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
  /** The round length the caller ticks at (default gossipLimits.intervalMs); sizes the failure detector's initial interval. */
  readonly intervalMs?: number;
  /** How long a silent endpoint that is no ring member is kept (default gossipLimits.fatClientTimeoutMs). */
  readonly fatClientTimeoutMs?: number;
}

type GossiperPhase = 'idle' | 'shadow-round' | 'gossiping' | 'stopped';

export class Gossiper {
  readonly localEndpoint: Endpoint;
  private phase: GossiperPhase = 'idle';
  private readonly state: GossipState;
  private seeds: Endpoint[];
  private shadowRound: ShadowRound | undefined;
  /** VersionGenerator: the last version handed out; heartbeat and states share it. */
  private lastVersion = 0;

  constructor(private readonly options: GossiperOptions) {
    this.localEndpoint = options.localEndpoint;
    this.seeds = [...new Set(options.seeds)].filter((seed) => seed !== options.localEndpoint).sort(compareEndpoints);
    const sendEcho = (to: Endpoint, id: number): void => options.send(to, { kind: 'echo-request', id });
    this.state = new GossipState(options.localEndpoint, options.clock, options.phiConvictThreshold, sendEcho, options.intervalMs, options.fatClientTimeoutMs);
  }

  register(listener: GossipListener): void {
    this.state.register(listener);
  }

  unregister(listener: GossipListener): void {
    this.state.unregister(listener);
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
    this.state.initializeLocalState(local);
    this.phase = 'gossiping';
  }

  /**
   * Adds a ring member this node recorded in an earlier run (system.peers), before gossip
   * starts: held down, its states at generation 0, so the ring is known at once and the first
   * word from the member itself replaces them (gossip-state.ts). Gossip rounds reach it as an
   * unreachable peer.
   */
  addSavedEndpoint(endpoint: Endpoint, states: ReadonlyArray<readonly [ApplicationState, string]>): void {
    assert(this.phase === 'idle', `saved endpoint in phase ${this.phase}`);
    this.state.addSavedEndpoint(endpoint, states);
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
    if (this.phase === 'gossiping' && !SILENT_SHUTDOWN_STATES.includes(this.state.localState().status())) {
      this.addLocalApplicationState('STATUS', statusValue.shutdown(true));
      for (const endpoint of this.state.livePeers()) this.options.send(endpoint, { kind: 'gossip-shutdown' });
    }
    this.phase = 'stopped';
  }

  // ---- local state ----

  /** Sets one of our application states at a fresh version; gossip carries it to the others. */
  addLocalApplicationState(key: ApplicationState, value: string): void {
    assert(this.phase === 'gossiping', `local state change in phase ${this.phase}`);
    this.state.setLocalApplicationState(key, { value, version: this.nextVersion() });
  }

  /**
   * Removes an endpoint from gossip but keeps its state (Gossiper.removeEndpoint): what the
   * ring calls once a node has left or was removed. Gossip about it is then ignored for
   * quarantineDelayMs, so stale gossip cannot bring it back while the removal spreads.
   */
  removeEndpoint(endpoint: Endpoint): void {
    this.state.removeEndpoint(endpoint);
    this.seeds = this.seeds.filter((seed) => seed !== endpoint);
  }

  /**
   * A node whose tokens a replacement took (Gossiper.replacedEndpoint): removed as by
   * removeEndpoint, and its state evicted as well, so it cannot come back into a ring built
   * from gossip when its replacement leaves; gossip of its generation stays ignored for good.
   */
  replacedEndpoint(endpoint: Endpoint): void {
    this.state.replacedEndpoint(endpoint);
    this.seeds = this.seeds.filter((seed) => seed !== endpoint);
  }

  // ---- speaking for another endpoint ----

  /**
   * The state change of Gossiper.assassinateEndpoint: the endpoint LEFT, with an expiry, at a
   * newer generation than ours of it (or, if we know nothing of it, at a generation a minute
   * ahead of our clock), so every node drops it from the ring at once, whatever it was doing.
   * `tokens` go into STATUS as LEFT needs one; Cassandra takes the ring's, else a random one.
   * The wait before it (that the endpoint is really silent) is the caller's.
   */
  assassinateEndpoint(endpoint: Endpoint, tokens: readonly string[]): void {
    const expireMs = this.options.clock.nowMs() + gossipLimits.expireDelayMs;
    const known = this.state.endpointState(endpoint);
    const heartBeat: HeartBeatState =
      known === undefined
        ? { generation: Math.floor((this.options.clock.nowMs() + gossipLimits.assassinateGenerationAheadMs) / 1000), version: gossipLimits.assassinateHeartBeatVersion }
        : newerGeneration(known.heartBeatState());
    this.speakFor(endpoint, heartBeat, [['STATUS', statusValue.left(tokens, expireMs)]]);
  }

  /**
   * Gossiper.advertiseRemoving: a dead ring member is being removed by this node; every node
   * now counts it as leaving, and REMOVAL_COORDINATOR names us.
   */
  advertiseRemoving(endpoint: Endpoint, hostId: string, localHostId: string): void {
    const known = this.state.endpointState(endpoint);
    assert(known !== undefined, `no gossip state for ${endpoint}`);
    this.speakFor(endpoint, newerGeneration(known.heartBeatState()), [
      ['STATUS', statusValue.removing(hostId)],
      ['REMOVAL_COORDINATOR', removalCoordinatorValue(localHostId)],
    ]);
  }

  /** Gossiper.advertiseTokenRemoved: the removal is done; every node drops the endpoint, which expires with its STATUS. */
  advertiseTokenRemoved(endpoint: Endpoint, hostId: string): void {
    const known = this.state.endpointState(endpoint);
    assert(known !== undefined, `no gossip state for ${endpoint}`);
    const expireMs = this.options.clock.nowMs() + gossipLimits.expireDelayMs;
    this.speakFor(endpoint, newerGeneration(known.heartBeatState()), [['STATUS', statusValue.removed(hostId, expireMs)]]);
  }

  /**
   * Our copy of the endpoint's state with `changes` on top, at `heartBeat`'s generation. The
   * changed states take versions from our own counter, as Cassandra's take the JVM-wide one.
   */
  private speakFor(endpoint: Endpoint, heartBeat: HeartBeatState, changes: ReadonlyArray<readonly [ApplicationState, string]>): void {
    assert(this.phase === 'gossiping', `speaking for ${endpoint} in phase ${this.phase}`);
    assert(endpoint !== this.localEndpoint, 'our own state changes through addLocalApplicationState');
    const state = new EndpointState(heartBeat, false, this.options.clock.nowMs());
    for (const [key, value] of this.state.endpointState(endpoint)?.states() ?? []) state.addApplicationState(key, value);
    for (const [key, value] of changes) state.addApplicationState(key, { value, version: this.nextVersion() });
    this.state.replaceEndpointState(endpoint, state);
  }

  /**
   * Gossiper.reloadSeeds: the seeds as configured now, ourselves left out. An empty list
   * keeps the current seeds (a configuration being edited must not leave a node with none).
   * Returns the seeds in use.
   */
  reloadSeeds(configured: readonly Endpoint[]): readonly Endpoint[] {
    const fresh = [...new Set(configured)].filter((seed) => seed !== this.localEndpoint).sort(compareEndpoints);
    if (fresh.length > 0) this.seeds = fresh;
    return this.seeds;
  }

  // ---- what we know ----

  isEnabled(): boolean {
    return this.phase === 'gossiping';
  }

  endpointState(endpoint: Endpoint): EndpointStateView | undefined {
    return this.state.endpointState(endpoint);
  }

  knownEndpoints(): Endpoint[] {
    return this.state.knownEndpoints();
  }

  /** Live members, ourselves included (Gossiper.getLiveMembers), sorted. */
  liveMembers(): Endpoint[] {
    return [...this.state.livePeers(), this.localEndpoint].sort(compareEndpoints);
  }

  unreachableMembers(): Endpoint[] {
    return this.state.unreachablePeers();
  }

  /** Gossiper.isAlive: held alive and not in a dead state (LEFT, removed...). */
  isAlive(endpoint: Endpoint): boolean {
    return this.state.isAlive(endpoint);
  }

  /** How long the endpoint has been down, 0 if it is not (Gossiper.getEndpointDowntime). */
  downtimeMs(endpoint: Endpoint): number {
    return this.state.downtimeMs(endpoint);
  }

  /** Phi on the threshold's scale, once anything was heard from the endpoint. */
  phi(endpoint: Endpoint): number | undefined {
    return this.state.phi(endpoint);
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
        if (this.phase === 'gossiping' && message.replyTo === this.localGeneration()) this.state.applyRemoteStates(message.states);
        return;
      case 'gossip-shutdown':
        if (this.phase === 'gossiping') this.state.markAsShutdown(from);
        return;
      case 'echo-request':
        // A stopped node is a shut-down process: it answers nothing.
        if (this.phase !== 'stopped') this.options.send(from, { kind: 'echo-response', id: message.id });
        return;
      case 'echo-response':
        if (this.phase === 'gossiping') this.state.onEchoResponse(from, message.id);
        return;
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
      if (syn.digests.length === 0) this.options.send(from, this.ack(syn, [], []));
      return;
    }
    if (syn.digests.length === 0) {
      this.options.send(from, this.ack(syn, [], allDeltas(this.state.states())));
      return;
    }
    const { requests, deltas } = examineDigests(this.state.states(), syn.digests);
    this.options.send(from, this.ack(syn, requests, deltas));
  }

  private ack(syn: GossipDigestSyn, digests: GossipDigest[], states: EndpointStateDelta[]): GossipDigestAck {
    return { kind: 'gossip-digest-ack', replyTo: syn.generation, generation: this.localGeneration(), digests, states };
  }

  /** GossipDigestAckVerbHandler. */
  private onAck(from: Endpoint, ack: GossipDigestAck): void {
    // An answer to a SYN of an earlier incarnation of this node (see messages.ts).
    if (ack.replyTo !== this.localGeneration()) return;
    if (this.phase === 'shadow-round') {
      this.shadowRound!.onAck(from, ack.digests.length === 0 && ack.states.length === 0, ack.states);
      if (this.shadowRound!.currentStatus() !== 'running') this.phase = 'idle';
      return;
    }
    if (this.phase !== 'gossiping') return;
    this.state.applyRemoteStates(ack.states);
    const states = requestedDeltas(this.state.states(), ack.digests);
    this.options.send(from, { kind: 'gossip-digest-ack2', replyTo: ack.generation, states });
  }

  // ---- one round ----

  private gossipRound(): void {
    const local = this.state.localState();
    local.setHeartBeatState({ generation: local.heartBeatState().generation, version: this.nextVersion() });
    const syn: GossipDigestSyn = {
      kind: 'gossip-digest-syn',
      clusterName: this.options.clusterName,
      partitionerName: this.options.partitionerName,
      generation: local.heartBeatState().generation,
      digests: makeDigests(this.state.states(), this.options.random),
    };
    const members = { live: this.state.livePeers(), unreachable: this.state.unreachablePeers(), seeds: this.seeds };
    for (const target of chooseGossipTargets(members, this.options.random)) this.options.send(target, syn);
    this.state.statusCheck();
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
      generation: this.localGeneration(),
      digests: [],
    };
    for (const seed of this.shadowRound!.seedsToContact(this.options.clock.nowMs())) this.options.send(seed, syn);
  }

  /** Our generation; 0 before start (a shadow round), which no started node has. */
  private localGeneration(): number {
    return this.state.endpointState(this.options.localEndpoint)?.heartBeatState().generation ?? 0;
  }

  private nextVersion(): number {
    assert(this.lastVersion < gossipLimits.versionMax, 'version counter exhausted');
    return ++this.lastVersion;
  }
}

/** HeartBeatState.forceNewerGenerationUnsafe: one generation up, the version kept. */
function newerGeneration(heartBeat: HeartBeatState): HeartBeatState {
  return { generation: heartBeat.generation + 1, version: heartBeat.version };
}
