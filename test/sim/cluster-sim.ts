/**
 * A deterministic simulation of a 3-5 node cluster (ARCHITECTURE.md section 11): real
 * ClusterNodes (catalog, executor, coordinator, gossip, hints, streaming, repair) on one
 * thread, on one SimulatedTime (manual clock and timers), one InProcessTransport drawing its
 * delays, drops and duplicates from the seed, and a SimulatedStorage per node on its own
 * SimulatedDisk. Every chance is drawn from the seed, so a seed replays exactly; the trace's
 * hash is the check.
 *
 * One run (runSimulation):
 *   1. draw the shape: nodes (3-5), tokens balanced as Cluster does, operations, keys, faults;
 *   2. start every node, wait until gossip converges, create sim.kv and sim.rows (RF 3), wait
 *      for schema agreement;
 *   3. the workload (workload.ts) runs while the nemesis (nemesis.ts) plays its faults;
 *   4. heal everything (restart nodes down, heal the network, free the disks), wait for
 *      convergence and for hints to drain, then a full repair of sim on every node in turn;
 *   5. check the invariants (invariants.ts) on the history, the replicas' storage, and one
 *      QUORUM read per key.
 * A failing seed replays with `npm run sim -- --seed <seed>`.
 */

import { createHash } from 'node:crypto';
import type { ConsistencyLevel } from '../../src/cluster/consistency/consistency-level.js';
import { asEndpoint } from '../../src/cluster/gossip/endpoint.js';
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
import { checkAfterRepair, checkReadsDuringRun, checkReplicasIdentical } from './invariants.js';
import { Nemesis, planFaults, type FaultTarget } from './nemesis.js';
import { SimulatedDisk } from './simulated-disk.js';
import { SimulatedStorage } from './simulated-storage.js';
import { SimulatedTime } from './simulated-time.js';
import { readOf, Workload, WORKLOAD_SCHEMA, type WorkloadTarget } from './workload.js';

export interface SimulationOptions {
  readonly seed: number;
  /** Keep the trace lines in the result (the hash is computed either way). */
  readonly keepTrace?: boolean;
  /** Overrides of what the seed draws (for tests of the simulator itself). */
  readonly nodes?: number;
  readonly operations?: number;
  readonly faults?: number;
  /**
   * A bug planted on purpose, to show the invariants catch it: QUORUM writes sent at ONE
   * while the history records QUORUM (a coordinator that acknowledges after one replica).
   */
  readonly plantedBug?: 'quorum-write-acked-by-one';
}

export interface SimulationResult {
  readonly seed: number;
  readonly nodes: number;
  readonly operations: number;
  readonly faults: number;
  /** Operations by outcome: ok, failed, lost. */
  readonly outcomes: Readonly<Record<string, number>>;
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
/** How long a converged cluster must stay so before the run goes on (five gossip rounds). */
const STABLE_MS = 5 * GOSSIP_INTERVAL_MS;
const CONDITION_CHECK_MS = 5;

/** The replay command for a seed. */
export function replayCommand(seed: number): string {
  return `npm run sim -- --seed ${seed}`;
}

export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const cluster = new SimulatedCluster(options);
  return cluster.run();
}

type SlotState = 'down' | 'starting' | 'running' | 'stopping';

interface NodeSlot {
  readonly index: number;
  readonly host: string;
  readonly address: string;
  readonly disk: SimulatedDisk;
  readonly tokens: readonly Token[];
  state: SlotState;
  node: ClusterNode<SimulatedStorage> | null;
  storage: SimulatedStorage | null;
  generation: number;
  /** Raised each time the node's process ends. */
  incarnation: number;
  hostId: string | null;
}

class SimulatedCluster implements WorkloadTarget, FaultTarget {
  readonly nodeCount: number;
  private readonly time = new SimulatedTime(START_MS);
  private readonly random: Random;
  private readonly transport: InProcessTransport;
  private readonly slots: NodeSlot[];
  private readonly traceLines: string[] = [];
  private readonly hash = createHash('sha256');
  private readonly violations: string[] = [];
  private readonly uuidRandom: Random;
  private readonly diskRandom: Random;
  private workload: Workload | null = null;

  constructor(private readonly options: SimulationOptions) {
    this.random = new SeededRandom(options.seed);
    this.nodeCount = options.nodes ?? 3 + this.random.int(3);
    this.transport = new InProcessTransport(this.time, new SeededRandom(this.random.int(0x7fffffff)));
    this.transport.faults.delay = NETWORK_DELAY_MS;
    this.uuidRandom = new SeededRandom(this.random.int(0x7fffffff));
    this.diskRandom = new SeededRandom(this.random.int(0x7fffffff));
    this.slots = this.placeNodes();
  }

  async run(): Promise<SimulationResult> {
    const random = this.random;
    const operations = this.options.operations ?? 120 + random.int(121);
    const keys = 4 + random.int(9);
    const faultCount = this.options.faults ?? 1 + random.int(4);
    const workloadRandom = new SeededRandom(random.int(0x7fffffff));
    const plan = planFaults(new SeededRandom(random.int(0x7fffffff)), this.nodeCount, {
      faults: faultCount,
      windowMs: operations * 6,
      durationMsMin: 300,
      durationMsMax: 4000,
    });
    this.trace(`seed ${this.options.seed}: ${this.nodeCount} nodes, ${operations} operations on ${keys} keys, ${faultCount} faults`);

    const workload = new Workload({ operations, keys, gapMsMax: 12, inFlightMax: 8, oneShare: 0.3 }, this, this.time, workloadRandom);
    this.workload = workload;
    try {
      await this.startAll();
      await this.createSchema();
      const nemesis = new Nemesis(plan, this, this.time);
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
      nodes: this.nodeCount,
      operations: ops.length,
      faults: faultCount,
      outcomes,
      violations: this.violations,
      traceHash: this.hash.digest('hex'),
      trace: this.options.keepTrace === true ? this.traceLines : [],
      simulatedMs: this.time.elapsedMs(),
      steps: this.time.steps,
    };
  }

  // ---- setting up ----

  /** Addresses and tokens: each node balanced against those before it, as Cluster.start does. */
  private placeNodes(): NodeSlot[] {
    const tokenRandom = new SeededRandom(this.random.int(0x7fffffff));
    let ring = TokenMetadata.EMPTY;
    const slots: NodeSlot[] = [];
    for (let index = 0; index < this.nodeCount; index++) {
      const host = `127.0.0.${index + 1}`;
      const address = `${host}:${STORAGE_PORT}`;
      const endpoint: Endpoint = { hostId: host, address, datacenter: 'datacenter1', rack: 'rack1', status: 'normal' };
      const tokens = allocateTokens({ metadata: ring, endpoint, numTokens: NUM_TOKENS, localReplicationFactor: 3, random: tokenRandom });
      ring = ring.withNode(endpoint, tokens);
      slots.push({ index, host, address, disk: new SimulatedDisk(), tokens, state: 'down', node: null, storage: null, generation: 0, incarnation: 0, hostId: null });
    }
    return slots;
  }

  private async startAll(): Promise<void> {
    for (const slot of this.slots) this.restart(slot.index);
    await this.awaitCondition(() => this.slots.every((s) => s.state === 'running') && this.isConverged(), CONVERGE_LIMIT_MS, 'the cluster did not converge at start');
  }

  private async createSchema(): Promise<void> {
    const slot = this.slots[0]!;
    for (const cql of WORKLOAD_SCHEMA) await this.time.settle(this.execute(slot.host, parseStatement(cql), [], 'ONE'), START_LIMIT_MS);
    await this.awaitCondition(() => this.isConverged(), CONVERGE_LIMIT_MS, 'the schema did not reach every node');
    this.trace(`schema ${slot.node!.catalog.schema.version}`);
  }

  // ---- WorkloadTarget ----

  /**
   * Nodes clients may use as coordinators: every running one, from the moment it has started.
   * A restarted node knows the ring from system.peers before gossip says anything (its peers
   * held down until they answer), as Cassandra's initServer restores it; without that, seeds 87,
   * 164 and 387 found writes and deletes at ONE acknowledged by a node that thought itself alone.
   */
  runningHosts(): string[] {
    return this.slots.filter((s) => s.state === 'running').map((s) => s.host);
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

  isRunning(index: number): boolean {
    return this.slots[index]!.state === 'running';
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
    const slot = this.slots[index]!;
    const node = slot.node!;
    this.endLife(slot);
    this.trace(`n${index + 1} stopping`);
    void node
      .stop(true)
      .catch((error: unknown) => this.fail(`n${index + 1} failed to stop: ${(error as Error).message}`))
      .finally(() => {
        slot.state = 'down';
        this.trace(`n${index + 1} stopped`);
      });
  }

  /** Starts a node that is down (again): a new process on the same disk, a higher generation. */
  restart(index: number): void {
    const slot = this.slots[index]!;
    if (slot.state === 'starting' || slot.state === 'running') return;
    if (slot.state === 'stopping') {
      // Still letting go of its disk: start once it has.
      this.time.setTimeout(() => this.restart(index), 10);
      return;
    }
    slot.state = 'starting';
    slot.generation = nextGeneration(slot.generation || undefined, this.time.clock.nowSeconds());
    const port = slot.disk.port();
    this.trace(`n${index + 1} starting (generation ${slot.generation})`);
    ClusterNode.start({
      host: slot.host,
      dataDir: `/sim/node${index + 1}`,
      datacenter: 'datacenter1',
      rack: 'rack1',
      tokens: slot.tokens,
      generation: slot.generation,
      seeds: this.slots.slice(0, 2).map((s) => s.address),
      transport: this.transport,
      clock: this.time.clock,
      // Latencies (and speculation's thresholds, learned from them) in simulated time.
      monotonicMs: () => this.time.clock.nowMs(),
      random: new SeededRandom(this.random.int(0x7fffffff)),
      timers: this.time,
      gossipIntervalMs: GOSSIP_INTERVAL_MS,
      timeouts: TIMEOUTS,
      hints: HINTS,
      hintsPort: port,
      newUuid: () => seededUuid(this.uuidRandom),
      openStorage: async (tables) => {
        slot.storage = SimulatedStorage.open({ port, directory: `/sim/node${index + 1}/data`, timers: this.time, clock: this.time.clock, tables, syncWindowMs: SYNC_WINDOW_MS });
        return slot.storage;
      },
    }).then(
      (node) => {
        slot.node = node;
        slot.hostId = node.self.hostId;
        slot.state = 'running';
        this.traceGossip(slot, node);
        this.trace(`n${index + 1} running (replayed ${slot.storage!.replayed.frames} frames, ${slot.storage!.replayed.tornSegments} torn)`);
      },
      (error: unknown) => {
        slot.state = 'down';
        slot.incarnation++;
        // A node cannot start on a full disk (its new commit-log segment, system.local): as an
        // operator would, try again once there may be space. Anything else is a failure.
        if (error instanceof DiskFullError || isEnospc(error)) {
          this.trace(`n${index + 1} failed to start: disk full; retrying`);
          this.time.setTimeout(() => this.restart(index), RESTART_RETRY_MS);
          return;
        }
        this.fail(`n${index + 1} failed to start: ${(error as Error).stack ?? String(error)}`);
      },
    );
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

  // ---- the end of a run ----

  /** Every node up and converged, then hints delivered (they would change replicas after repair). */
  private async settleEverything(): Promise<void> {
    this.transport.faults.heal();
    await this.awaitCondition(() => this.slots.every((s) => s.state === 'running') && this.isConverged(), CONVERGE_LIMIT_MS, 'the cluster did not converge after healing');
    const drained = await this.time.runUntil(() => this.runningNodes().every((n) => n.hints.metrics().pending.length === 0), CONVERGE_LIMIT_MS);
    const pending = this.runningNodes().flatMap((n) => n.hints.metrics().pending.map((p) => `${n.host}->${p.hostId.slice(0, 8)}:${p.count}`));
    this.trace(drained ? 'hints drained' : `hints still pending: ${pending.join(' ')}`);
    if (!drained) this.fail(`hints were not delivered within ${CONVERGE_LIMIT_MS} ms with every node up: ${pending.join(' ')}`);
  }

  private async repairAll(): Promise<void> {
    for (const slot of this.slots) {
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
    this.violations.push(...checkReadsDuringRun(history));

    const first = this.slots[0]!.node!;
    const ring = first.ring();
    const tableIds = { kv: first.catalog.schema.existingTable('sim', 'kv').id, rows: first.catalog.schema.existingTable('sim', 'rows').id };
    const partitions = [];
    for (const { table, key } of history.partitions()) {
      const bytes = intKey(key);
      const digests = [];
      for (const replica of first.strategyOf(tableIds[table])!.replicasFor(murmur3Token(bytes), ring)) {
        const storage = this.slots.find((s) => s.hostId === replica.hostId)!.storage!;
        const partition = await storage.readUnfiltered(tableIds[table], bytes);
        digests.push({ host: replica.address, digest: Buffer.from(partitionDigest(partition)).toString('hex') });
      }
      partitions.push({ table, key, digests });
      this.trace(`${table} k=${key}: ${digests.map((d) => `${d.host}=${d.digest.slice(0, 8)}`).join(' ')}`);
    }
    this.violations.push(...checkReplicasIdentical(partitions));

    const finals = [];
    for (const { table, key } of history.partitions()) {
      const via = this.slots[key % this.slots.length]!.host;
      const { statement, rowsOf } = readOf(table);
      try {
        const rows = rowsOf(await this.time.settle(this.execute(via, statement, [key], 'QUORUM'), START_LIMIT_MS));
        finals.push({ table, key, rows, answeredStep: this.time.steps, describe: `the read after repair via ${via}` });
        this.trace(`final ${table} k=${key} ${[...rows].map(([c, v]) => `${c}:${v}`).join(' ') || 'none'}`);
      } catch (error) {
        this.fail(`the read of ${table} key ${key} after repair failed: ${(error as Error).message}`);
      }
    }
    this.violations.push(...checkAfterRepair(history, finals));
    for (const violation of this.violations) this.trace(`VIOLATION ${violation}`);
  }

  // ---- helpers ----

  private endLife(slot: NodeSlot): void {
    slot.state = 'stopping';
    slot.incarnation++;
    this.workload?.coordinatorLost(slot.host);
  }

  /** Every running node sees every other alive, holds the whole ring in one state, and agrees on the schema. */
  private isConverged(): boolean {
    const running = this.runningNodes();
    if (running.length === 0) return false;
    const version = running[0]!.catalog.schema.version;
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
        node.ring().endpoints().length === this.nodeCount &&
        ringOf(node) === ring &&
        running.every((other) => other === node || node.isAlive(other.self)),
    );
  }

  private runningNodes(): ClusterNode<SimulatedStorage>[] {
    return this.slots.flatMap((s) => (s.state === 'running' && s.node !== null ? [s.node] : []));
  }

  /**
   * Runs until `done` has held for `stableMs` on end (a failure detector may still convict a
   * peer whose partition healed a moment before: a glance at a converged cluster is not enough).
   */
  private async awaitCondition(done: () => boolean, limitMs: number, failure: string, stableMs = STABLE_MS): Promise<void> {
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
