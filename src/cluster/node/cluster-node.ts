/**
 * One node of a cluster in this process (ADR 0012): its own storage engine (threads, commit
 * logs, SSTables under its data directory), schema catalog and statement executor, plus the
 * cluster services: messaging on its address, a gossiper ticking on a timer, the ring as gossip
 * sees it, and a coordinator that the executor reads and writes through at each statement's
 * consistency level. Schema changes it makes are pushed to the live peers; a peer gossiping a
 * different schema version is asked for its schema.
 */

import path from 'node:path';
import type { TimerHandle, Timers } from '../../actors/timers.js';
import type { Clock } from '../../lib/clock.js';
import { NodeStoragePort } from '../../lib/node-storage-port.js';
import type { StoragePort } from '../../lib/storage-port.js';
import type { Random } from '../../lib/random.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import { StorageEngine, type StorageEngineOptions, type WriteMutation } from '../../storage/storage-engine.js';
import type { TableOptions } from '../../storage/table-options.js';
import type { Token } from '../../storage/model/token.js';
import { Catalog } from '../../cql/catalog/catalog.js';
import { CLUSTER_NAME, NATIVE_PORT, PARTITIONER, RELEASE_VERSION, STORAGE_PORT } from '../../cql/catalog/system-local.js';
import { StatementExecutor } from '../../cql/executor/statement-executor.js';
import { AdminPlugins } from '../admin/admin-plugins.js';
import type { TableMetadata } from '../../cql/schema/table-metadata.js';
import type { ConsistencyLevel } from '../consistency/consistency-level.js';
import { UnavailableError } from '../consistency/unavailable-error.js';
import { Coordinator } from '../coordinator/coordinator.js';
import type { ClusterView, CoordinatorTimeouts } from '../coordinator/cluster-view.js';
import { mutationsFromBytes, mutationsToBytes } from '../coordinator/replica-messages.js';
import { serveReplicaVerbs } from '../coordinator/replica-service.js';
import type { StorageProxy } from '../coordinator/storage-proxy.js';
import { asEndpoint, type Endpoint as GossipEndpoint } from '../gossip/endpoint.js';
import { decodeGossipMessage, encodeGossipMessage } from '../gossip/gossip-codec.js';
import { gossipLimits } from '../gossip/gossip-limits.js';
import { GossipStage } from '../gossip/gossip-stage.js';
import { statusValue, tokensValue } from '../gossip/gossip-status.js';
import { Gossiper } from '../gossip/gossiper.js';
import { gossipHintTargets } from '../hints/gossip-hint-targets.js';
import { hintVerbHandler, type HintMessage } from '../hints/hint-verb-handler.js';
import { hintsGossipTrigger } from '../hints/hints-gossip-trigger.js';
import { hintsMetricCollector } from '../hints/hints-metric-collector.js';
import type { HintsOptions } from '../hints/hints-options.js';
import { HintsService } from '../hints/hints-service.js';
import { MessagingService } from '../messaging/messaging-service.js';
import type { Transport } from '../messaging/transport.js';
import { Verb } from '../messaging/verb.js';
import type { Endpoint } from '../ring/endpoint.js';
import { replicationStrategyOf, type ReplicationStrategy } from '../replication/replication-strategy.js';
import { StreamingService } from '../streaming/streaming-service.js';
import { streamingGossipTrigger } from '../streaming/streaming-gossip-trigger.js';
import { getStreamThroughputCommand, setStreamThroughputCommand } from '../streaming/stream-throughput-command.js';
import { RepairCoordinator } from '../repair/repair-coordinator.js';
import { repairCommand } from '../repair/repair-command.js';
import type { RepairOptions } from '../repair/repair-options.js';
import { serveRepairVerbs } from '../repair/repair-service.js';
import type { RepairSummary } from '../repair/repair-summary.js';
import type { JoinRequest } from '../membership/join-request.js';
import { decommissionCommand, removenodeCommand } from '../membership/membership-commands.js';
import { BootstrapProgress } from '../membership/bootstrap-progress.js';
import { MembershipService } from '../membership/membership-service.js';
import { membershipLimits } from '../membership/membership-limits.js';
import type { PendingReplicas } from '../membership/pending-ranges.js';
import type { RemovalSummary } from '../membership/remove-node.js';
import type { StreamSummary } from '../streaming/stream-summary.js';
import { GossipRing } from './gossip-ring.js';
import { PeersRecorder } from './peers-recorder.js';

// The inter-node port (Cassandra's storage_port), the cluster name and release are system.local's.
export { CLUSTER_NAME, RELEASE_VERSION, STORAGE_PORT } from '../../cql/catalog/system-local.js';
/**
 * A gossip round every 250 ms, where Cassandra's is 1 s. A peer's heartbeat advances once a
 * round, so the failure detector's mean arrival interval is about one round, and phi 8 convicts
 * after ~18.4 intervals: 18 s at 1 s; here ~5 s once warmed, and under 10 s for every peer just
 * after start, when each window still holds its initial 2-round sample (the target is
 * under 10 s with defaults). Gossip between nodes of one process costs next to nothing.
 */
export const DEFAULT_GOSSIP_INTERVAL_MS = 250;

/**
 * Opens a node's storage with the tables it must serve (the catalog's system tables): the
 * StorageEngine under the node's data directory by default, a simulated one in test/sim.
 */
export type StorageFactory<E extends NodeStorage> = (tables: readonly TableOptions[]) => Promise<E>;

export interface ClusterNodeOptions<E extends NodeStorage = StorageEngine> {
  /** Its listen address, 127.0.0.i. */
  readonly host: string;
  readonly dataDir: string;
  readonly datacenter: string;
  readonly rack: string;
  readonly tokens: readonly Token[];
  readonly generation: number;
  /** Gossip addresses (host:7000) of the seeds. */
  readonly seeds: readonly string[];
  /** The seeds as configured now (nodetool reloadseeds reads it again); default `seeds`. */
  readonly seedProvider?: () => readonly string[];
  /** How long a silent gossip-only endpoint is kept (default gossipLimits.fatClientTimeoutMs). */
  readonly fatClientTimeoutMs?: number;
  readonly transport: Transport;
  readonly clock: Clock;
  readonly random: Random;
  readonly timers: Timers;
  readonly gossipIntervalMs?: number;
  readonly phiConvictThreshold?: number;
  readonly timeouts?: CoordinatorTimeouts;
  readonly threads?: number;
  readonly storage?: Partial<Omit<StorageEngineOptions, 'dataDirectory' | 'tables'>>;
  /**
   * Where the node's data lives. Default: a StorageEngine under `dataDir` with `threads` and
   * `storage`; required when E is not StorageEngine (ClusterNode.start's overloads say so).
   */
  readonly openStorage?: StorageFactory<E>;
  /** The disk under the hints directory (default node:fs); the simulator gives a memory one. */
  readonly hintsPort?: StoragePort;
  /** Where new host ids and table UUIDs come from (default crypto.randomUUID); seeded in the simulator. */
  readonly newUuid?: () => string;
  /** Hinted handoff (hints/hints-options.ts): enabled, maxHintWindowMs, throttleKiBPerSecond... */
  readonly hints?: HintsOptions;
  /**
   * A node new to the ring (empty `tokens`): bootstrap with balanced tokens, or replace a dead
   * node (membership/join-request.ts). start() resolves once it is NORMAL.
   */
  readonly join?: JoinRequest;
  /** The port its CQL native protocol server listens on, as gossip and system.local say (default 9042). */
  readonly nativePort?: number;
  /** StorageService.RING_DELAY for this node's membership changes (default 30 s). */
  readonly ringDelayMs?: number;
  /** Monotonic milliseconds for request latencies (default performance.now); the simulator's clock in test/sim. */
  readonly monotonicMs?: () => number;
  /** The tokens a joining node took, before it announces them (to keep them across restarts). */
  readonly onTokens?: (tokens: readonly Token[]) => void;
  /** The node decommissioned and stopped: it is no longer part of the cluster. */
  readonly onLeft?: () => void;
  /** The node is open and about to join or serve: from here on its owner may stop it (a crash mid-bootstrap). */
  readonly onOpened?: (node: ClusterNode<E>) => void;
  /**
   * A node whose bootstrap was cut short joins again with its tokens and fetches only the
   * ranges not yet streamed (membership/bootstrap-progress.ts); with this, all of them
   * (Cassandra's -Dcassandra.reset_bootstrap_progress=true).
   */
  readonly resetBootstrapProgress?: boolean;
}

/**
 * E is the node's storage: a StorageEngine (the default, and what the node tool and metrics
 * read beyond NodeStorage: status, flush, snapshots) or the simulator's.
 */
export class ClusterNode<E extends NodeStorage = StorageEngine> implements ClusterView {
  readonly executor = new StatementExecutor();
  /** Node tool commands and metric collectors this node's services add (repair, hints...). */
  readonly admin = new AdminPlugins();
  readonly coordinator: Coordinator;
  /** Hinted handoff: hints this node keeps for replicas that missed writes, and their delivery. */
  readonly hints: HintsService;
  /** Range streaming to and from other nodes (bootstrap, decommission, repair). */
  readonly streaming: StreamingService;
  /** The GossiperActor: gossip rounds and messages go through its mailbox (tpstats' GossipStage). */
  readonly gossipStage: GossipStage;
  private readonly repairs: RepairCoordinator;
  ringView!: GossipRing;
  /** Joining, leaving, removing others, and the pending replicas of writes (membership/). */
  membership!: MembershipService;
  self!: Endpoint;
  private readonly tablesById = new WeakMap<object, Map<number, TableMetadata>>();
  private readonly strategies = new WeakMap<object, ReplicationStrategy>();
  private readonly pulling = new Set<string>();
  private tickTimer: TimerHandle | null = null;
  private peers: PeersRecorder | null = null;
  private stopped = false;

  private constructor(
    readonly options: ClusterNodeOptions<E>,
    readonly engine: E,
    readonly messaging: MessagingService,
    readonly gossiper: Gossiper,
    private catalogRef: { current: Catalog | null },
    private readonly bootstrapProgress: BootstrapProgress,
  ) {
    this.gossipStage = new GossipStage({
      gossiper,
      timers: options.timers,
      clock: options.clock,
      // A gossiper that throws broke an invariant: fail loudly, as a throwing round always did.
      onFailure: (error) =>
        void options.timers.setTimeout(() => {
          throw new Error(error);
        }, 0),
    });
    this.hints = new HintsService({
      directory: path.join(path.resolve(options.dataDir), 'hints'),
      port: options.hintsPort ?? new NodeStoragePort(),
      clock: options.clock,
      timers: options.timers,
      ...(options.hints ? { options: options.hints } : {}),
      targets: gossipHintTargets(gossiper, () => this.ringView.state(), () => this.catalog.schema.version),
      send: (address, batch) => messaging.request(address, Verb.hint, { batch } satisfies HintMessage, options.timeouts?.writeMs ?? 2000),
      handOver: (address, message) => messaging.request(address, Verb.hint, message, options.timeouts?.writeMs ?? 2000),
      gcGraceSecondsOf: (tableId) => this.catalog.schema.tables().find((t) => t.id === tableId)?.options.gcGraceSeconds,
    });
    this.coordinator = new Coordinator({ engine, messaging, view: this, hints: this.hints, timers: options.timers, clock: options.clock, ...(options.timeouts ? { timeouts: options.timeouts } : {}), ...(options.monotonicMs ? { monotonicMs: options.monotonicMs } : {}) });
    this.streaming = new StreamingService({ engine, messaging, clock: options.clock, timers: options.timers, isPeerDown: (peer) => !gossiper.isAlive(asEndpoint(peer)) });
    this.repairs = new RepairCoordinator({ view: this, schema: () => this.catalog.schema, engine, messaging, streaming: this.streaming, clock: options.clock, timers: options.timers });
  }

  /** Opens the node's storage and catalog, joins the network and starts gossiping. */
  static start(options: ClusterNodeOptions<StorageEngine>): Promise<ClusterNode<StorageEngine>>;
  static start<E extends NodeStorage>(options: ClusterNodeOptions<E> & { readonly openStorage: StorageFactory<E> }): Promise<ClusterNode<E>>;
  static async start<E extends NodeStorage>(given: ClusterNodeOptions<E>): Promise<ClusterNode<E>> {
    const address = `${given.host}:${STORAGE_PORT}`;
    // The first overload is the only one without openStorage, and there E is StorageEngine.
    const openStorage = given.openStorage ?? (engineFactory(given) as StorageFactory<NodeStorage> as StorageFactory<E>);
    const engine = await openStorage(Catalog.systemStorageTables());
    // A bootstrap cut short (a crash mid-stream): the node is no ring member yet; it joins again.
    const bootstrapProgress = BootstrapProgress.open(given.hintsPort ?? new NodeStoragePort(), path.resolve(given.dataDir));
    const unfinished = given.join === undefined ? bootstrapProgress.unfinishedJoin(given.resetBootstrapProgress === true) : null;
    const options: ClusterNodeOptions<E> = unfinished === null ? given : { ...given, tokens: [], join: unfinished.request };
    const messaging = new MessagingService(address, options.transport, options.timers);
    const gossiper = new Gossiper({
      localEndpoint: asEndpoint(address),
      clusterName: CLUSTER_NAME,
      partitionerName: PARTITIONER,
      seeds: options.seeds.map(asEndpoint),
      clock: options.clock,
      random: options.random,
      send: (to, message) => messaging.send(to, Verb.gossip, encodeGossipMessage(message)),
      phiConvictThreshold: options.phiConvictThreshold ?? gossipLimits.phiConvictThresholdDefault,
      intervalMs: options.gossipIntervalMs ?? DEFAULT_GOSSIP_INTERVAL_MS,
      ...(options.fatClientTimeoutMs === undefined ? {} : { fatClientTimeoutMs: options.fatClientTimeoutMs }),
    });
    const catalogRef: { current: Catalog | null } = { current: null };
    const node = new ClusterNode(options, engine, messaging, gossiper, catalogRef, bootstrapProgress);
    try {
      await node.open();
    } catch (error) {
      node.gossipStage.close();
      await node.hints.close();
      messaging.close();
      await engine.close();
      throw error;
    }
    options.onOpened?.(node);
    if (options.join === undefined) {
      node.membership.markNormal();
      return node;
    }
    try {
      await node.membership.join(options.join, unfinished?.tokens ?? null);
    } catch (error) {
      await node.stop(false);
      throw error;
    }
    return node;
  }

  private async open(): Promise<void> {
    const { options, engine, messaging, gossiper } = this;
    const catalog = await Catalog.open(engine, options.clock, {
      ...(options.newUuid === undefined ? {} : { newUuid: options.newUuid }),
      announce: (mutations) => this.announceSchema(mutations),
      onTruncate: (table) => this.truncateEverywhere(table),
      localNode: () => ({
        address: options.host,
        datacenter: options.datacenter,
        rack: options.rack,
        // The ring's once it exists: a joining node's tokens are chosen after the catalog opens.
        tokens: (this.ringView === undefined ? options.tokens : this.tokens).map(String),
        generation: options.generation,
        nativePort: options.nativePort ?? NATIVE_PORT,
      }),
    });
    this.catalogRef.current = catalog;
    this.self = { hostId: catalog.hostId, address: messaging.address, datacenter: options.datacenter, rack: options.rack, status: 'normal' };
    this.ringView = new GossipRing(gossiper, { endpoint: this.self, tokens: options.tokens }, { onDisplaced: (address) => this.membership.forgetDisplaced(address) });
    this.membership = new MembershipService(
      this,
      {
        clock: options.clock,
        timers: options.timers,
        random: options.random,
        ringDelayMs: options.ringDelayMs ?? membershipLimits.ringDelayMsDefault,
        gossipIntervalMs: options.gossipIntervalMs ?? DEFAULT_GOSSIP_INTERVAL_MS,
      },
      {
        onTokens: (tokens) => options.onTokens?.(tokens),
        progress: this.bootstrapProgress,
        afterLeaving: async () => {
          await this.stop();
          options.onLeft?.();
        },
      },
    );
    this.membership.serve();
    // The ring as this node last saw it, before gossip says anything (a restart knows its peers).
    // After the MembershipService: restored peers may displace one another (a replaced node and
    // its replacement), and the ring reports that to it (simulator seed 196).
    this.peers = await PeersRecorder.restore({ engine, catalog, clock: options.clock, gossiper, ring: this.ringView, self: this.self, storagePort: STORAGE_PORT });
    this.admin.registerCommand('decommission', decommissionCommand);
    this.admin.registerCommand('removenode', removenodeCommand);

    serveReplicaVerbs(messaging, engine);
    this.hints.open();
    messaging.handle(
      Verb.hint,
      hintVerbHandler(engine, (tableId) => this.strategyOf(tableId) !== null, this.hints.counters, {
        selfHostId: () => this.self.hostId,
        storeHandedOver: (target, hint) => this.hints.storeHandedOver(target, hint),
      }),
    );
    gossiper.register(hintsGossipTrigger(this.hints, gossiper));
    this.admin.registerCollector(hintsMetricCollector(this.hints));
    this.streaming.serve();
    gossiper.register(streamingGossipTrigger(this.streaming));
    serveRepairVerbs(messaging, engine, this.streaming);
    this.admin.registerCommand('repair', repairCommand);
    this.admin.registerCommand('setstreamthroughput', setStreamThroughputCommand);
    this.admin.registerCommand('getstreamthroughput', getStreamThroughputCommand);
    messaging.handle(Verb.gossip, (payload, from) => this.gossipStage.deliver(asEndpoint(from), decodeGossipMessage(payload as Uint8Array)));
    messaging.handle(Verb.schemaPush, async (payload) => {
      await this.applySchema(mutationsFromBytes(payload as Uint8Array));
      return true;
    });
    messaging.handle(Verb.schemaPull, async () => mutationsToBytes(await this.catalog.schemaMutations()));
    messaging.handle(Verb.truncate, async (payload) => {
      await engine.truncateTable(payload as number);
      return true;
    });
    messaging.handle(Verb.echo, () => true);

    const tokens = options.tokens.map(String);
    gossiper.register({
      onChange: (endpoint, key, value) => {
        if (key === 'SCHEMA' && value.value !== this.catalog.schema.version) this.pullSchema(endpoint);
      },
      onAlive: (endpoint, state) => {
        const version = state.applicationState('SCHEMA')?.value;
        if (version !== undefined && version !== this.catalog.schema.version) this.pullSchema(endpoint);
      },
    });
    gossiper.start(options.generation, [
      ['DC', options.datacenter],
      ['RACK', options.rack],
      ['HOST_ID', catalog.hostId],
      ['RELEASE_VERSION', RELEASE_VERSION],
      ['RPC_ADDRESS', options.host],
      ['NATIVE_ADDRESS_AND_PORT', `${options.host}:${options.nativePort ?? NATIVE_PORT}`],
      ['SCHEMA', catalog.schema.version],
      // A node new to the ring says nothing of tokens until it has chosen them (membership/bootstrap.ts).
      ...(tokens.length === 0 ? [] : ([['TOKENS', tokensValue(tokens)], ['STATUS', statusValue.normal(tokens)]] as const)),
    ]);
    this.scheduleGossipRound(options.gossipIntervalMs ?? DEFAULT_GOSSIP_INTERVAL_MS);
    this.hints.start();
  }

  /** A gossip round every interval, on the node's timers (the simulator's manual ones in test/sim). */
  private scheduleGossipRound(intervalMs: number): void {
    this.tickTimer = this.options.timers.setTimeout(() => {
      if (this.stopped) return;
      this.gossipStage.tick();
      this.scheduleGossipRound(intervalMs);
    }, intervalMs);
  }

  get catalog(): Catalog {
    return this.catalogRef.current!;
  }

  get host(): string {
    return this.options.host;
  }

  get tokens(): readonly Token[] {
    return this.ringView.ring().tokensOf(this.self.hostId);
  }

  // ---- ClusterView ----

  ring() {
    return this.ringView.ring();
  }

  isAlive(endpoint: Endpoint): boolean {
    if (endpoint.hostId === this.self.hostId) return true;
    // Asked for every replica of every request: each ring endpoint's address is checked once.
    let gossipEndpoint = this.gossipEndpoints.get(endpoint);
    if (gossipEndpoint === undefined) this.gossipEndpoints.set(endpoint, (gossipEndpoint = asEndpoint(endpoint.address)));
    return this.gossiper.isAlive(gossipEndpoint);
  }

  private readonly gossipEndpoints = new WeakMap<Endpoint, GossipEndpoint>();

  /**
   * The generation gossip holds for `endpoint`. A peer killed and restarted before it was
   * convicted stays alive here at its old generation until gossip brings the new one, which
   * then marks it down until it answers an echo (as Cassandra does).
   */
  knownGeneration(endpoint: Endpoint): number | undefined {
    return this.gossiper.endpointState(asEndpoint(endpoint.address))?.heartBeatState().generation;
  }

  strategyOf(tableId: number): ReplicationStrategy | null {
    const table = this.tableById(tableId);
    if (table === undefined) return null;
    const keyspace = this.catalog.schema.keyspace(table.keyspace)!;
    const replication = keyspace.metadata.replication;
    if (replication.class === 'LocalStrategy') return null;
    let strategy = this.strategies.get(keyspace.metadata);
    if (strategy === undefined) this.strategies.set(keyspace.metadata, (strategy = replicationStrategyOf(replication)));
    return strategy;
  }

  speculativeRetryOf(tableId: number): string | undefined {
    return this.tableById(tableId)?.options.speculativeRetry;
  }

  private tableById(tableId: number): TableMetadata | undefined {
    const schema = this.catalog.schema;
    let byId = this.tablesById.get(schema);
    if (byId === undefined) this.tablesById.set(schema, (byId = new Map(schema.tables().map((t) => [t.id, t]))));
    return byId.get(tableId);
  }

  /** Nodes about to replicate the token's range (the write coordinator sends them writes too). */
  pendingReplicasFor(strategy: ReplicationStrategy, token: Token): PendingReplicas {
    return this.membership.pendingReplicasFor(strategy, token);
  }

  /** The keyspaces that go through the ring, each with its tables (for membership changes). */
  replicatedKeyspaces(): Array<{ name: string; strategy: ReplicationStrategy; tableIds: number[] }> {
    const byKeyspace = new Map<string, { name: string; strategy: ReplicationStrategy; tableIds: number[] }>();
    for (const table of this.catalog.schema.tables()) {
      const strategy = this.strategyOf(table.id);
      if (strategy === null) continue;
      let entry = byKeyspace.get(table.keyspace);
      if (entry === undefined) byKeyspace.set(table.keyspace, (entry = { name: table.keyspace, strategy, tableIds: [] }));
      entry.tableIds.push(table.id);
    }
    return [...byKeyspace.values()];
  }

  schemaVersion(): string {
    return this.catalog.schema.version;
  }

  /** nodetool decommission: leave the ring with this node's data streamed out, then stop. */
  decommission(): Promise<StreamSummary[]> {
    return this.membership.decommission();
  }

  /** nodetool removenode: take a dead node out of the ring, its ranges re-replicated first. */
  removeNode(hostId: string): Promise<RemovalSummary> {
    return this.membership.removeNode(hostId);
  }

  /** Where statements at `level` read and write. */
  storage(level: ConsistencyLevel): StorageProxy {
    return this.coordinator.at(level);
  }

  /** The seeds as configured now (host:port), for nodetool reloadseeds. */
  configuredSeeds(): readonly string[] {
    return this.options.seedProvider?.() ?? this.options.seeds;
  }

  /** Peers this node's gossip holds alive (host:port). */
  livePeers(): string[] {
    return this.gossiper.liveMembers().filter((e) => e !== this.messaging.address);
  }

  /**
   * nodetool repair: a full repair of this node's ranges (or primary ranges) of the keyspaces
   * and tables asked for, with every replica of them; rejects with RepairFailedError if one is
   * down (cluster/repair/README.md).
   */
  repair(options: RepairOptions = {}): Promise<RepairSummary> {
    return this.repairs.run(options);
  }

  // ---- schema ----

  private async announceSchema(mutations: readonly WriteMutation[]): Promise<void> {
    this.gossiper.addLocalApplicationState('SCHEMA', this.catalog.schema.version);
    const bytes = mutationsToBytes(mutations);
    const timeoutMs = this.options.timeouts?.writeMs ?? 2000;
    await Promise.allSettled(this.livePeers().map((peer) => this.messaging.request(peer, Verb.schemaPush, bytes, timeoutMs)));
  }

  private async applySchema(mutations: readonly WriteMutation[]): Promise<void> {
    await this.catalog.applySchemaMutations(mutations);
    this.gossiper.addLocalApplicationState('SCHEMA', this.catalog.schema.version);
  }

  /** Asks a peer whose schema version differs for its schema rows (MigrationManager's pull). */
  private pullSchema(peer: GossipEndpoint): void {
    if (this.stopped || this.pulling.has(peer)) return;
    this.pulling.add(peer);
    this.messaging
      .request<Uint8Array>(peer, Verb.schemaPull, null, this.options.timeouts?.readMs ?? 5000)
      .then((bytes) => this.applySchema(mutationsFromBytes(bytes)))
      .catch(() => undefined) // gossip will say again if it still differs
      .finally(() => this.pulling.delete(peer));
  }

  /** TRUNCATE reaches every node, and needs them all up (Cassandra's TruncateException otherwise). */
  private async truncateEverywhere(table: TableMetadata): Promise<void> {
    const ring = this.ring();
    const peers = ring.endpoints().filter((e) => e.hostId !== this.self.hostId);
    const down = peers.filter((e) => !this.isAlive(e));
    if (down.length > 0) throw new UnavailableError('ALL', peers.length + 1, peers.length + 1 - down.length);
    await Promise.all(peers.map((peer) => this.messaging.request(peer.address, Verb.truncate, table.id, this.options.timeouts?.writeMs ?? 2000)));
  }

  // ---- lifecycle ----

  /** Stops the node: with `graceful`, peers hear it shut down at once; without, they find out by the failure detector. */
  async stop(graceful = true): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.tickTimer !== null) this.options.timers.clearTimeout(this.tickTimer);
    if (graceful) this.gossiper.stop();
    // Gossip still queued is dropped, as a stopped process handles nothing more.
    this.gossipStage.close();
    // Let the shutdown message leave before the endpoint closes.
    if (graceful) await new Promise<void>((resolve) => this.options.timers.setTimeout(resolve, 5));
    // Before messaging closes: the hint in flight settles and its acknowledgement is recorded.
    await this.hints.close();
    await this.peers?.close();
    this.messaging.close();
    await this.engine.close();
  }
}

/** The default storage: a StorageEngine under the node's data directory. */
function engineFactory(options: Pick<ClusterNodeOptions<NodeStorage>, 'dataDir' | 'storage' | 'threads'>): StorageFactory<StorageEngine> {
  return (tables) =>
    StorageEngine.open({
      ...options.storage,
      dataDirectory: path.resolve(options.dataDir),
      tables,
      ...(options.threads === undefined ? {} : { threads: options.threads }),
    });
}
