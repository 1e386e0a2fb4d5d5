/**
 * A cluster of N nodes in this process (ADR 0012), each on its own loopback address
 * (127.0.0.1, 127.0.0.2, ...) and data directory (<dataDir>/node1, ...), talking through one
 * in-process transport that tests and the node tool can cut. A node new to its directory gets
 * tokens balanced against the nodes before it (ring/token-allocation.ts) and keeps them;
 * every start raises its gossip generation. Nodes can be stopped (gracefully, or as a crash
 * the others must detect), restarted and cut off from each other while the rest keep serving.
 */

import os from 'node:os';
import path from 'node:path';
import { systemTimers } from '../../actors/system-timers.js';
import type { Timers } from '../../actors/timers.js';
import { assert } from '../../lib/assert.js';
import { SystemClock, type Clock } from '../../lib/clock.js';
import { SeededRandom, type Random } from '../../lib/random.js';
import type { StorageEngineOptions } from '../../storage/storage-engine.js';
import type { CoordinatorTimeouts } from '../coordinator/cluster-view.js';
import type { HintsOptions } from '../hints/hints-options.js';
import { ADMIN_PORT_DEFAULT, NodeAdmin } from '../admin/node-admin.js';
import { InProcessTransport } from '../messaging/in-process-transport.js';
import type { Endpoint } from '../ring/endpoint.js';
import { allocateTokens, NUM_TOKENS_DEFAULT } from '../ring/token-allocation.js';
import { TokenMetadata } from '../ring/token-metadata.js';
import type { JoinRequest } from '../membership/join-request.js';
import { NATIVE_PORT_DEFAULT } from '../../protocol/server/native-server-options.js';
import type { NativeTransportOptions } from '../../protocol/server/native-server-options.js';
import { NodeNativeServer } from '../../protocol/server/node-native-server.js';
import type { ProtocolBackend } from '../../protocol/server/protocol-backend.js';
import { authEnabled, resolveAuthOptions, type AuthOptions, type ResolvedAuthOptions } from '../../auth/auth-options.js';
import { NodeAuth } from '../../auth/node-auth.js';
import { ClusterNode, STORAGE_PORT } from './cluster-node.js';
import { nextGeneration, readNodeIdentity, writeNodeIdentity, type NodeIdentity } from './node-identity.js';

/** Spreads any number of nodes' flush phases evenly over [0, 1) (frac(i x 0.618...)). */
const GOLDEN_RATIO_FRACTION = (Math.sqrt(5) - 1) / 2;

export interface DatacenterLayout {
  readonly name: string;
  readonly nodes: number;
  /** Racks the datacenter's nodes are spread over, round robin (default 1: rack1). */
  readonly racks?: number;
}

export interface ClusterOptions {
  readonly dataDir: string;
  /** Nodes in one datacenter, datacenter1 (ignored when `datacenters` is given). */
  readonly nodes?: number;
  readonly datacenters?: readonly DatacenterLayout[];
  readonly numTokens?: number;
  /** The replication factor token allocation balances for (default min(3, nodes in the DC)). */
  readonly allocationReplicationFactor?: number;
  /** Gossip round length (default Cassandra's 1 s; tests use less so failures are seen sooner). */
  readonly gossipIntervalMs?: number;
  readonly phiConvictThreshold?: number;
  readonly timeouts?: CoordinatorTimeouts;
  /** Storage threads per node (default: the cores shared out, at least one). */
  readonly threadsPerNode?: number;
  /** Each node's admin HTTP server (metrics, node tool) on <its address>:port; default 7199, 0 for none. */
  readonly adminPort?: number;
  /** Each node's CQL native protocol server on <its address>:port, when `nativeBackend` is given; default 9042, 0 for none. */
  readonly nativePort?: number;
  /** What a node's native protocol server runs requests on (Database.open gives a session of the node, and the node's auth); absent: no server. */
  readonly nativeBackend?: (node: ClusterNode, auth: NodeAuth | null) => ProtocolBackend;
  /**
   * Authentication and authorization (src/auth): `{ authenticator: 'PasswordAuthenticator',
   * authorizer: 'CassandraAuthorizer' }`; default AllowAll for both (no login, no checks, no
   * system_auth keyspace).
   */
  readonly auth?: AuthOptions;
  /** Every node's native transport: connection and request-byte limits, idle timeout, client encryption (TLS). */
  readonly native?: NativeTransportOptions;
  readonly storage?: Partial<Omit<StorageEngineOptions, 'dataDirectory' | 'tables'>>;
  /** Hinted handoff on every node: enabled, maxHintWindowMs, throttleKiBPerSecond, dispatchIntervalMs. */
  readonly hints?: HintsOptions;
  /** StorageService.RING_DELAY for membership changes (default 30 s; tests use a few gossip rounds). */
  readonly ringDelayMs?: number;
  /** How long a silent gossip-only endpoint (no tokens) is kept in gossip (default 30 s, Cassandra's fatClientTimeout). */
  readonly fatClientTimeoutMs?: number;
  readonly clock?: Clock;
  /** The nodes' and the transport's timers (default Node's; a simulator gives manual ones). */
  readonly timers?: Timers;
  /** Seed of the cluster's randomness (token offsets, gossip peers). */
  readonly seed?: number;
}

interface NodeSlot {
  readonly index: number;
  readonly host: string;
  readonly dataDir: string;
  readonly datacenter: string;
  readonly rack: string;
  identity: NodeIdentity;
  node: ClusterNode | null;
  admin: NodeAdmin | null;
  /** Its CQL native protocol server, while it runs (none without a backend, or when the port was taken). */
  native: NodeNativeServer | null;
  /** Its authentication and authorization, while it runs with auth configured. */
  auth?: NodeAuth | null;
  /** The node's stop while it runs (its engine still holds the data directory until it ends). */
  stopping: Promise<void> | null;
  /** Its host id, once it has run. */
  hostId: string | null;
  /** No longer part of the cluster: decommissioned, or replaced (membership/). */
  gone: boolean;
  /** Its node is starting (joining, for a new one): `node` is set as soon as it is open. */
  starting?: boolean;
  /** Stopped while starting (a crash mid-bootstrap): it stays, and a restart resumes the join. */
  interrupted?: boolean;
}

/** Where a node added to a running cluster goes, and whether it replaces a dead one. */
export interface AddNodeOptions {
  /** Default: the replaced node's, else the first node's. */
  readonly datacenter?: string;
  /** Default: the replaced node's, else rack1. */
  readonly rack?: string;
  /** A dead node's address (127.0.0.i) whose tokens and data the new node takes (replace_address). */
  readonly replaceAddress?: string;
}

export class Cluster {
  readonly transport: InProcessTransport;
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly timers: Timers;
  /** The seeds set by setSeeds, instead of the first node of each datacenter. */
  private seedOverride: readonly string[] | null = null;
  /** Auth as configured, decided once (system_auth's factor from the nodes at start); null: none. */
  private readonly auth: ResolvedAuthOptions | null;

  private constructor(
    private readonly options: ClusterOptions,
    private readonly slots: NodeSlot[],
  ) {
    this.clock = options.clock ?? new SystemClock();
    this.random = new SeededRandom(options.seed ?? (Date.now() & 0x7fffffff));
    this.timers = options.timers ?? systemTimers;
    this.transport = new InProcessTransport(this.timers, this.random);
    this.auth = authEnabled(options.auth) ? resolveAuthOptions(options.auth, slots.length) : null;
  }

  static async start(options: ClusterOptions): Promise<Cluster> {
    const layout = options.datacenters ?? [{ name: 'datacenter1', nodes: options.nodes ?? 1 }];
    const total = layout.reduce((sum, dc) => sum + dc.nodes, 0);
    assert(total >= 1 && total <= 250, `a cluster of ${total} nodes`);
    const random = new SeededRandom(options.seed ?? 1);
    const slots: NodeSlot[] = [];
    let ring = TokenMetadata.EMPTY;
    const fresh: Array<Omit<NodeSlot, 'identity'>> = [];
    for (const dc of layout) {
      for (let i = 0; i < dc.nodes; i++) {
        const index = slots.length + fresh.length;
        const slot = {
          index,
          host: `127.0.0.${index + 1}`,
          dataDir: path.join(options.dataDir, `node${index + 1}`),
          datacenter: dc.name,
          rack: `rack${(i % (dc.racks ?? 1)) + 1}`,
          node: null,
          admin: null,
          native: null,
          stopping: null,
          hostId: null,
          gone: false,
        };
        const identity = readNodeIdentity(slot.dataDir);
        if (identity === null) fresh.push(slot);
        else {
          slots.push({ ...slot, identity });
          ring = ring.withNode(ringEndpoint(slot), identity.tokens);
        }
      }
    }
    // Nodes new to their directories take tokens one after another, each balanced against the ring so far.
    for (const slot of fresh) {
      const inDc = layout.find((dc) => dc.name === slot.datacenter)!.nodes;
      const tokens = allocateTokens({
        metadata: ring,
        endpoint: ringEndpoint(slot),
        numTokens: options.numTokens ?? NUM_TOKENS_DEFAULT,
        localReplicationFactor: options.allocationReplicationFactor ?? Math.min(3, inDc),
        random,
      });
      ring = ring.withNode(ringEndpoint(slot), tokens);
      slots.push({ ...slot, identity: { tokens, datacenter: slot.datacenter, rack: slot.rack, generation: 0 } });
    }
    slots.sort((a, b) => a.index - b.index);
    const cluster = new Cluster(options, slots);
    try {
      await Promise.all(slots.map((slot) => cluster.startSlot(slot)));
    } catch (error) {
      await cluster.close();
      throw error;
    }
    return cluster;
  }

  /** Every node's slot, running or not, in address order. */
  get size(): number {
    return this.slots.length;
  }

  /** The running node at `host` (127.0.0.i) or index i-1. */
  node(which: string | number): ClusterNode {
    const slot = this.slot(which);
    assert(slot.node !== null, `node ${slot.host} is stopped`);
    return slot.node;
  }

  isRunning(which: string | number): boolean {
    return this.slot(which).node !== null;
  }

  runningNodes(): ClusterNode[] {
    return this.slots.flatMap((slot) => (slot.node === null ? [] : [slot.node]));
  }

  /** Nodes of the cluster, running or not (not those decommissioned or replaced), in address order. */
  hosts(): string[] {
    return this.slots.filter((slot) => !slot.gone).map((slot) => slot.host);
  }

  /**
   * Starts a node at the next address (127.0.0.i, <dataDir>/node<i>) that joins the running
   * ring: it bootstraps with tokens balanced against the ring it learns by gossip, or, with
   * `replaceAddress`, takes a dead node's tokens (membership/bootstrap.ts). It streams the
   * data of its ranges first; resolves once it is NORMAL. Writes made meanwhile reach it as a
   * pending replica.
   */
  async addNode(options: AddNodeOptions = {}): Promise<ClusterNode> {
    const index = this.slots.length;
    assert(index < 250, 'a cluster of at most 250 nodes');
    const replaced = options.replaceAddress === undefined ? undefined : this.slot(options.replaceAddress);
    assert(replaced === undefined || (replaced.node === null && !replaced.gone), `${options.replaceAddress} is running or gone: only a dead node can be replaced`);
    const datacenter = options.datacenter ?? replaced?.datacenter ?? this.slots[0]!.datacenter;
    const rack = options.rack ?? replaced?.rack ?? 'rack1';
    // A later generation than any node's, so a replacement wins its tokens everywhere (gossip-ring.ts).
    const generation = Math.max(...this.slots.map((s) => s.identity.generation));
    const slot: NodeSlot = {
      index,
      host: `127.0.0.${index + 1}`,
      dataDir: path.join(this.options.dataDir, `node${index + 1}`),
      datacenter,
      rack,
      identity: { tokens: [], datacenter, rack, generation },
      node: null,
      admin: null,
      native: null,
      stopping: null,
      hostId: null,
      gone: false,
    };
    this.slots.push(slot);
    const inDatacenter = this.slots.filter((s) => !s.gone && s.datacenter === datacenter).length;
    const join: JoinRequest =
      replaced === undefined
        ? { kind: 'bootstrap', numTokens: this.options.numTokens ?? NUM_TOKENS_DEFAULT, localReplicationFactor: this.options.allocationReplicationFactor ?? Math.min(3, inDatacenter) }
        : { kind: 'replace', replacedAddress: gossipAddress(replaced.host) };
    try {
      await this.startSlot(slot, join);
    } catch (error) {
      // A node stopped while it joined stays a member-to-be: restartNode resumes its bootstrap.
      if (slot.interrupted !== true) slot.gone = true;
      throw error;
    }
    if (replaced !== undefined) replaced.gone = true;
    return slot.node!;
  }

  /** A new node takes over the dead node at `deadHost` (its tokens, its data from the other replicas). */
  replaceNode(deadHost: string): Promise<ClusterNode> {
    return this.addNode({ replaceAddress: deadHost });
  }

  /**
   * The seed list of the cluster's configuration (host addresses): what a node starting now is
   * given, and what `nodetool reloadseeds` makes a running node read again.
   */
  seeds(): string[] {
    return [...(this.seedOverride ?? this.seedHosts())];
  }

  /**
   * Changes the configured seeds (as an operator edits cassandra.yaml's seed_provider): nodes
   * started from now on get them, running nodes once they run `nodetool reloadseeds`.
   */
  setSeeds(hosts: readonly string[]): void {
    assert(hosts.every((host) => /^127\.\d+\.\d+\.\d+$/.test(host)), `seeds are listen addresses 127.x.y.z: ${hosts.join(', ')}`);
    this.seedOverride = [...hosts];
  }

  /** Stops one node; `graceful: false` is a crash the others detect by their failure detectors. */
  async stopNode(which: string | number, options: { graceful?: boolean } = {}): Promise<void> {
    const slot = this.slot(which);
    const node = slot.node;
    if (node === null) return slot.stopping ?? undefined;
    if (slot.starting === true) slot.interrupted = true;
    slot.node = null;
    const admin = slot.admin;
    slot.admin = null;
    const native = slot.native;
    slot.native = null;
    slot.auth?.close();
    slot.auth = null;
    const stopping = (async () => {
      // Clients first: their sockets are cut while the node still runs, as when Cassandra stops.
      await native?.close({ graceful: options.graceful ?? true });
      await admin?.close();
      await node.stop(options.graceful ?? true);
    })();
    slot.stopping = stopping;
    try {
      await stopping;
    } finally {
      if (slot.stopping === stopping) slot.stopping = null;
    }
  }

  async restartNode(which: string | number): Promise<ClusterNode> {
    const slot = this.slot(which);
    if (slot.node !== null) return slot.node;
    assert(!slot.gone, `${slot.host} left the cluster; it cannot restart`);
    // A node still stopping holds its data directory: start it again once it has let go.
    await slot.stopping?.catch(() => undefined);
    if (slot.node !== null) return slot.node;
    await this.startSlot(slot);
    return slot.node!;
  }

  /** Cuts every link between the two groups of hosts (both directions) until healed. */
  partition(side: readonly string[], other: readonly string[]): void {
    this.transport.faults.partition(side.map(gossipAddress), other.map(gossipAddress));
  }

  /** The links cut now ("a:7000<->b:7000", each once). */
  cutLinks(): string[] {
    return this.transport.faults.cutLinks();
  }

  /** Where the node tool reaches a running node (its admin server), or null without one. */
  adminAddress(which: string | number): { readonly host: string; readonly port: number } | null {
    return this.slot(which).admin?.address ?? null;
  }

  /** Where CQL clients reach a running node (its native protocol server), or null without one. */
  nativeAddress(which: string | number): { readonly host: string; readonly port: number } | null {
    const bound = this.slot(which).native?.address;
    return bound === undefined || bound === null ? null : { host: bound.address, port: bound.port };
  }

  /**
   * Resolves once a running node has found roles in system_auth or written the default
   * superuser (cassandra/cassandra), so clients can log in; at once without auth. Rejects
   * after `timeoutMs`.
   */
  async awaitAuthSetup(timeoutMs = 30_000): Promise<void> {
    const setups = this.slots.flatMap((slot) => (slot.auth === undefined || slot.auth === null ? [] : [slot.auth.ready]));
    if (setups.length === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no node set up the default role within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([Promise.any(setups), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Delays every message between the two groups of hosts (both directions) by `minMs`-`maxMs`; null ends it. */
  delay(side: readonly string[], other: readonly string[], delay: { readonly minMs: number; readonly maxMs: number } | null): void {
    this.transport.faults.delayLinks(side.map(gossipAddress), other.map(gossipAddress), delay);
  }

  heal(side?: readonly string[], other?: readonly string[]): void {
    if (side === undefined || other === undefined) this.transport.faults.heal();
    else this.transport.faults.heal(side.map(gossipAddress), other.map(gossipAddress));
  }

  /**
   * Resolves when every running node sees every other running node alive, holds the whole
   * ring (every node in the same state), and agrees on the schema version; rejects after `timeoutMs`.
   */
  async awaitConvergence(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.isConverged()) return;
      if (Date.now() > deadline) throw new Error(`the cluster did not converge within ${timeoutMs} ms: ${this.describeViews()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private isConverged(): boolean {
    const running = this.runningNodes();
    const version = running[0]?.catalog.schema.version;
    // A stopped node is still a member while some running node's ring has it (a crash); once
    // every ring has dropped it (removenode), it is not.
    const members = this.slots.filter(
      (slot) => !slot.gone && (slot.node !== null || running.some((node) => slot.hostId !== null && node.ring().endpoint(slot.hostId) !== undefined)),
    );
    // Every ring alike: the same nodes in the same states (a join or leave seen everywhere).
    const ringOf = (node: ClusterNode): string => node.ring().endpoints().map((e) => `${e.hostId}:${e.status}`).join(',');
    const ring = running[0] === undefined ? '' : ringOf(running[0]);
    return running.every(
      (node) =>
        node.catalog.schema.version === version &&
        node.ring().endpoints().length === members.length &&
        ringOf(node) === ring &&
        // Alive at its current generation: a restart not yet gossiped is a down still to come.
        running.every((other) => other === node || (node.isAlive(other.self) && node.knownGeneration(other.self) === other.knownGeneration(other.self))),
    );
  }

  private describeViews(): string {
    return this.runningNodes()
      .map((node) => `${node.host} sees ${node.ring().endpoints().length} in ring, live peers [${node.livePeers().join(', ')}], schema ${node.catalog.schema.version}`)
      .join('; ');
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.stopNode(slot.index)));
  }

  private slot(which: string | number): NodeSlot {
    const slot = typeof which === 'number' ? this.slots[which] : this.slots.find((s) => s.host === which);
    assert(slot !== undefined, `no node ${which} in this cluster`);
    return slot;
  }

  private async startSlot(slot: NodeSlot, join?: JoinRequest): Promise<void> {
    const generation = nextGeneration(slot.identity.generation || undefined, this.clock.nowSeconds());
    slot.identity = { ...slot.identity, generation };
    writeNodeIdentity(slot.dataDir, slot.identity);
    const seeds = this.seeds().map(gossipAddress);
    slot.starting = true;
    slot.interrupted = false;
    // stopNode sets it meanwhile (not visible to the compiler's narrowing).
    const interrupted = (): boolean => slot.interrupted === true;
    let started: ClusterNode;
    try {
      started = await this.startNode(slot, generation, seeds, join);
    } catch (error) {
      if (!interrupted()) slot.node = null;
      throw error;
    } finally {
      slot.starting = false;
    }
    if (interrupted()) throw new Error(`${slot.host} was stopped while it started`);
    slot.node = started;
    slot.hostId = slot.node.self.hostId;
    // Before clients can connect: system_auth's schema, then the default role in the background.
    if (this.auth !== null) slot.auth = await NodeAuth.start(started, this.auth, { clock: this.clock, timers: this.timers });
    slot.admin = await NodeAdmin.start({
      node: slot.node,
      cluster: this,
      port: this.options.adminPort ?? ADMIN_PORT_DEFAULT,
      network: this.transport.counters,
      warn: (line) => void process.stderr.write(`${line}\n`),
    });
    await this.startNativeServer(slot, started);
  }

  private async startNativeServer(slot: NodeSlot, node: ClusterNode): Promise<void> {
    const port = this.options.nativePort ?? NATIVE_PORT_DEFAULT;
    if (this.options.nativeBackend === undefined || port === 0) return;
    const native = await NodeNativeServer.start({
      host: slot.host,
      port,
      backend: this.options.nativeBackend(node, slot.auth ?? null),
      node,
      ...(this.options.native === undefined ? {} : { transport: this.options.native }),
      warn: (line) => void process.stderr.write(`${line}\n`),
    });
    // Stopped while the server bound: a node that is gone serves no clients.
    if (slot.node !== node) await native?.close();
    else slot.native = native;
  }

  /** ClusterNode.start for a slot; the slot holds the node from its opening, so a joining node can be stopped. */
  private startNode(slot: NodeSlot, generation: number, seeds: readonly string[], join: JoinRequest | undefined): Promise<ClusterNode> {
    return ClusterNode.start({
      host: slot.host,
      dataDir: slot.dataDir,
      datacenter: slot.datacenter,
      rack: slot.rack,
      tokens: slot.identity.tokens,
      generation,
      seeds,
      seedProvider: () => this.seeds().map(gossipAddress),
      transport: this.transport,
      clock: this.clock,
      random: new SeededRandom((this.random.int(0x7fffffff) ^ slot.index) >>> 0),
      timers: this.timers,
      threads: this.options.threadsPerNode ?? Math.max(1, Math.floor(os.availableParallelism() / this.slots.length)),
      ...(this.options.gossipIntervalMs === undefined ? {} : { gossipIntervalMs: this.options.gossipIntervalMs }),
      ...(this.options.phiConvictThreshold === undefined ? {} : { phiConvictThreshold: this.options.phiConvictThreshold }),
      ...(this.options.timeouts === undefined ? {} : { timeouts: this.options.timeouts }),
      // Replicas get the same writes: each node flushes them at its own point (flushStaggerPhase).
      storage: { flushStaggerPhase: (slot.index * GOLDEN_RATIO_FRACTION) % 1, ...this.options.storage },
      ...(this.options.hints === undefined ? {} : { hints: this.options.hints }),
      ...(this.options.ringDelayMs === undefined ? {} : { ringDelayMs: this.options.ringDelayMs }),
      nativePort: this.options.nativePort ?? NATIVE_PORT_DEFAULT,
      ...(this.options.fatClientTimeoutMs === undefined ? {} : { fatClientTimeoutMs: this.options.fatClientTimeoutMs }),
      ...(join === undefined ? {} : { join }),
      onTokens: (tokens) => {
        slot.identity = { ...slot.identity, tokens };
        writeNodeIdentity(slot.dataDir, slot.identity);
      },
      onLeft: () => {
        slot.gone = true;
        slot.node = null;
        const admin = slot.admin;
        slot.admin = null;
        void admin?.close();
        const native = slot.native;
        slot.native = null;
        void native?.close();
        slot.auth?.close();
        slot.auth = null;
      },
      onOpened: (node) => {
        slot.node = node;
        slot.hostId = node.self.hostId;
      },
    });
  }

  /** The first node of each datacenter, as Cassandra's configurations usually name seeds. */
  private seedHosts(): string[] {
    const seen = new Set<string>();
    return this.slots.filter((slot) => !slot.gone && !seen.has(slot.datacenter) && seen.add(slot.datacenter)).map((slot) => slot.host);
  }
}

function gossipAddress(host: string): string {
  return `${host}:${STORAGE_PORT}`;
}

/** The ring's view of a slot before it runs (its host id is not known until its catalog opens). */
function ringEndpoint(slot: Pick<NodeSlot, 'host' | 'datacenter' | 'rack'>): Endpoint {
  return { hostId: slot.host, address: gossipAddress(slot.host), datacenter: slot.datacenter, rack: slot.rack, status: 'normal' };
}
