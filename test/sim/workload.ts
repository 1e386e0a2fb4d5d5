/**
 * The simulated clients: a stream of CQL operations on one table `sim.kv (k int PRIMARY KEY,
 * v text)`, each sent to a random running node as its coordinator, at random gaps, with a
 * bound on operations in flight. Writes (puts and deletes) go at QUORUM or ONE, reads at
 * QUORUM. Every operation and its answer goes to the History; the invariants judge it later.
 *
 *   put     INSERT INTO sim.kv (k, v) VALUES (?, ?) USING TIMESTAMP ?     value "v<op id>"
 *   delete  DELETE FROM sim.kv USING TIMESTAMP ? WHERE k = ?
 *   read    SELECT v FROM sim.kv WHERE k = ?
 *
 * Timestamps come from the client (the simulation's clock, whose micros strictly increase),
 * as the DataStax driver's monotonic timestamp generator gives them.
 */

import type { ConsistencyLevel } from '../../src/cluster/consistency/consistency-level.js';
import type { Statement } from '../../src/cql/ast/statement.js';
import { parseStatement } from '../../src/cql/parser/parser.js';
import type { Random } from '../../src/lib/random.js';
import { History, type OperationRecord, type Outcome } from './history.js';
import type { SimulatedTime } from './simulated-time.js';

export const WORKLOAD_SCHEMA = [
  "CREATE KEYSPACE sim WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}",
  'CREATE TABLE sim.kv (k int PRIMARY KEY, v text)',
] as const;

const PUT = parseStatement('INSERT INTO sim.kv (k, v) VALUES (?, ?) USING TIMESTAMP ?');
const DELETE = parseStatement('DELETE FROM sim.kv USING TIMESTAMP ? WHERE k = ?');
const READ = parseStatement('SELECT v FROM sim.kv WHERE k = ?');

export interface WorkloadOptions {
  readonly operations: number;
  readonly keys: number;
  /** Gap before each next operation, uniform in [0, gapMsMax]. */
  readonly gapMsMax: number;
  readonly inFlightMax: number;
  /** Share of writes sent at ONE rather than QUORUM. */
  readonly oneShare: number;
}

/** What the workload needs of the simulated cluster. */
export interface WorkloadTarget {
  /** Hosts that can coordinate now. */
  runningHosts(): string[];
  /** Runs one statement on `host` at `level`; its rows. */
  execute(host: string, statement: Statement, params: readonly unknown[], level: ConsistencyLevel): Promise<unknown[][]>;
  /** Changes each time the host's process dies, so an answer from a later life is not its request's. */
  incarnationOf(host: string): number;
  trace(line: string): void;
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
    return this.issued >= this.options.operations && this.history.inFlight().length === 0;
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
    if (this.issued >= this.options.operations) return;
    this.time.setTimeout(() => {
      this.issueOne();
      this.scheduleNext();
    }, this.random.int(this.options.gapMsMax + 1));
  }

  private issueOne(): void {
    const hosts = this.target.runningHosts();
    if (hosts.length === 0 || this.history.inFlight().length >= this.options.inFlightMax) return;
    this.issued++;
    const host = hosts[this.random.int(hosts.length)]!;
    const key = this.random.int(this.options.keys);
    const roll = this.random.next();
    const id = this.nextId++;
    const step = this.time.steps;
    if (roll < 0.4) {
      this.run({ kind: 'read', id, key, level: 'QUORUM', coordinator: host, issuedStep: step, answeredStep: null, outcome: null, value: null, error: null }, READ, [key]);
      return;
    }
    const level: ConsistencyLevel = this.random.next() < this.options.oneShare ? 'ONE' : 'QUORUM';
    const timestamp = this.time.clock.nowMicros();
    if (roll < 0.8) {
      const value = `v${id}`;
      this.run({ kind: 'put', id, key, value, timestamp, level, coordinator: host, issuedStep: step, answeredStep: null, outcome: null, error: null }, PUT, [key, value, timestamp]);
    } else {
      this.run({ kind: 'delete', id, key, value: null, timestamp, level, coordinator: host, issuedStep: step, answeredStep: null, outcome: null, error: null }, DELETE, [timestamp, key]);
    }
  }

  private run(op: OperationRecord, statement: Statement, params: readonly unknown[]): void {
    this.history.operations.push(op);
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
        if (op.kind === 'read' && op.outcome === null) op.value = (rows[0]?.[0] as string | null | undefined) ?? null;
        answered('ok', op.kind === 'read' ? ` ${op.value ?? 'none'}` : '');
      },
      (error: unknown) => {
        op.error = `${(error as Error).name}: ${(error as Error).message}`;
        answered('failed', ` ${(error as Error).name}`);
      },
    );
  }
}

function describe(op: OperationRecord): string {
  if (op.kind === 'read') return `read k=${op.key} ${op.level}`;
  if (op.kind === 'put') return `put k=${op.key} ${op.value} ts=${op.timestamp} ${op.level}`;
  return `delete k=${op.key} ts=${op.timestamp} ${op.level}`;
}
