/**
 * A deterministic simulation of a 3-6 node cluster (ARCHITECTURE.md section 11): real
 * ClusterNodes (catalog, executor, coordinator, gossip, hints, streaming, repair, membership)
 * on one thread, on one SimulatedTime (manual clock and timers), one InProcessTransport
 * drawing its delays, drops and duplicates from the seed, and a SimulatedStorage per node on
 * its own SimulatedDisk. Every chance is drawn from the seed, so a seed replays exactly; the
 * trace's hash is the check.
 *
 * One run (runSimulation):
 *   1. draw the shape (topology.ts: one datacenter and SimpleStrategy, or two datacenters and
 *      NetworkTopologyStrategy), tokens balanced as Cluster does, operations, keys, faults and
 *      membership changes;
 *   2. start every node, wait until gossip converges, create sim.kv and sim.rows, wait for
 *      schema agreement;
 *   3. the workload (workload.ts) runs while the nemesis (nemesis.ts) plays its faults and
 *      membership changes (a node bootstraps or decommissions, a crashed one is removed or
 *      replaced);
 *   4. heal everything (restart nodes down, heal the network, free the disks), wait for the
 *      changes to end, for convergence and for hints to drain, then a full repair of sim on
 *      every node of the final ring in turn;
 *   5. check the invariants (invariants.ts) on the history, the final ring's replicas'
 *      storage, and one QUORUM read per key.
 * A failing seed replays with `npm run sim -- --seed <seed>`. The nemesis avoids the triggers
 * of bugs found and not fixed (README.md) unless `exposeKnownBugs` is set.
 */

import { createHash } from 'node:crypto';
import type { TimerHandle } from '../../src/actors/timers.js';
import type { ConsistencyLevel } from '../../src/cluster/consistency/consistency-level.js';
import { asEndpoint } from '../../src/cluster/gossip/endpoint.js';
import type { JoinRequest } from '../../src/cluster/membership/join-request.js';
import { computeRangeMovements } from '../../src/cluster/membership/range-movement.js';
import type { RingState } from '../../src/cluster/membership/ring-state.js';
import { planPush } from '../../src/cluster/membership/stream-plan.js';
import { InProcessTransport } from '../../src/cluster/messaging/in-process-transport.js';
import { ClusterNode, STORAGE_PORT } from '../../src/cluster/node/cluster-node.js';
import { nextGeneration } from '../../src/cluster/node/node-identity.js';
import type { Endpoint } from '../../src/cluster/ring/endpoint.js';
import { murmur3Token } from '../../src/cluster/ring/murmur3.js';
import { allocateTokens } from '../../src/cluster/ring/token-allocation.js';
import { TokenMetadata } from '../../src/cluster/ring/token-metadata.js';
import type { Statement } from '../../src/cql/ast/statement.js';
import { parseStatement } from '../../src/cql/parser/parser.js';
import { DiskFullError, isEnospc } from '../../src/lib/errors.js';
import { SeededRandom, type Random } from '../../src/lib/random.js';
import { partitionDigest } from '../../src/storage/model/partition-digest.js';
import type { Token } from '../../src/storage/model/token.js';
import { checkAfterRepair, checkReadsDuringRun, checkReplicasIdentical, type ReplicaLoss } from './invariants.js';
import { Nemesis, planFaults, type ChangeKind, type FaultTarget } from './nemesis.js';
import { SimulatedDisk } from './simulated-disk.js';
import { SimulatedStorage } from './simulated-storage.js';
import { SimulatedTime } from './simulated-time.js';
import { drawTopology, localReplicationFactor, type SimTopology } from './topology.js';
import { readOf, Workload, workloadSchema, type WorkloadTarget } from './workload.js';

export interface SimulationOptions {
  readonly seed: number;
  /** Keep the trace lines in the result (the hash is computed either way). */
  readonly keepTrace?: boolean;
  /** Overrides of what the seed draws (for tests of the simulator itself). */
  readonly nodes?: number;
  readonly topology?: 'simple' | 'nts';
  readonly operations?: number;
  readonly faults?: number;
  /** The membership changes planned beside the faults, instead of drawing them. */
  readonly changes?: readonly ChangeKind[];
  /** Let the nemesis trigger the bugs README.md lists as found and not fixed, which it avoids by default. */
  readonly exposeKnownBugs?: boolean;
  /**
   * A bug planted on purpose, to show the invariants catch it: QUORUM writes sent at ONE
   * while the history records QUORUM (a coordinator that acknowledges after one replica).
   */
  readonly plantedBug?: 'quorum-write-acked-by-one';
}

export interface SimulationResult {
  readonly seed: number;
  /** simple or nts (topology.ts). */
  readonly topology: string;
  /** Nodes at the start. */
  readonly nodes: number;
  readonly operations: number;
  readonly faults: number;
  /** Operations by outcome: ok, failed, lost. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** The membership changes made, each as "bootstrap n6" or "decommission n2". */
  readonly changes: readonly string[];
  readonly violations: readonly string[];
  /** sha256 of the trace: the same seed gives the same hash. */
  readonly traceHash: string;
  readonly trace: readonly string[];
  readonly simulatedMs: number;
  readonly steps: number;
}

const START_MS = 1_700_000_000_000;
const NUM_TOKENS = 4;
const GOSSIP_INTERVAL_MS = 100;
/**
 * StorageService.RING_DELAY for joins and leaves: ten gossip rounds, as the membership tests
 * use (Cassandra's is 30 rounds of 1 s). A coordinator that has not heard of a change within
 * it may write without the pending replica; the simulation keeps it well above the rounds
 * gossip needs to reach 6 nodes.
 */
const RING_DELAY_MS = 1000;
/** Load after a membership change ends: reads and writes on the new ring, before repair could hide a gap. */
const LOAD_AFTER_CHANGE_MS = 300;
/** How often a membership change looks at the cluster while it waits (a dead node seen down everywhere). */
const UNTIL_LOOK_MS = 20;
/** Nodes at most, bootstraps included. */
const NODES_MAX = 6;
const TIMEOUTS = { writeMs: 400, readMs: 400, rangeMs: 800 };
const HINTS = { dispatchIntervalMs: 300, throttleKiBPerSecond: 0 };
const NETWORK_DELAY_MS = { minMs: 0.2, maxMs: 3 };
/** The commit log's group window: wide enough that a crash often finds writes appended but not synced (a torn tail in ~1 of 5 crashes). */
const SYNC_WINDOW_MS = 4;
/** Bounds of simulated time for each wait, so a stuck run fails instead of spinning. */
const CONVERGE_LIMIT_MS = 60_000;
const START_LIMIT_MS = 30_000;
const REPAIR_LIMIT_MS = 120_000;
const RESTART_RETRY_MS = 200;
/** How long an operator waits for removenode before forcing it (a node it waits for died, or the coordinator did). */
const REMOVAL_PATIENCE_MS = 5000;
/** A bootstrap that failed (a source down, the ring not settled) is tried again after this. */
const JOIN_RETRY_MS = 500;
/** How long a converged cluster must stay so before the run goes on (five gossip rounds). */
const STABLE_MS = 5 * GOSSIP_INTERVAL_MS;
/** At the start no fault has happened yet, and no failure detector can flap: two rounds will do. */
const START_STABLE_MS = 2 * GOSSIP_INTERVAL_MS;
const CONDITION_CHECK_MS = 5;

/** The replay command for a seed. */
export function replayCommand(seed: number, options: Pick<SimulationOptions, 'exposeKnownBugs'> = {}): string {
  return `npm run sim -- --seed ${seed}${options.exposeKnownBugs === true ? ' --expose-known-bugs' : ''}`;
}

export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const cluster = new SimulatedCluster(options);
  return cluster.run();
}

type SlotState = 'down' | 'starting' | 'running' | 'stopping';

/**
 * Where a node stands in the cluster's life: joining (bootstrapping, or replacing a dead node:
 * not yet a coordinator), member, leaving (decommissioning), removing (dead for good, being
 * removed or replaced: never restarted), or gone (it left or was removed or replaced: never
 * restarted, never a coordinator, never a replica checked).
 */
type Membership = 'joining' | 'member' | 'leaving' | 'removing' | 'gone';

interface NodeSlot {
  readonly index: number;
  readonly host: string;
  readonly address: string;
  readonly datacenter: string;
  readonly rack: string;
  readonly disk: SimulatedDisk;
  /** Its tokens: drawn at placement, or chosen by its bootstrap (empty until then). */
  tokens: readonly Token[];
  state: SlotState;
  membership: Membership;
  /** The join a new node asks for at its first start. */
  join: JoinRequest | null;
  /** Its node has opened with `join`: the request is on its disk, and later starts resume it. */
  joinRecorded: boolean;
  /** A start tried again later (after a failed join, or a full disk). */
  retry: TimerHandle | null;
  node: ClusterNode<SimulatedStorage> | null;
  storage: SimulatedStorage | null;
  generation: number;
  /** Raised each time the node's process ends. */
  incarnation: number;
  /** The step at which its process last ended. */
  diedStep: number;
  /** The node a replacement takes over (replace_address). */
  replaces: NodeSlot | null;
  hostId: string | null;
}

class SimulatedCluster implements WorkloadTarget, FaultTarget {
  private readonly time = new SimulatedTime(START_MS);
  private readonly random: Random;
  private readonly topology: SimTopology;
  private readonly transport: InProcessTransport;
  private readonly slots: NodeSlot[];
  private readonly traceLines: string[] = [];
  private readonly hash = createHash('sha256');
  private readonly violations: string[] = [];
  private readonly uuidRandom: Random;
  private readonly diskRandom: Random;
  private workload: Workload | null = null;
  private nemesis: Nemesis | null = null;
  /** The membership change under way (one at a time), by the node it moves. */
  private change: { readonly kind: ChangeKind; readonly slot: NodeSlot } | null = null;
  private readonly changesMade: string[] = [];
  /** The clients go on until then: a while after each change, so reads meet the new ring before any repair. */
  private loadUntilMs = 0;
  /** Replicas lost for good (removenode, replace), for the invariants. */
  private readonly losses: ReplicaLoss[] = [];
  /** Keys the clients use, 0 to keys - 1. */
  private keys = 0;
  /** Ring views as text, by state object, and numbered in the order first seen (ringEpochOf). */
  private readonly ringViews = new WeakMap<RingState, string>();
  private readonly ringEpochs = new Map<string, number>();

  constructor(private readonly options: SimulationOptions) {
    this.random = new SeededRandom(options.seed);
    this.topology = drawTopology(this.random, { ...(options.nodes === undefined ? {} : { nodes: options.nodes }), ...(options.topology === undefined ? {} : { kind: options.topology }) });
    this.transport = new InProcessTransport(this.time, new SeededRandom(this.random.int(0x7fffffff)));
    this.transport.faults.delay = NETWORK_DELAY_MS;
    this.uuidRandom = new SeededRandom(this.random.int(0x7fffffff));
    this.diskRandom = new SeededRandom(this.random.int(0x7fffffff));
    this.slots = this.placeNodes();
  }

  async run(): Promise<SimulationResult> {
    const random = this.random;
    const changeRoll = random.next();
    const changeCount = this.options.changes?.length ?? (changeRoll < 0.55 ? 0 : changeRoll < 0.9 ? 1 : 2);
    // A run with changes plans fewer operations: its clients go on while the changes run.
    const operations = this.options.operations ?? (changeCount === 0 ? 120 + random.int(121) : 60 + random.int(61));
    const keys = 4 + random.int(9);
    this.keys = keys;
    const faultCount = this.options.faults ?? 1 + random.int(4);
    const workloadRandom = new SeededRandom(random.int(0x7fffffff));
    const plan = planFaults(new SeededRandom(random.int(0x7fffffff)), {
      faults: faultCount,
      changes: changeCount,
      ...(this.options.changes === undefined ? {} : { changeKinds: this.options.changes }),
      windowMs: operations * 6,
      durationMsMin: 300,
      durationMsMax: 4000,
    });
    const nodeCount = this.slots.length;
    const layout = this.topology.datacenters.map((dc) => `${dc.name} ${dc.nodes} nodes/${dc.racks} racks`).join(', ');
    this.trace(`seed ${this.options.seed}: ${nodeCount} nodes (${layout}), ${this.topology.replication}, ${operations} operations on ${keys} keys, ${faultCount} faults, ${changeCount} membership changes`);

    const workload = new Workload(
      {
        operations,
        operationsMax: operations * 3,
        keys,
        gapMsMax: 12,
        inFlightMax: 8,
        writeLevels: this.topology.writeLevels,
        readLevels: this.topology.readLevels,
        continueWhile: () => this.change !== null || this.nemesis?.hasChangesAhead() === true || this.time.elapsedMs() < this.loadUntilMs,
      },
      this,
      this.time,
      workloadRandom,
    );
    this.workload = workload;
    try {
      await this.startAll();
      await this.createSchema();
      const nemesis = new Nemesis(plan, this, this.time);
      this.nemesis = nemesis;
      workload.start();
      nemesis.start();
      const finished = await this.time.runUntil(() => workload.isDone(), 300_000);
      if (!finished) this.fail(`the workload did not finish: ${workload.history.inFlight().length} operations never answered`);
      nemesis.heal();
      this.trace('healed');
      await this.settleEverything();
      await this.repairAll();
      await this.checkInvariants(workload);
    } catch (error) {
      // A run stuck short of a state it needs is a failure of its seed, already recorded.
      if (!(error instanceof SimulationStuckError)) throw error;
    }

    const ops = workload.history.operations;
    const outcomes: Record<string, number> = {};
    for (const op of ops) outcomes[op.outcome ?? 'pending'] = (outcomes[op.outcome ?? 'pending'] ?? 0) + 1;
    return {
      seed: this.options.seed,
      topology: this.topology.kind,
      nodes: nodeCount,
      operations: ops.length,
      faults: faultCount,
      outcomes,
      changes: this.changesMade,
      violations: this.violations,
      traceHash: this.hash.digest('hex'),
      trace: this.options.keepTrace === true ? this.traceLines : [],
      simulatedMs: this.time.elapsedMs(),
      steps: this.time.steps,
    };
  }

  // ---- setting up ----

  /** Addresses, places and tokens: each node balanced against those before it, as Cluster.start does. */
  private placeNodes(): NodeSlot[] {
    const tokenRandom = new SeededRandom(this.random.int(0x7fffffff));
    let ring = TokenMetadata.EMPTY;
    const slots: NodeSlot[] = [];
    for (const dc of this.topology.datacenters) {
      for (let i = 0; i < dc.nodes; i++) {
        const slot = this.newSlot(slots.length, dc.name, `rack${(i % dc.racks) + 1}`);
        const endpoint: Endpoint = { hostId: slot.host, address: slot.address, datacenter: slot.datacenter, rack: slot.rack, status: 'normal' };
        slot.tokens = allocateTokens({ metadata: ring, endpoint, numTokens: NUM_TOKENS, localReplicationFactor: localReplicationFactor(this.topology, dc.name), random: tokenRandom });
        ring = ring.withNode(endpoint, slot.tokens);
        slot.membership = 'member';
        slots.push(slot);
      }
    }
    return slots;
  }

  private newSlot(index: number, datacenter: string, rack: string): NodeSlot {
    const host = `127.0.0.${index + 1}`;
    return {
      index,
      host,
      address: `${host}:${STORAGE_PORT}`,
      datacenter,
      rack,
      disk: new SimulatedDisk(),
      tokens: [],
      state: 'down',
      membership: 'joining',
      join: null,
      joinRecorded: false,
      retry: null,
      node: null,
      storage: null,
      generation: 0,
      incarnation: 0,
      diedStep: 0,
      replaces: null,
      hostId: null,
    };
  }

  private async startAll(): Promise<void> {
    for (const slot of this.slots) this.restart(slot.index);
    await this.awaitCondition(() => this.slots.every((s) => s.state === 'running') && this.isConverged(), CONVERGE_LIMIT_MS, 'the cluster did not converge at start', START_STABLE_MS);
  }

  private async createSchema(): Promise<void> {
    const slot = this.slots[0]!;
    for (const cql of workloadSchema(this.topology.replication)) await this.time.settle(this.execute(slot.host, parseStatement(cql), [], 'ONE'), START_LIMIT_MS);
    await this.awaitCondition(() => this.isConverged(), CONVERGE_LIMIT_MS, 'the schema did not reach every node', START_STABLE_MS);
    this.trace(`schema ${slot.node!.catalog.schema.version}`);
  }

  // ---- WorkloadTarget ----

  /**
   * Nodes clients may use as coordinators: every running member, from the moment it has
   * started (a joining node starts once it is NORMAL), until it has left the ring. A restarted
   * node knows the ring from system.peers before gossip says anything (its peers held down
   * until they answer), as Cassandra's initServer restores it; without that, seeds 87, 164 and
   * 387 found writes and deletes at ONE acknowledged by a node that thought itself alone.
   */
  runningHosts(): string[] {
    return this.slots
      .filter((s) => s.state === 'running' && s.membership !== 'gone' && s.node !== null && s.node.ring().endpoint(s.node.self.hostId) !== undefined)
      .map((s) => s.host);
  }

  datacenterOf(host: string): string {
    return this.slotOf(host).datacenter;
  }

  /**
   * The host's view of the ring (members, their states, replacements under way) as an epoch:
   * each distinct view is numbered when it is first seen (invariants.ts, quorum-read-sees-quorum-write).
   */
  ringEpochOf(host: string): number {
    const node = this.slotOf(host).node;
    if (node === null) return 0;
    const state = node.ringView.state();
    let view = this.ringViews.get(state);
    if (view === undefined) {
      view = [
        ...state.metadata
          .endpoints()
          .map((e) => `${e.hostId}:${e.status}`)
          .sort(),
        ...state.replacements.map((r) => `${r.endpoint.hostId}>${r.replaced}`).sort(),
      ].join(',');
      this.ringViews.set(state, view);
    }
    let epoch = this.ringEpochs.get(view);
    if (epoch === undefined) this.ringEpochs.set(view, (epoch = this.ringEpochs.size));
    return epoch;
  }

  execute(host: string, statement: Statement, params: readonly unknown[], level: ConsistencyLevel): Promise<unknown[][]> {
    const node = this.slotOf(host).node;
    if (node === null) return Promise.reject(new Error(`${host} is down`));
    if (this.options.plantedBug === 'quorum-write-acked-by-one' && level === 'QUORUM' && statement.kind !== 'SelectStatement') level = 'ONE';
    return node.executor
      .execute(statement, { catalog: node.catalog, engine: node.storage(level), clock: this.time.clock, keyspace: null, params, fetchSize: Infinity, pageState: null })
      .then((result) => (result.kind === 'rows' ? result.rows : []));
  }

  incarnationOf(host: string): number {
    return this.slotOf(host).incarnation;
  }

  trace(line: string): void {
    const entry = `${this.time.elapsedMs().toFixed(3)} ${line}`;
    this.hash.update(entry).update('\n');
    if (this.options.keepTrace === true) this.traceLines.push(entry);
  }

  // ---- FaultTarget ----

  members(): number[] {
    return this.slots.filter((s) => s.membership !== 'gone' && s.membership !== 'removing').map((s) => s.index);
  }

  /** Its process runs: started, or (a joining node) open and bootstrapping. */
  isRunning(index: number): boolean {
    const slot = this.slots[index]!;
    return slot.state === 'running' || (slot.state === 'starting' && slot.membership === 'joining' && slot.node !== null);
  }

  busyWith(index: number): string | null {
    return this.slots[index]!.membership === 'leaving' ? 'node leaving' : null;
  }

  /** Power lost: the process dies at once, its clients' requests are lost, unsynced disk tails torn. */
  crash(index: number): void {
    const slot = this.slots[index]!;
    const node = slot.node!;
    this.endLife(slot);
    node.messaging.close();
    slot.storage!.crash();
    slot.disk.crash(this.diskRandom);
    this.trace(`n${index + 1} crashed (${slot.disk.bytesTorn} bytes torn so far)`);
    // What is left of it (timers, hints) stops; its disk calls fail now, as a dead process makes none.
    void node.stop(false).catch(() => undefined).finally(() => (slot.state = 'down'));
  }

  stop(index: number): void {
    void this.stopSlot(this.slots[index]!);
  }

  private stopSlot(slot: NodeSlot): Promise<void> {
    const node = slot.node!;
    this.endLife(slot);
    this.trace(`n${slot.index + 1} stopping`);
    return node
      .stop(true)
      .catch((error: unknown) => this.fail(`n${slot.index + 1} failed to stop: ${(error as Error).message}`))
      .finally(() => {
        slot.state = 'down';
        this.trace(`n${slot.index + 1} stopped`);
      });
  }

  /** Starts a node that is down (again): a new process on the same disk, a higher generation; a joining node joins again. */
  restart(index: number): void {
    const slot = this.slots[index]!;
    if (slot.retry !== null) {
      this.time.clearTimeout(slot.retry);
      slot.retry = null;
    }
    if (slot.membership === 'gone' || slot.membership === 'removing' || slot.state === 'starting' || slot.state === 'running') return;
    if (slot.state === 'stopping') {
      // Still letting go of its disk: start once it has.
      this.time.setTimeout(() => this.restart(index), 10);
      return;
    }
    slot.state = 'starting';
    slot.generation = nextGeneration(slot.generation || undefined, this.time.clock.nowSeconds());
    const port = slot.disk.port();
    const joining = slot.membership === 'joining';
    // A join asked for once is on the node's disk (membership/bootstrap-progress.ts): a restart
    // resumes it, with the tokens it announced and the ranges it has not streamed yet.
    const join = joining && !slot.joinRecorded ? slot.join : null;
    const incarnation = slot.incarnation;
    this.trace(`n${index + 1} starting (generation ${slot.generation}${joining ? `, ${join === null ? 'resuming its join' : 'joining'} ${slot.datacenter}/${slot.rack}` : ''})`);
    ClusterNode.start({
      host: slot.host,
      dataDir: `/sim/node${index + 1}`,
      datacenter: slot.datacenter,
      rack: slot.rack,
      tokens: joining ? [] : slot.tokens,
      generation: slot.generation,
      seeds: this.seedAddresses(),
      transport: this.transport,
      clock: this.time.clock,
      // Latencies (and speculation's thresholds, learned from them) in simulated time.
      monotonicMs: () => this.time.clock.nowMs(),
      random: new SeededRandom(this.random.int(0x7fffffff)),
      timers: this.time,
      gossipIntervalMs: GOSSIP_INTERVAL_MS,
      ringDelayMs: RING_DELAY_MS,
      timeouts: TIMEOUTS,
      hints: HINTS,
      hintsPort: port,
      newUuid: () => seededUuid(this.uuidRandom),
      ...(join === null ? {} : { join }),
      onTokens: (tokens: readonly Token[]) => (slot.tokens = tokens),
      // From here a joining node can be crashed or stopped mid-bootstrap.
      onOpened: (node: ClusterNode<SimulatedStorage>) => {
        slot.node = node;
        slot.hostId = node.self.hostId;
        if (joining) slot.joinRecorded = true;
      },
      openStorage: async (tables) => {
        slot.storage = SimulatedStorage.open({ port, directory: `/sim/node${index + 1}/data`, timers: this.time, clock: this.time.clock, tables, syncWindowMs: SYNC_WINDOW_MS });
        return slot.storage;
      },
    }).then(
      (node) => {
        // Crashed or stopped while it joined: whoever ended it starts it again.
        if (slot.incarnation !== incarnation) return;
        slot.node = node;
        slot.hostId = node.self.hostId;
        slot.state = 'running';
        this.traceGossip(slot, node);
        this.trace(`n${index + 1} running (replayed ${slot.storage!.replayed.frames} frames, ${slot.storage!.replayed.tornSegments} torn)`);
        if (joining) this.joined(slot, node);
      },
      (error: unknown) => {
        if (slot.incarnation !== incarnation) {
          this.trace(`n${index + 1} stopped while it started: ${(error as Error).message}`);
          return;
        }
        slot.state = 'down';
        slot.node = null;
        slot.incarnation++;
        if (joining) {
          // As an operator would after a failed bootstrap: start it again (it resumes its join).
          this.trace(`n${index + 1} failed to join: ${(error as Error).message}; retrying`);
          this.retryLater(slot, JOIN_RETRY_MS);
          return;
        }
        // A node cannot start on a full disk (its new commit-log segment, system.local): as an
        // operator would, try again once there may be space. Anything else is a failure.
        if (error instanceof DiskFullError || isEnospc(error)) {
          this.trace(`n${index + 1} failed to start: disk full; retrying`);
          this.retryLater(slot, RESTART_RETRY_MS);
          return;
        }
        this.fail(`n${index + 1} failed to start: ${(error as Error).stack ?? String(error)}`);
      },
    );
  }

  /** One start attempt pending per node, however many reasons to try again arise. */
  private retryLater(slot: NodeSlot, delayMs: number): void {
    if (slot.retry !== null) this.time.clearTimeout(slot.retry);
    slot.retry = this.time.setTimeout(() => {
      slot.retry = null;
      this.restart(slot.index);
    }, delayMs);
  }

  partition(group: readonly number[]): void {
    this.transport.faults.partition(this.addressesOf(group), this.addressesOf(this.othersThan(group)));
  }

  healPartition(group: readonly number[]): void {
    this.transport.faults.heal(this.addressesOf(group), this.addressesOf(this.othersThan(group)));
  }

  setDropProbability(probability: number): void {
    this.transport.faults.dropProbability = probability;
  }

  setDuplicateProbability(probability: number): void {
    this.transport.faults.duplicateProbability = probability;
  }

  setDelayMaxMs(ms: number): void {
    this.transport.faults.delay = ms === 0 ? NETWORK_DELAY_MS : { minMs: NETWORK_DELAY_MS.minMs, maxMs: ms };
  }

  setDiskFull(index: number, full: boolean): void {
    this.slots[index]!.disk.full = full;
  }

  changing(): boolean {
    return this.change !== null;
  }

  holdsChange(kind: ChangeKind): string | null {
    // One change at a time, and each seen by every running node before the next (a node that
    // dies just after going NORMAL may leave the others still counting it pending).
    if (!this.isConverged()) return 'the last change has not reached every node';
    switch (kind) {
      case 'bootstrap':
        return null;
      case 'decommission':
        return this.leavers().length > 0 ? null : 'every node that could leave would push to a node down';
      case 'removenode':
      case 'replace':
        return this.victims(kind).length > 0 ? null : 'some other member is down';
    }
  }

  beginChange(kind: ChangeKind, pick: number): string | null {
    switch (kind) {
      case 'bootstrap':
        return this.bootstrap(pick);
      case 'decommission':
        return this.decommission(pick);
      case 'removenode':
      case 'replace':
        return this.killForGood(kind, pick);
    }
  }

  // ---- membership changes ----

  /** A new node at the next address joins a datacenter drawn by `pick`, on its next rack. */
  private bootstrap(pick: number): string | null {
    if (this.memberSlots().length >= NODES_MAX) return `the cluster has ${NODES_MAX} nodes`;
    const dc = this.topology.datacenters[Math.floor(pick * this.topology.datacenters.length)]!;
    const inDc = this.slots.filter((s) => s.datacenter === dc.name).length;
    const slot = this.newSlot(this.slots.length, dc.name, `rack${(inDc % dc.racks) + 1}`);
    slot.join = { kind: 'bootstrap', numTokens: NUM_TOKENS, localReplicationFactor: localReplicationFactor(this.topology, dc.name) };
    this.slots.push(slot);
    this.change = { kind: 'bootstrap', slot };
    this.trace(`change bootstrap n${slot.index + 1} into ${slot.datacenter}/${slot.rack}`);
    this.restart(slot.index);
    return null;
  }

  private joined(slot: NodeSlot, node: ClusterNode<SimulatedStorage>): void {
    slot.membership = 'member';
    slot.join = null;
    slot.tokens = node.tokens;
    this.endChange();
    const replaced = slot.replaces;
    if (replaced !== null) replaced.membership = 'gone';
    this.changesMade.push(replaced === null ? `bootstrap n${slot.index + 1}` : `replace n${replaced.index + 1} by n${slot.index + 1}`);
    const outcome = node.membership.joinOutcome();
    const resumed = outcome === null || outcome.rangesAlreadyAvailable === 0 ? '' : `, ${outcome.rangesAlreadyAvailable} ranges kept from before its restart`;
    this.trace(`n${slot.index + 1} joined with tokens ${node.tokens.join(',')} (${outcome?.streams.reduce((n, s) => n + s.partitions, 0) ?? 0} partitions streamed${resumed})`);
  }

  /**
   * A running member whose datacenter keeps more nodes than its replication factor (else the
   * node refuses, as Cassandra's decommission does) leaves: LEAVING, its ranges pushed, LEFT,
   * stopped. One that fails (a push to a node down or cut off) stays LEAVING: it is restarted,
   * which makes it a normal member again, as Cassandra's would be.
   */
  private decommission(pick: number): string | null {
    const candidates = this.leavers();
    if (candidates.length === 0) return 'no node can leave now';
    const slot = candidates[Math.floor(pick * candidates.length)]!;
    const node = slot.node!;
    slot.membership = 'leaving';
    this.change = { kind: 'decommission', slot };
    this.trace(`change decommission n${slot.index + 1}`);
    const name = `n${slot.index + 1}`;
    node.decommission().then(
      (streams) => {
        // The node stopped itself once LEFT had spread: its clients' connections are gone.
        slot.membership = 'gone';
        slot.incarnation++;
        slot.state = 'down';
        slot.node = null;
        this.workload?.coordinatorLost(slot.host);
        this.endChange();
        this.changesMade.push(`decommission ${name}`);
        this.trace(`${name} decommissioned (${streams.reduce((n, s) => n + s.partitions, 0)} partitions pushed in ${streams.length} streams)`);
      },
      (error: unknown) => {
        this.trace(`${name} failed to decommission: ${(error as Error).message}`);
        const stillNormal = node.membership.mode() === 'NORMAL';
        if (stillNormal || slot.state !== 'running') {
          slot.membership = 'member';
          this.endChange();
          return;
        }
        void this.stopSlot(slot).then(() => {
          slot.membership = 'member';
          this.endChange();
          // At once: gossip answers meant for the old process may still be in flight to the
          // new one (seed 735 found them taken as the new one's; messages.ts replyTo).
          this.restart(slot.index);
        });
      },
    );
    return null;
  }

  /**
   * Running members that may leave: their datacenter keeps more nodes than its replication
   * factor, and every node their ranges would be pushed to is running, as an operator would
   * check (a push to a node down fails at once, and the decommission with it). Faults may
   * still strike while it streams.
   */
  private leavers(): NodeSlot[] {
    return this.slots.filter((s) => {
      if (s.membership !== 'member' || s.state !== 'running' || s.node === null) return false;
      if (this.membersIn(s.datacenter) <= this.replicasIn(s.datacenter)) return false;
      const node = s.node;
      const now = node.ring();
      if (now.endpoint(node.self.hostId) === undefined) return false;
      const after = now.withoutNode(node.self.hostId);
      return node.replicatedKeyspaces().every(({ strategy }) =>
        planPush(computeRangeMovements(strategy, now, after), node.self.hostId).every((task) => this.slots.some((t) => t.hostId === task.peer.hostId && t.state === 'running')),
      );
    });
  }

  /**
   * Members that may die for good now: every other member is running and sees the others
   * alive (the restores and fetches that follow need them), and for a removal, the node's
   * datacenter keeps more nodes than its replication factor.
   */
  private victims(kind: 'removenode' | 'replace'): NodeSlot[] {
    const members = this.memberSlots();
    if (members.some((s) => s.membership !== 'member')) return [];
    return members.filter((victim) => {
      if (kind === 'removenode' && this.membersIn(victim.datacenter) <= this.replicasIn(victim.datacenter)) return false;
      const others = members.filter((s) => s !== victim);
      if (!others.every((s) => s.state === 'running' && s.node !== null)) return false;
      return others.every((a) => others.every((b) => a === b || a.node!.isAlive(b.node!.self)));
    });
  }

  /**
   * A member crashes for good (or stays down, if it is), then a live node removes it once it
   * holds it down (removenode; a removal that fails is forced, as an operator would), or a new
   * node at the next address takes its tokens (replace). Its loss is recorded for the
   * invariants (invariants.ts ReplicaLoss).
   */
  private killForGood(kind: 'removenode' | 'replace', pick: number): string | null {
    const candidates = this.victims(kind);
    if (candidates.length === 0) return 'no node can be taken out now';
    const victim = candidates[Math.floor(pick * candidates.length)]!;
    victim.membership = 'removing';
    this.change = { kind, slot: victim };
    this.trace(`change ${kind} n${victim.index + 1}`);
    if (this.isRunning(victim.index)) this.crash(victim.index);
    void this.takeOut(kind, victim);
    return null;
  }

  private async takeOut(kind: 'removenode' | 'replace', victim: NodeSlot): Promise<void> {
    const name = `n${victim.index + 1}`;
    const endpoint: Endpoint = { hostId: victim.hostId!, address: victim.address, datacenter: victim.datacenter, rack: victim.rack, status: 'normal' };
    // A replacement may start at once: new to the cluster, it never saw the node alive.
    // removenode waits for a member to run it on (see removalCoordinator).
    let coordinator: NodeSlot | undefined;
    await this.until(() => victim.state === 'down' && (kind === 'replace' || (coordinator = this.removalCoordinator(victim, endpoint)) !== undefined));
    const observer = (coordinator ?? this.memberSlots().find((s) => s.state === 'running')!).node!;
    this.losses.push({ node: name, datacenter: victim.datacenter, diedStep: victim.diedStep, removalStep: this.time.steps, partitions: this.partitionsOf(observer, victim.hostId!) });
    if (kind === 'replace') {
      const slot = this.newSlot(this.slots.length, victim.datacenter, victim.rack);
      slot.join = { kind: 'replace', replacedAddress: victim.address };
      slot.replaces = victim;
      // A later generation than any node's, so its claim on the tokens wins everywhere (as Cluster.addNode does).
      slot.generation = Math.max(...this.slots.map((s) => s.generation));
      this.slots.push(slot);
      this.change = { kind, slot };
      this.trace(`n${slot.index + 1} replaces ${name}`);
      this.restart(slot.index);
      return;
    }
    const runner = coordinator!;
    const by = `n${runner.index + 1}`;
    this.trace(`${by} holds ${name} down`);
    const node = runner.node!;
    const removal = node.removeNode(victim.hostId!);
    let judge = runner;
    try {
      const summary = await this.withPatience(removal, REMOVAL_PATIENCE_MS);
      if (summary === null) throw new Error(`still under way after ${REMOVAL_PATIENCE_MS} ms: ${node.membership.removalStatus()}`);
      this.trace(`${name} removed by ${by} (${summary.restored.reduce((n, r) => n + r.partitions, 0)} partitions restored to ${summary.restored.length} nodes${summary.unsourced.length === 0 ? '' : `, ${summary.unsourced.length} ranges unsourced`})`);
    } catch (error) {
      this.trace(`removal of ${name} by ${by} failed: ${(error as Error).message}`);
      // As an operator would: removenode force, where the removal ran if that node is still
      // up (it ends the removal), else on another member (it removes every node stuck leaving).
      judge = runner.state === 'running' && runner.node === node ? runner : (this.memberSlots().find((s) => s.state === 'running' && s !== victim) ?? runner);
      const forcer = `n${judge.index + 1}`;
      try {
        this.trace(`removenode force on ${forcer}: ${await judge.node!.membership.forceRemoveCompletion()}`);
      } catch (forced) {
        this.trace(`removenode force on ${forcer} failed: ${(forced as Error).message}`);
      }
    }
    if (judge.node!.ring().endpoint(victim.hostId!) === undefined) {
      victim.membership = 'gone';
      this.changesMade.push(`removenode ${name}`);
    } else {
      // Still a ring member: it comes back, a member again.
      victim.membership = 'member';
      this.restart(victim.index);
    }
    this.endChange();
  }

  /**
   * A member to run removenode on, as an operator would pick one: up, holding the dead node
   * down, every other running member alive, and with the dead node's gossip heard since it
   * started (a node just restarted knows it only from system.peers and refuses: remove-node.ts).
   */
  private removalCoordinator(victim: NodeSlot, endpoint: Endpoint): NodeSlot | undefined {
    const running = this.memberSlots().filter((s) => s !== victim && s.state === 'running' && s.node !== null);
    return running.find((s) => {
      const node = s.node!;
      const heard = (node.gossiper.endpointState(asEndpoint(victim.address))?.heartBeatState().generation ?? 0) > 0;
      return heard && !node.isAlive(endpoint) && running.every((other) => other === s || node.isAlive(other.node!.self));
    });
  }

  /** What `promise` gives within `ms` of simulated time, or null (it may still settle later: a rejection then is ignored). */
  private withPatience<T>(promise: Promise<T>, ms: number): Promise<T | null> {
    promise.catch(() => undefined);
    return new Promise<T | null>((resolve, reject) => {
      const timer = this.time.setTimeout(() => resolve(null), ms);
      promise.then(
        (value) => {
          this.time.clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          this.time.clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  /** The partitions the clients may touch that `hostId` replicates, as `node` sees the ring. */
  private partitionsOf(node: ClusterNode<SimulatedStorage>, hostId: string): Set<string> {
    const partitions = new Set<string>();
    for (const table of ['kv', 'rows'] as const) {
      const tableId = node.catalog.schema.existingTable('sim', table).id;
      const strategy = node.strategyOf(tableId)!;
      for (let key = 0; key < this.keys; key++) {
        if (strategy.replicasFor(murmur3Token(intKey(key)), node.ring()).some((e) => e.hostId === hostId)) partitions.add(`${table}:${key}`);
      }
    }
    return partitions;
  }

  /** Resolves once `done` holds, looked at every few milliseconds of simulated time. */
  private until(done: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const look = (): void => {
        if (done()) resolve();
        else this.time.setTimeout(look, UNTIL_LOOK_MS);
      };
      look();
    });
  }

  private endChange(): void {
    this.change = null;
    this.loadUntilMs = this.time.elapsedMs() + LOAD_AFTER_CHANGE_MS;
  }

  private membersIn(datacenter: string): number {
    return this.slots.filter((s) => s.membership === 'member' && s.datacenter === datacenter).length;
  }

  private replicasIn(datacenter: string): number {
    return this.topology.replicas.get(datacenter) ?? 0;
  }

  // ---- the end of a run ----

  /** Every change ended, every member up and converged, then hints delivered (they would change replicas after repair). */
  private async settleEverything(): Promise<void> {
    this.transport.faults.heal();
    await this.awaitCondition(
      () => this.change === null && this.memberSlots().every((s) => s.state === 'running') && this.isConverged(),
      CONVERGE_LIMIT_MS,
      () => `the cluster did not converge after healing${this.change === null ? '' : ` (${this.change.kind} of n${this.change.slot.index + 1} still under way)`}: ${this.views()}`,
    );
    // Hints for members must all be delivered, and hints for a node no longer in the cluster
    // dropped (it left, was removed or replaced: they can never be delivered).
    const memberIds = new Set(this.memberSlots().map((s) => s.hostId));
    const pendingHints = (forMembers: boolean): string[] =>
      this.runningNodes().flatMap((n) => n.hints.metrics().pending.filter((p) => memberIds.has(p.hostId) === forMembers).map((p) => `${n.host}->${this.nameOf(p.hostId)}:${p.count}`));
    const drained = await this.time.runUntil(() => pendingHints(true).length === 0 && pendingHints(false).length === 0, CONVERGE_LIMIT_MS);
    const pending = pendingHints(true);
    const kept = pendingHints(false);
    this.trace(drained ? 'hints drained' : `hints still pending: ${[...pending, ...kept].join(' ')}`);
    if (pending.length > 0) this.fail(`hints were not delivered within ${CONVERGE_LIMIT_MS} ms with every node up: ${pending.join(' ')}`);
    if (kept.length > 0) this.fail(`hints kept for nodes no longer in the cluster: ${kept.join(' ')}`);
  }

  private async repairAll(): Promise<void> {
    for (const slot of this.memberSlots()) {
      const node = slot.node!;
      try {
        const summary = await this.time.settle(node.repair({ keyspace: 'sim', primaryRangeOnly: true }), REPAIR_LIMIT_MS);
        this.trace(`repair on n${slot.index + 1}: ${summary.rangesDiffered}/${summary.rangesChecked} ranges differed, ${summary.partitionsStreamed} partitions streamed`);
      } catch (error) {
        this.fail(`repair on n${slot.index + 1} failed: ${(error as Error).message}`);
      }
    }
    await this.time.runFor(1000);
  }

  private async checkInvariants(workload: Workload): Promise<void> {
    const history = workload.history;
    this.violations.push(...checkReadsDuringRun(history, this.topology.replicas, this.losses));

    const members = this.memberSlots();
    const first = members[0]!.node!;
    const ring = first.ring();
    const tableIds = { kv: first.catalog.schema.existingTable('sim', 'kv').id, rows: first.catalog.schema.existingTable('sim', 'rows').id };
    const partitions = [];
    for (const { table, key } of history.partitions()) {
      const bytes = intKey(key);
      const digests = [];
      for (const replica of first.strategyOf(tableIds[table])!.replicasFor(murmur3Token(bytes), ring)) {
        const slot = members.find((s) => s.hostId === replica.hostId);
        if (slot === undefined) {
          this.fail(`${table} key ${key} has a replica ${replica.address} (${replica.hostId}) that is not a member of the cluster`);
          continue;
        }
        const partition = await slot.storage!.readUnfiltered(tableIds[table], bytes);
        digests.push({ host: replica.address, digest: Buffer.from(partitionDigest(partition)).toString('hex') });
      }
      partitions.push({ table, key, digests });
      this.trace(`${table} k=${key}: ${digests.map((d) => `${d.host}=${d.digest.slice(0, 8)}`).join(' ')}`);
    }
    this.violations.push(...checkReplicasIdentical(partitions));

    const finals = [];
    for (const { table, key } of history.partitions()) {
      const via = members[key % members.length]!.host;
      const { statement, rowsOf } = readOf(table);
      try {
        const rows = rowsOf(await this.time.settle(this.execute(via, statement, [key], 'QUORUM'), START_LIMIT_MS));
        finals.push({ table, key, rows, answeredStep: this.time.steps, describe: `the read after repair via ${via}` });
        this.trace(`final ${table} k=${key} ${[...rows].map(([c, v]) => `${c}:${v}`).join(' ') || 'none'}`);
      } catch (error) {
        this.fail(`the read of ${table} key ${key} after repair failed: ${(error as Error).message}`);
      }
    }
    this.violations.push(...checkAfterRepair(history, finals, this.topology.replicas, this.losses));
    for (const violation of this.violations) this.trace(`VIOLATION ${violation}`);
  }

  // ---- helpers ----

  private endLife(slot: NodeSlot): void {
    slot.state = 'stopping';
    slot.incarnation++;
    slot.diedStep = this.time.steps;
    this.workload?.coordinatorLost(slot.host);
  }

  /** Nodes of the cluster now: joined and not gone. */
  private memberSlots(): NodeSlot[] {
    return this.slots.filter((s) => s.membership === 'member' || s.membership === 'leaving');
  }

  /**
   * Every running node sees every other alive, agrees on the schema, and holds the same ring:
   * the members, every one NORMAL (no change half done in anyone's view).
   */
  private isConverged(): boolean {
    const running = this.runningNodes();
    if (running.length === 0) return false;
    const version = running[0]!.catalog.schema.version;
    const members = this.memberSlots().map((s) => s.hostId);
    if (members.some((id) => id === null)) return false;
    const expected = members.sort().join(',');
    const ringOf = (node: ClusterNode<SimulatedStorage>): string =>
      node
        .ring()
        .endpoints()
        .map((e) => `${e.hostId}:${e.status}`)
        .join(',');
    const ring = ringOf(running[0]!);
    return running.every(
      (node) =>
        node.catalog.schema.version === version &&
        node
          .ring()
          .endpoints()
          .map((e) => e.hostId)
          .sort()
          .join(',') === expected &&
        node
          .ring()
          .endpoints()
          .every((e) => e.status === 'normal') &&
        ringOf(node) === ring &&
        running.every((other) => other === node || node.isAlive(other.self)),
    );
  }

  /** Each running node's ring (members and states) and the running nodes it holds down, for a failure's message. */
  private views(): string {
    return this.slots
      .filter((s) => s.state === 'running' && s.membership !== 'gone' && s.node !== null)
      .map((slot) => {
        const node = slot.node!;
        const ring = node
          .ring()
          .endpoints()
          .map((e) => `${this.nameOf(e.hostId)}${e.status === 'normal' ? '' : `:${e.status}`}`)
          .join(',');
        const down = this.runningNodes().filter((other) => other !== node && !node.isAlive(other.self));
        return `n${slot.index + 1} [${ring}]${down.length === 0 ? '' : ` holds ${down.map((o) => this.nameOf(o.self.hostId)).join(',')} down`}`;
      })
      .join('; ');
  }

  private runningNodes(): ClusterNode<SimulatedStorage>[] {
    return this.slots.flatMap((s) => (s.state === 'running' && s.membership !== 'gone' && s.node !== null ? [s.node] : []));
  }

  /** The seeds a node starts with: the first two nodes not gone, and the first of each datacenter (as Cassandra's configurations name them). */
  private seedAddresses(): string[] {
    const present = this.slots.filter((s) => s.membership !== 'gone' && s.membership !== 'joining');
    const seeds = new Set(present.slice(0, 2).map((s) => s.address));
    for (const dc of this.topology.datacenters) {
      const first = present.find((s) => s.datacenter === dc.name);
      if (first !== undefined) seeds.add(first.address);
    }
    return [...seeds];
  }

  /**
   * Runs until `done` has held for `stableMs` on end (a failure detector may still convict a
   * peer whose partition healed a moment before: a glance at a converged cluster is not enough).
   */
  private async awaitCondition(done: () => boolean, limitMs: number, failed: string | (() => string), stableMs = STABLE_MS): Promise<void> {
    let since: number | null = null;
    let checkedAtMs = -Infinity;
    let held = false;
    const stable = (): boolean => {
      const nowMs = this.time.elapsedMs();
      // The views change by gossip rounds: a look every few milliseconds sees every change that lasts.
      if (nowMs - checkedAtMs >= CONDITION_CHECK_MS) {
        checkedAtMs = nowMs;
        held = done();
      }
      if (!held) {
        since = null;
        return false;
      }
      since ??= nowMs;
      return nowMs - since >= stableMs;
    };
    if (!(await this.time.runUntil(stable, limitMs))) {
      // Said as things stand when the wait gave up.
      const failure = typeof failed === 'string' ? failed : failed();
      this.fail(failure);
      throw new SimulationStuckError(`${failure} (seed ${this.options.seed})`);
    }
  }

  private traceGossip(slot: NodeSlot, node: ClusterNode<SimulatedStorage>): void {
    const name = (endpoint: string): string => {
      const other = this.slots.find((s) => s.address === endpoint);
      return other === undefined ? endpoint : `n${other.index + 1}`;
    };
    const observer = `n${slot.index + 1}`;
    const incarnation = slot.incarnation;
    const live = (): boolean => slot.incarnation === incarnation;
    node.gossiper.register({
      onAlive: (endpoint) => live() && this.trace(`${observer} sees ${name(endpoint)} up`),
      onDead: (endpoint) => live() && this.trace(`${observer} sees ${name(endpoint)} down`),
      onRestart: (endpoint) => live() && this.trace(`${observer} sees ${name(endpoint)} restarted`),
    });
  }

  private fail(message: string): void {
    this.violations.push(message);
    this.trace(`FAILURE ${message}`);
  }

  /** n<i> for a host id the simulation gave a node, else the id's first 8 characters. */
  private nameOf(hostId: string): string {
    const slot = this.slots.find((s) => s.hostId === hostId);
    return slot === undefined ? hostId.slice(0, 8) : `n${slot.index + 1}`;
  }

  private slotOf(host: string): NodeSlot {
    return this.slots.find((s) => s.host === host)!;
  }

  private addressesOf(indexes: readonly number[]): string[] {
    return indexes.map((i) => asEndpoint(this.slots[i]!.address));
  }

  private othersThan(group: readonly number[]): number[] {
    return this.slots.map((s) => s.index).filter((i) => !group.includes(i));
  }
}

/** A run that could not reach a state it needs (cluster never converged): reported as a failure of its seed. */
export class SimulationStuckError extends Error {
  override readonly name = 'SimulationStuckError';
}

/** A version-4-shaped UUID from the seed (host ids, table ids): the same seed names things alike. */
function seededUuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => random.int(16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[random.int(4)]!;
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** The partition key bytes of an int key (CQL int: 4 bytes big-endian). */
function intKey(key: number): Uint8Array {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(key);
  return bytes;
}
