/**
 * The YCSB core workloads A-F (ycsb-workload-spec.ts) on YCSB's Cassandra table:
 *
 *   CREATE TABLE ycsb.usertable (y_id varchar PRIMARY KEY, field0 varchar, ..., field9 varchar)
 *
 * `load` inserts records 0..records-1 (YCSB's load phase); `run` does the workload's mix:
 *   READ             SELECT * ... WHERE y_id = ?
 *   UPDATE           one random field: UPDATE ... SET fieldN = ? WHERE y_id = ?
 *   INSERT           the next key number, all fields; acknowledged for the latest generator
 *   SCAN             SELECT * ... WHERE token(y_id) >= token(?) LIMIT ? (YCSB's Cassandra
 *                    binding scans by token from a start key)
 *   READMODIFYWRITE  a READ then an UPDATE of the same key, timed together
 *
 * Keys are chosen as CoreWorkload chooses them: scrambled zipfian over the records and the
 * inserts expected (redrawn while beyond the last acknowledged insert), or skewed-latest.
 */

import type { Random } from '../../../lib/random.js';
import { SeededRandom } from '../../../lib/random.js';
import type { PreparedQuery, StressBackend } from '../backends/stress-backend.js';
import { InsertCounter } from '../distributions/insert-counter.js';
import type { IntegerDistribution } from '../distributions/integer-distribution.js';
import { ScrambledZipfianGenerator } from '../distributions/scrambled-zipfian-generator.js';
import { SkewedLatestGenerator } from '../distributions/skewed-latest-generator.js';
import { UniformDistribution } from '../distributions/uniform-distribution.js';
import type { ConsistencyLevelName } from '../options/consistency-level-name.js';
import type { StressSettings } from '../options/stress-settings.js';
import { createKeyspaceCql } from './keyspace-cql.js';
import { OperationMix } from './operation-mix.js';
import type { StressPhase, StressWorkload } from './stress-workload.js';
import { YcsbRecords } from './ycsb-records.js';
import { YCSB_FIELD_COUNT, YCSB_KEYSPACE, YCSB_SCAN_LENGTH_MAX, YCSB_TABLE, YCSB_WORKLOADS, type YcsbOperation } from './ycsb-workload-spec.js';

type YcsbCommand = Extract<StressSettings['command'], { kind: 'ycsb' }>;

/** Expected inserts when a timed run does not say how many operations it does. */
const TIMED_RUN_EXPECTED_INSERTS_PER_RECORD = 1;

interface YcsbStatements {
  readonly insert: PreparedQuery;
  readonly read: PreparedQuery;
  readonly scan: PreparedQuery;
  /** One per field: YCSB updates one field at a time. */
  readonly update: readonly PreparedQuery[];
}

export class YcsbWorkload implements StressWorkload {
  private readonly keyspace: string;

  constructor(
    private readonly settings: StressSettings & { readonly command: YcsbCommand },
    private readonly random: SeededRandom,
  ) {
    this.keyspace = settings.schema.keyspace ?? YCSB_KEYSPACE;
  }

  async setUp(backend: StressBackend): Promise<readonly StressPhase[]> {
    const table = `${this.keyspace}.${YCSB_TABLE}`;
    const fields = Array.from({ length: YCSB_FIELD_COUNT }, (_, i) => `field${i}`);
    await backend.execute(createKeyspaceCql(this.keyspace, this.settings.schema));
    await backend.execute(`CREATE TABLE IF NOT EXISTS ${table} (y_id varchar PRIMARY KEY, ${fields.map((f) => `${f} varchar`).join(', ')})`);
    const statements: YcsbStatements = {
      insert: await backend.prepare(`INSERT INTO ${table} (y_id, ${fields.join(', ')}) VALUES (?, ${fields.map(() => '?').join(', ')})`),
      read: await backend.prepare(`SELECT * FROM ${table} WHERE y_id = ?`),
      scan: await backend.prepare(`SELECT * FROM ${table} WHERE token(y_id) >= token(?) LIMIT ?`),
      update: await Promise.all(fields.map((f) => backend.prepare(`UPDATE ${table} SET ${f} = ? WHERE y_id = ?`))),
    };
    const { command } = this.settings;
    const inserts = new InsertCounter(command.phase === 'run' ? command.records : 0);
    const operations = new YcsbOperations(backend, statements, new YcsbRecords(this.random), inserts, this.random, this.settings.consistency);
    const phases: StressPhase[] = [];
    if (command.phase !== 'run') {
      phases.push({ name: 'load', kinds: ['INSERT'], length: { kind: 'operations', operations: command.records }, source: { chooseKind: () => 0, run: () => operations.insert() } });
    }
    if (command.phase !== 'load') phases.push(this.runPhase(operations, inserts));
    return phases;
  }

  private runPhase(operations: YcsbOperations, inserts: InsertCounter): StressPhase {
    const { command, length } = this.settings;
    const spec = YCSB_WORKLOADS[command.workload];
    const kinds = (Object.keys(spec.proportions) as YcsbOperation[]).filter((kind) => spec.proportions[kind]! > 0);
    const mix = new OperationMix(kinds.map((kind) => spec.proportions[kind]!), this.random);
    const insertShare = spec.proportions.INSERT ?? 0;
    // CoreWorkload: zipfian over the records plus twice the inserts expected, so new keys get their turn.
    const operationCount = length.kind === 'operations' ? length.operations : command.records * TIMED_RUN_EXPECTED_INSERTS_PER_RECORD;
    const expectedNewKeys = Math.ceil(operationCount * insertShare * 2);
    const keys: IntegerDistribution =
      spec.requestDistribution === 'latest' ? new SkewedLatestGenerator(inserts) : new ScrambledZipfianGenerator(0, command.records + expectedNewKeys - 1);
    const chooser = new AcknowledgedKeyChooser(keys, inserts, this.random);
    const runners: Record<YcsbOperation, () => Promise<unknown>> = {
      READ: () => operations.read(chooser.next()),
      UPDATE: () => operations.update(chooser.next()),
      INSERT: () => operations.insert(),
      SCAN: () => operations.scan(chooser.next()),
      READMODIFYWRITE: () => operations.readModifyWrite(chooser.next()),
    };
    const byKind = kinds.map((kind) => runners[kind]);
    return { name: 'run', kinds, length, source: { chooseKind: () => mix.choose(), run: (kind) => byKind[kind]!() } };
  }
}

/** Keys of records known to exist: draws past the last acknowledged insert are drawn again. */
class AcknowledgedKeyChooser {
  constructor(
    private readonly keys: IntegerDistribution,
    private readonly inserts: InsertCounter,
    private readonly random: Random,
  ) {}

  next(): number {
    const newest = this.inserts.lastAcknowledged();
    // Nothing inserted yet (a run with records=0 is refused, but a run phase may start empty).
    if (newest < 0) return 0;
    let key = this.keys.next(this.random);
    while (key > newest) key = this.keys.next(this.random);
    return key;
  }
}

class YcsbOperations {
  private readonly scanLength: UniformDistribution;

  constructor(
    private readonly backend: StressBackend,
    private readonly statements: YcsbStatements,
    private readonly records: YcsbRecords,
    private readonly inserts: InsertCounter,
    private readonly random: Random,
    private readonly consistency: ConsistencyLevelName,
  ) {
    this.scanLength = new UniformDistribution(1, YCSB_SCAN_LENGTH_MAX);
  }

  async insert(): Promise<void> {
    const keyNumber = this.inserts.next();
    const params: unknown[] = [this.records.keyName(keyNumber)];
    for (let f = 0; f < YCSB_FIELD_COUNT; f++) params.push(this.records.fieldValue());
    try {
      await this.backend.executePrepared(this.statements.insert, params, this.consistency);
    } finally {
      // As CoreWorkload does: a failed insert is acknowledged too, or `latest` would stop at it.
      this.inserts.acknowledge(keyNumber);
    }
  }

  read(keyNumber: number): Promise<unknown> {
    return this.backend.executePrepared(this.statements.read, [this.records.keyName(keyNumber)], this.consistency);
  }

  update(keyNumber: number): Promise<unknown> {
    const field = this.random.int(YCSB_FIELD_COUNT);
    return this.backend.executePrepared(this.statements.update[field]!, [this.records.fieldValue(), this.records.keyName(keyNumber)], this.consistency);
  }

  scan(keyNumber: number): Promise<unknown> {
    return this.backend.executePrepared(this.statements.scan, [this.records.keyName(keyNumber), this.scanLength.next(this.random)], this.consistency);
  }

  async readModifyWrite(keyNumber: number): Promise<void> {
    await this.read(keyNumber);
    await this.update(keyNumber);
  }
}
