/**
 * The simulated clients: a stream of CQL operations, each sent to a random node that can
 * coordinate as its coordinator, at random gaps, with a bound on operations in flight. Each
 * write and each read draws its consistency level from the run's mix (QUORUM and ONE on a
 * SimpleStrategy keyspace; LOCAL_QUORUM, EACH_QUORUM, LOCAL_ONE too under
 * NetworkTopologyStrategy). Every operation and its answer goes to the History; the
 * invariants judge it later. While `continueWhile` holds (a membership change under way) the
 * clients go on past their planned count, up to `operationsMax`, so the change runs under load.
 *
 *   sim.kv (k int PRIMARY KEY, v text)
 *     put     INSERT INTO sim.kv (k, v) VALUES (?, ?) USING TIMESTAMP ?          value "v<op id>"
 *     delete  DELETE FROM sim.kv USING TIMESTAMP ? WHERE k = ?
 *     read    SELECT v FROM sim.kv WHERE k = ?
 *   sim.rows (k int, c int, v text, PRIMARY KEY (k, c)), c in 0..3
 *     put     INSERT INTO sim.rows (k, c, v) VALUES (?, ?, ?) USING TIMESTAMP ?
 *     delete  one row (k = ? AND c = ?), a range (k = ? AND c >= ?: a range tombstone), or
 *             the partition (k = ?)
 *     read    SELECT c, v FROM sim.rows WHERE k = ?
 *
 * Timestamps come from the client (the simulation's clock, whose micros strictly increase),
 * as the DataStax driver's monotonic timestamp generator gives them.
 */

import type { ConsistencyLevel } from '../../src/cluster/consistency/consistency-level.js';
import type { Statement } from '../../src/cql/ast/statement.js';
import { parseStatement } from '../../src/cql/parser/parser.js';
import type { Random } from '../../src/lib/random.js';
import { CLUSTERINGS, History, type OperationRecord, type Outcome, type SimTable, type WriteTarget } from './history.js';
import type { SimulatedTime } from './simulated-time.js';

/** The statements that create the workload's tables, in a keyspace `sim` replicated as `replication` says (CQL map text). */
export function workloadSchema(replication: string): string[] {
  return [
    `CREATE KEYSPACE sim WITH replication = ${replication}`,
    'CREATE TABLE sim.kv (k int PRIMARY KEY, v text)',
    'CREATE TABLE sim.rows (k int, c int, v text, PRIMARY KEY (k, c))',
  ];
}

/** How much longer the gaps are once the planned operations are issued (see scheduleNext). */
const EXTENSION_GAP_FACTOR = 3;

/** Levels with their weights: one is drawn per operation, in proportion. */
export type LevelMix = ReadonlyArray<readonly [ConsistencyLevel, number]>;

const CQL = {
  kvPut: parseStatement('INSERT INTO sim.kv (k, v) VALUES (?, ?) USING TIMESTAMP ?'),
  kvDelete: parseStatement('DELETE FROM sim.kv USING TIMESTAMP ? WHERE k = ?'),
  kvRead: parseStatement('SELECT v FROM sim.kv WHERE k = ?'),
  rowsPut: parseStatement('INSERT INTO sim.rows (k, c, v) VALUES (?, ?, ?) USING TIMESTAMP ?'),
  rowsDeleteRow: parseStatement('DELETE FROM sim.rows USING TIMESTAMP ? WHERE k = ? AND c = ?'),
  rowsDeleteFrom: parseStatement('DELETE FROM sim.rows USING TIMESTAMP ? WHERE k = ? AND c >= ?'),
  rowsDeletePartition: parseStatement('DELETE FROM sim.rows USING TIMESTAMP ? WHERE k = ?'),
  rowsRead: parseStatement('SELECT c, v FROM sim.rows WHERE k = ?'),
};

export interface WorkloadOptions {
  readonly operations: number;
  /** Operations at most, however long `continueWhile` holds. */
  readonly operationsMax: number;
  readonly keys: number;
  /** Gap before each next operation, uniform in [0, gapMsMax]. */
  readonly gapMsMax: number;
  readonly inFlightMax: number;
  readonly writeLevels: LevelMix;
  readonly readLevels: LevelMix;
  /** Asked once the planned operations are issued: whether to keep issuing (a change under way). */
  readonly continueWhile?: () => boolean;
}

/** What the workload needs of the simulated cluster. */
export interface WorkloadTarget {
  /** Hosts that can coordinate now. */
  runningHosts(): string[];
  /** The datacenter of a host. */
  datacenterOf(host: string): string;
  /** The ring the host sees now, as a number: views of the ring numbered in the order first seen. */
  ringEpochOf(host: string): number;
  /** Runs one statement on `host` at `level`; its rows. */
  execute(host: string, statement: Statement, params: readonly unknown[], level: ConsistencyLevel): Promise<unknown[][]>;
  /** Changes each time the host's process dies, so an answer from a later life is not its request's. */
  incarnationOf(host: string): number;
  trace(line: string): void;
}

/** What a client sends for a read of one partition, and how its rows read back. */
export function readOf(table: SimTable): { statement: Statement; rowsOf: (rows: unknown[][]) => Map<number, string> } {
  if (table === 'kv') return { statement: CQL.kvRead, rowsOf: (rows) => new Map(rows.length === 0 || rows[0]![0] === null ? [] : [[0, rows[0]![0] as string]]) };
  return { statement: CQL.rowsRead, rowsOf: (rows) => new Map(rows.filter((r) => r[1] !== null).map((r) => [r[0] as number, r[1] as string])) };
}

export class Workload {
  readonly history = new History();
  private issued = 0;
  private nextId = 1;

  constructor(
    private readonly options: WorkloadOptions,
    private readonly target: WorkloadTarget,
    private readonly time: SimulatedTime,
    private readonly random: Random,
  ) {}

  /** Starts issuing operations on the simulation's timers. */
  start(): void {
    this.scheduleNext();
  }

  /** Every operation issued and answered (or lost with its coordinator). */
  isDone(): boolean {
    return !this.wantsMore() && this.history.inFlight().length === 0;
  }

  private wantsMore(): boolean {
    if (this.issued >= this.options.operationsMax) return false;
    return this.issued < this.options.operations || this.options.continueWhile?.() === true;
  }

  /** The host's process died: its clients' connections drop, so what they had in flight there is lost to them. */
  coordinatorLost(host: string): void {
    for (const op of this.history.inFlight()) {
      if (op.coordinator !== host) continue;
      op.outcome = 'lost';
      op.answeredStep = this.time.steps;
      this.target.trace(`op#${op.id} -> lost`);
    }
  }

  private scheduleNext(): void {
    if (!this.wantsMore()) return;
    // Past the planned count the clients only keep a change under load: at a third of the pace.
    const gapMsMax = this.issued < this.options.operations ? this.options.gapMsMax : this.options.gapMsMax * EXTENSION_GAP_FACTOR;
    this.time.setTimeout(() => {
      this.issueOne();
      this.scheduleNext();
    }, this.random.int(gapMsMax + 1));
  }

  private issueOne(): void {
    const hosts = this.target.runningHosts();
    if (hosts.length === 0 || this.history.inFlight().length >= this.options.inFlightMax) return;
    this.issued++;
    const random = this.random;
    const coordinator = hosts[random.int(hosts.length)]!;
    const base = {
      id: this.nextId++,
      table: (random.next() < 0.5 ? 'kv' : 'rows') as SimTable,
      key: random.int(this.options.keys),
      coordinator,
      datacenter: this.target.datacenterOf(coordinator),
      ringEpoch: this.target.ringEpochOf(coordinator),
      issuedStep: this.time.steps,
      answeredStep: null,
      outcome: null,
      error: null,
    };
    if (random.next() < 0.4) {
      const level = drawLevel(this.options.readLevels, random);
      this.run({ ...base, kind: 'read', level, rows: null }, readOf(base.table).statement, [base.key]);
      return;
    }
    const level = drawLevel(this.options.writeLevels, random);
    const timestamp = this.time.clock.nowMicros();
    const write = { ...base, level, timestamp };
    const roll = random.next();
    if (base.table === 'kv') {
      if (roll < 0.7) this.run({ ...write, kind: 'put', target: row(0), value: `v${base.id}` }, CQL.kvPut, [base.key, `v${base.id}`, timestamp]);
      else this.run({ ...write, kind: 'delete', target: { kind: 'partition' }, value: null }, CQL.kvDelete, [timestamp, base.key]);
      return;
    }
    const c = CLUSTERINGS.rows[random.int(CLUSTERINGS.rows.length)]!;
    if (roll < 0.6) this.run({ ...write, kind: 'put', target: row(c), value: `v${base.id}` }, CQL.rowsPut, [base.key, c, `v${base.id}`, timestamp]);
    else if (roll < 0.75) this.run({ ...write, kind: 'delete', target: row(c), value: null }, CQL.rowsDeleteRow, [timestamp, base.key, c]);
    else if (roll < 0.9) this.run({ ...write, kind: 'delete', target: { kind: 'from', clustering: c }, value: null }, CQL.rowsDeleteFrom, [timestamp, base.key, c]);
    else this.run({ ...write, kind: 'delete', target: { kind: 'partition' }, value: null }, CQL.rowsDeletePartition, [timestamp, base.key]);
  }

  private run(op: OperationRecord, statement: Statement, params: readonly unknown[]): void {
    this.history.add(op);
    const incarnation = this.target.incarnationOf(op.coordinator);
    this.target.trace(`op#${op.id} ${describe(op)} via ${op.coordinator}`);
    const answered = (outcome: Outcome, detail: string): void => {
      if (op.outcome !== null) return; // lost with its coordinator already
      // A coordinator that died meanwhile: its client saw the connection drop, whatever came after.
      op.outcome = this.target.incarnationOf(op.coordinator) === incarnation ? outcome : 'lost';
      op.answeredStep = this.time.steps;
      this.target.trace(`op#${op.id} -> ${op.outcome}${detail}`);
    };
    this.target.execute(op.coordinator, statement, params, op.level).then(
      (rows) => {
        if (op.kind !== 'read' || op.outcome !== null) return answered('ok', '');
        op.rows = readOf(op.table).rowsOf(rows);
        answered('ok', ` ${[...op.rows].map(([c, v]) => (op.table === 'kv' ? v : `${c}:${v}`)).join(' ') || 'none'}`);
      },
      (error: unknown) => {
        op.error = `${(error as Error).name}: ${(error as Error).message}`;
        answered('failed', ` ${(error as Error).name}`);
      },
    );
  }
}

function drawLevel(mix: LevelMix, random: Random): ConsistencyLevel {
  const total = mix.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random.next() * total;
  for (const [level, weight] of mix) {
    if (roll < weight) return level;
    roll -= weight;
  }
  return mix[mix.length - 1]![0];
}

function row(clustering: number): WriteTarget {
  return { kind: 'row', clustering };
}

function describe(op: OperationRecord): string {
  const where = `${op.table} k=${op.key}`;
  if (op.kind === 'read') return `read ${where} ${op.level}`;
  const target = op.target.kind === 'row' ? (op.table === 'kv' ? '' : ` c=${op.target.clustering}`) : op.target.kind === 'from' ? ` c>=${op.target.clustering}` : ' partition';
  if (op.kind === 'put') return `put ${where}${target} ${op.value} ts=${op.timestamp} ${op.level}`;
  return `delete ${where}${target} ts=${op.timestamp} ${op.level}`;
}
