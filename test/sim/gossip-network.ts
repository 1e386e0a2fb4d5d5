/**
 * A deterministic gossip cluster: N Gossipers on one ManualClock, a simulated network that
 * delays, drops and partitions messages, all chance drawn from one seed. Same seed, same run:
 * the event trace is the replay check.
 *
 * Events run in (time, sequence) order from one queue:
 *   tick      node i's gossip round, every intervalMs at its own phase (drawn at start)
 *   deliver   a message arriving: dropped if the target is not running or a partition
 *             separates the two ends now (at send time too), else decoded and received
 * Every message goes through the msgpackr codec both ways, as it will between processes.
 *
 * Node lifecycles: running -> paused (frozen like SIGSTOP: no rounds, incoming messages lost)
 * -> running again with the same generation; running -> killed -> restarted as a new
 * Gossiper with a new generation (the clock's seconds); shutdown() is a clean stop.
 */

import { assert } from '../../src/lib/assert.js';
import { ManualClock } from '../../src/lib/clock.js';
import { MinHeap } from '../../src/lib/min-heap.js';
import { SeededRandom } from '../../src/lib/random.js';
import { APPLICATION_STATES, type ApplicationState } from '../../src/cluster/gossip/application-state.js';
import { type Endpoint, asEndpoint } from '../../src/cluster/gossip/endpoint.js';
import { decodeGossipMessage, encodeGossipMessage } from '../../src/cluster/gossip/gossip-codec.js';
import { gossipLimits } from '../../src/cluster/gossip/gossip-limits.js';
import type { GossipListener } from '../../src/cluster/gossip/gossip-listener.js';
import { statusValue, tokensValue } from '../../src/cluster/gossip/gossip-status.js';
import { Gossiper } from '../../src/cluster/gossip/gossiper.js';
import type { GossipMessage } from '../../src/cluster/gossip/messages.js';

export interface GossipNetworkOptions {
  readonly seed: number;
  readonly nodeCount: number;
  /** The first `seedCount` nodes are the seeds. */
  readonly seedCount: number;
  /** One-way message delay, uniform in [delayMsMin, delayMsMax]. */
  readonly delayMsMin: number;
  readonly delayMsMax: number;
  readonly dropProbability: number;
  readonly phiConvictThreshold: number;
  /** Wall-clock start of the run (generations are its seconds). */
  readonly startMs: number;
}

export const defaultNetworkOptions: Omit<GossipNetworkOptions, 'seed' | 'nodeCount'> = {
  seedCount: 2,
  delayMsMin: 1,
  delayMsMax: 20,
  dropProbability: 0,
  phiConvictThreshold: gossipLimits.phiConvictThresholdDefault,
  startMs: 1_700_000_000_000,
};

export type NodeCondition = 'idle' | 'running' | 'paused' | 'killed';

interface SimNode {
  readonly index: number;
  readonly endpoint: Endpoint;
  readonly name: string;
  gossiper: Gossiper;
  condition: NodeCondition;
  incarnation: number;
  phaseMs: number;
}

type SimEvent =
  | { readonly atMs: number; readonly seq: number; readonly kind: 'tick'; readonly index: number; readonly incarnation: number }
  | { readonly atMs: number; readonly seq: number; readonly kind: 'deliver'; readonly from: number; readonly to: number; readonly bytes: Uint8Array };

export type LocalStates = ReadonlyArray<readonly [ApplicationState, string]>;

/** A plausible initial state for node `index` (Cassandra's StorageService.initServer set). */
export function defaultLocalStates(index: number): LocalStates {
  const host = `10.0.0.${index + 1}`;
  const token = String(BigInt(index) * 1_000_000_007n - 4_611_686_018_427_387_904n);
  return [
    ['STATUS', statusValue.normal([token])],
    ['TOKENS', tokensValue([token])],
    ['DC', 'dc1'],
    ['RACK', `rack${(index % 3) + 1}`],
    ['SCHEMA', '59adb24e-f3cd-3e02-97f0-5b395827453f'],
    ['HOST_ID', `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`],
    ['RELEASE_VERSION', '4.1.0'],
    ['RPC_ADDRESS', host],
    ['NATIVE_ADDRESS_AND_PORT', `${host}:9042`],
    ['LOAD', '0.0'],
  ];
}

export class GossipNetwork {
  readonly clock: ManualClock;
  readonly endpoints: readonly Endpoint[];
  /** One line per listener event: "<ms since start> <observer> <event> <subject> [detail]". */
  readonly trace: string[] = [];
  messagesSent = 0;
  messagesDelivered = 0;
  bytesSent = 0;
  private readonly nodes: SimNode[];
  private readonly random: SeededRandom;
  private readonly queue = new MinHeap<SimEvent>((a, b) => a.atMs - b.atMs || a.seq - b.seq);
  private seq = 0;
  private dropProbability: number;
  /** Partition group of each node; messages cross only within a group. */
  private groupOf: number[];
  private readonly byEndpoint = new Map<Endpoint, SimNode>();

  constructor(readonly options: GossipNetworkOptions) {
    assert(options.nodeCount >= 1 && options.seedCount >= 1 && options.seedCount <= options.nodeCount, 'bad node or seed count');
    assert(options.delayMsMin >= 0 && options.delayMsMax >= options.delayMsMin, 'bad delays');
    this.clock = new ManualClock(options.startMs);
    this.random = new SeededRandom(options.seed);
    this.dropProbability = options.dropProbability;
    this.endpoints = Array.from({ length: options.nodeCount }, (_, i) => asEndpoint(`10.0.0.${i + 1}:7000`));
    this.groupOf = this.endpoints.map(() => 0);
    this.nodes = this.endpoints.map((endpoint, index) => ({
      index,
      endpoint,
      name: `n${index + 1}`,
      gossiper: this.newGossiper(index, endpoint),
      condition: 'idle' as NodeCondition,
      incarnation: 0,
      phaseMs: 0,
    }));
    for (const node of this.nodes) this.byEndpoint.set(node.endpoint, node);
  }

  get seeds(): readonly Endpoint[] {
    return this.endpoints.slice(0, this.options.seedCount);
  }

  elapsedMs(): number {
    return this.clock.nowMs() - this.options.startMs;
  }

  gossiper(endpoint: Endpoint): Gossiper {
    return this.node(endpoint).gossiper;
  }

  condition(endpoint: Endpoint): NodeCondition {
    return this.node(endpoint).condition;
  }

  nameOf(endpoint: Endpoint): string {
    return this.node(endpoint).name;
  }

  // ---- lifecycle ----

  startAll(statesOf: (index: number) => LocalStates = defaultLocalStates): void {
    for (const node of this.nodes) this.start(node.endpoint, statesOf(node.index));
  }

  /** Starts an idle node now, with generation = the clock's seconds; rounds at a random phase. */
  start(endpoint: Endpoint, states: LocalStates = defaultLocalStates(this.node(endpoint).index)): void {
    const node = this.node(endpoint);
    assert(node.condition === 'idle', `${node.name} is ${node.condition}, not idle`);
    node.gossiper.start(this.clock.nowSeconds(), states);
    node.condition = 'running';
    node.phaseMs = 1 + this.random.int(gossipLimits.intervalMs);
    this.scheduleTick(node, this.clock.nowMs() + node.phaseMs);
  }

  /** Freezes a node: no rounds, and what is sent to it is lost. */
  pause(endpoint: Endpoint): void {
    const node = this.node(endpoint);
    assert(node.condition === 'running', `${node.name} is not running`);
    node.condition = 'paused';
  }

  resume(endpoint: Endpoint): void {
    const node = this.node(endpoint);
    assert(node.condition === 'paused', `${node.name} is not paused`);
    node.condition = 'running';
  }

  /** Ends the process without a word (kill -9). */
  kill(endpoint: Endpoint): void {
    const node = this.node(endpoint);
    assert(node.condition === 'running' || node.condition === 'paused', `${node.name} is not up`);
    node.condition = 'killed';
    node.incarnation++;
  }

  /** Stops cleanly: the gossiper announces its shutdown, then the process ends. */
  shutdown(endpoint: Endpoint): void {
    const node = this.node(endpoint);
    assert(node.condition === 'running', `${node.name} is not running`);
    node.gossiper.stop();
    this.kill(endpoint);
  }

  /** A killed node starts again as a new process: a new Gossiper, a new generation. */
  restart(endpoint: Endpoint, states: LocalStates = defaultLocalStates(this.node(endpoint).index)): void {
    const node = this.node(endpoint);
    assert(node.condition === 'killed', `${node.name} must be killed before a restart`);
    node.gossiper = this.newGossiper(node.index, node.endpoint);
    node.condition = 'idle';
    this.start(endpoint, states);
  }

  /** Cuts the network into groups; endpoints not named form one more group. */
  partition(groups: ReadonlyArray<readonly Endpoint[]>): void {
    this.groupOf = this.endpoints.map(() => groups.length);
    groups.forEach((group, g) => {
      for (const endpoint of group) this.groupOf[this.node(endpoint).index] = g;
    });
  }

  heal(): void {
    this.groupOf = this.endpoints.map(() => 0);
  }

  setDropProbability(probability: number): void {
    assert(probability >= 0 && probability < 1, 'drop probability in [0, 1)');
    this.dropProbability = probability;
  }

  // ---- running ----

  runForMs(durationMs: number): void {
    const endMs = this.clock.nowMs() + durationMs;
    while (this.queue.size > 0 && this.queue.peek().atMs <= endMs) this.step();
    this.clock.advanceMs(endMs - this.clock.nowMs());
  }

  /**
   * Runs until `done()` holds (checked whenever the clock moves), at most `limitMs`.
   * Returns the milliseconds it took, or undefined if it never held.
   */
  runUntil(done: () => boolean, limitMs: number): number | undefined {
    const startMs = this.clock.nowMs();
    const endMs = startMs + limitMs;
    if (done()) return 0;
    while (this.queue.size > 0 && this.queue.peek().atMs <= endMs) {
      const atMs = this.queue.peek().atMs;
      while (this.queue.size > 0 && this.queue.peek().atMs === atMs) this.step();
      if (done()) return this.clock.nowMs() - startMs;
    }
    this.clock.advanceMs(endMs - this.clock.nowMs());
    return undefined;
  }

  // ---- what the cluster sees ----

  private running(): SimNode[] {
    return this.nodes.filter((node) => node.condition === 'running');
  }

  /** Every running node holds every other running node alive with all its current states. */
  converged(): boolean {
    const running = this.running();
    return running.every((observer) => running.every((subject) => observer === subject || this.sees(observer.gossiper, subject)));
  }

  /** `observer` holds `subject` alive with exactly the subject's own states and generation. */
  sees(observer: Gossiper, subject: SimNode | Endpoint): boolean {
    const node = typeof subject === 'string' ? this.node(subject) : subject;
    const own = node.gossiper.endpointState(node.endpoint);
    const seen = observer.endpointState(node.endpoint);
    if (own === undefined || seen === undefined || !observer.isAlive(node.endpoint)) return false;
    if (own.heartBeatState().generation !== seen.heartBeatState().generation) return false;
    // Map probes, not states(): this runs for every pair whenever the clock moves.
    return APPLICATION_STATES.every((key) => own.applicationState(key)?.version === seen.applicationState(key)?.version);
  }

  /** Running nodes (other than `subject`) that hold `subject` down. */
  observersHolding(subject: Endpoint, alive: boolean): Endpoint[] {
    return this.running()
      .filter((node) => node.endpoint !== subject && node.gossiper.isAlive(subject) === alive)
      .map((node) => node.endpoint);
  }

  othersRunning(subject: Endpoint): Endpoint[] {
    return this.running()
      .filter((node) => node.endpoint !== subject)
      .map((node) => node.endpoint);
  }

  // ---- internals ----

  private node(endpoint: Endpoint): SimNode {
    const node = this.byEndpoint.get(endpoint);
    assert(node !== undefined, `unknown endpoint ${endpoint}`);
    return node;
  }

  private newGossiper(index: number, endpoint: Endpoint): Gossiper {
    const gossiper = new Gossiper({
      localEndpoint: endpoint,
      clusterName: 'sim',
      partitionerName: 'org.apache.cassandra.dht.Murmur3Partitioner',
      seeds: this.endpoints.slice(0, this.options.seedCount),
      clock: this.clock,
      random: new SeededRandom(this.random.int(0x1_0000_0000)),
      send: (to, message) => this.transmit(index, to, message),
      phiConvictThreshold: this.options.phiConvictThreshold,
    });
    gossiper.register(this.tracer(`n${index + 1}`));
    return gossiper;
  }

  private tracer(observer: string): GossipListener {
    const line = (event: string, subject: Endpoint, detail = ''): void => {
      const name = this.byEndpoint.get(subject)?.name ?? subject;
      this.trace.push(`${this.elapsedMs()} ${observer} ${event} ${name}${detail}`);
    };
    return {
      onJoin: (endpoint) => line('join', endpoint),
      onChange: (endpoint, key, value) => line('change', endpoint, ` ${key}=${value.value}`),
      onAlive: (endpoint) => line('alive', endpoint),
      onDead: (endpoint) => line('dead', endpoint),
      onRestart: (endpoint) => line('restart', endpoint),
      onRemove: (endpoint) => line('remove', endpoint),
    };
  }

  private scheduleTick(node: SimNode, atMs: number): void {
    this.queue.push({ atMs, seq: this.seq++, kind: 'tick', index: node.index, incarnation: node.incarnation });
  }

  private transmit(from: number, to: Endpoint, message: GossipMessage): void {
    const bytes = encodeGossipMessage(message);
    this.messagesSent++;
    this.bytesSent += bytes.length;
    const target = this.node(to);
    const dropped = this.random.next() < this.dropProbability;
    const delayMs = this.options.delayMsMin + this.random.int(this.options.delayMsMax - this.options.delayMsMin + 1);
    if (dropped || this.groupOf[from] !== this.groupOf[target.index]) return;
    this.queue.push({ atMs: this.clock.nowMs() + delayMs, seq: this.seq++, kind: 'deliver', from, to: target.index, bytes });
  }

  private step(): void {
    const event = this.queue.pop();
    assert(event.atMs >= this.clock.nowMs(), 'events run in time order');
    this.clock.advanceMs(event.atMs - this.clock.nowMs());
    const node = this.nodes[event.kind === 'tick' ? event.index : event.to]!;
    if (event.kind === 'tick') {
      if (event.incarnation !== node.incarnation) return; // a tick of a killed process
      if (node.condition === 'running') node.gossiper.tick();
      this.scheduleTick(node, event.atMs + gossipLimits.intervalMs);
      return;
    }
    if (node.condition !== 'running' || this.groupOf[event.from] !== this.groupOf[event.to]) return;
    this.messagesDelivered++;
    node.gossiper.receive(this.nodes[event.from]!.endpoint, decodeGossipMessage(event.bytes));
  }
}
