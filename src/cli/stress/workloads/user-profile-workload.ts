/**
 * cassandra-stress's `user` command: the profile's keyspace and table (created from their
 * definitions when missing), `insert` writing rows of the partitions the population picks
 * (one statement, or a batch of the profile's batch type when several rows), and each named
 * query run with the values of one generated row bound to its markers.
 */

import fs from 'node:fs';
import type { Random } from '../../../lib/random.js';
import type { BatchEntry, PreparedQuery, StressBackend } from '../backends/stress-backend.js';
import { createDistribution } from '../distributions/create-distribution.js';
import { parseDistribution, type DistributionSpec } from '../distributions/distribution-spec.js';
import type { IntegerDistribution } from '../distributions/integer-distribution.js';
import type { StressSettings } from '../options/stress-settings.js';
import { StressUsageError } from '../options/stress-usage-error.js';
import { ColumnValues } from './column-values.js';
import { OperationMix } from './operation-mix.js';
import { qualifyTable } from './qualify-table.js';
import { queryBindColumns } from './query-bind-columns.js';
import type { StressPhase, StressWorkload } from './stress-workload.js';
import { parseUserProfile, type UserProfile } from './user-profile.js';
import { UserProfileRows, type ColumnKind, type TableColumn } from './user-profile-rows.js';

type UserCommand = Extract<StressSettings['command'], { kind: 'user' }>;

/** Rows one insert operation writes at most, over all its partitions (a bound on batch size). */
export const INSERT_ROWS_MAX = 1000;
/** Partitions of a timed run when no population is given. */
const TIMED_RUN_PARTITIONS = 1_000_000;
const ALREADY_EXISTS = 0x2400;
const COLUMN_KIND_ORDER: Readonly<Record<ColumnKind, number>> = { partition_key: 0, clustering: 1, static: 2, regular: 3 };

export class UserProfileWorkload implements StressWorkload {
  private constructor(
    private readonly settings: StressSettings & { readonly command: UserCommand },
    private readonly profile: UserProfile,
    private readonly random: Random,
  ) {}

  /** Reads and checks the profile file (a usage error when it is missing or wrong). */
  static fromFile(settings: StressSettings & { readonly command: UserCommand }, random: Random): UserProfileWorkload {
    const path = settings.command.profilePath;
    let text: string;
    try {
      text = fs.readFileSync(path, 'utf8');
    } catch (error) {
      throw new StressUsageError(`cannot read profile ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    const profile = parseUserProfile(text, path);
    for (const name of settings.command.ops.keys()) {
      if (name !== 'insert' && !profile.queries.has(name)) {
        throw new StressUsageError(`ops(${name}=...): the profile has no query ${name} (${['insert', ...profile.queries.keys()].join(', ')})`);
      }
    }
    return new UserProfileWorkload(settings, profile, random);
  }

  async setUp(backend: StressBackend): Promise<readonly StressPhase[]> {
    const { keyspace, table } = this.profile;
    if (this.profile.keyspaceDefinition !== null) await executeIgnoringExists(backend, this.profile.keyspaceDefinition);
    if (this.profile.tableDefinition !== null) await executeIgnoringExists(backend, qualifyTable(this.profile.tableDefinition, keyspace, table));
    const columns = await tableColumns(backend, keyspace, table);
    for (const name of this.profile.columnSpecs.keys()) {
      if (!columns.some((column) => column.name === name)) throw new StressUsageError(`columnspec ${name}: ${keyspace}.${table} has no such column`);
    }
    const rows = new UserProfileRows(columns, this.profile.columnSpecs, new ColumnValues(this.settings.seed));
    const names = columns.map((column) => `"${column.name}"`);
    const insert = await backend.prepare(`INSERT INTO ${keyspace}.${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
    const kinds = [...this.settings.command.ops].filter(([, weight]) => weight > 0).map(([name]) => name);
    const columnNames = columns.map((column) => column.name);
    const queries = new Map<string, { readonly prepared: PreparedQuery; readonly bound: readonly number[] }>();
    for (const name of kinds) {
      if (name === 'insert') continue;
      const cql = qualifyTable(this.profile.queries.get(name)!.cql, keyspace, table);
      const bound = queryBindColumns(cql, name, columnNames).map((column) => columnNames.indexOf(column));
      queries.set(name, { prepared: await backend.prepare(cql), bound });
    }
    const population = createDistribution(this.populationSpec());
    const operations = new UserOperations(backend, this.settings, this.profile, rows, insert, population, this.random);
    const mix = new OperationMix(kinds.map((name) => this.settings.command.ops.get(name)!), this.random);
    const runs = kinds.map((name) => (name === 'insert' ? () => operations.insert() : () => operations.query(queries.get(name)!.prepared, queries.get(name)!.bound)));
    return [{ name: 'run', kinds, length: this.settings.length, source: { chooseKind: () => mix.choose(), run: (kind) => runs[kind]!() } }];
  }

  private populationSpec(): DistributionSpec {
    if (this.settings.population !== null) return this.settings.population;
    const partitions = this.settings.length.kind === 'operations' ? this.settings.length.operations : TIMED_RUN_PARTITIONS;
    return parseDistribution(`uniform(1..${partitions})`);
  }
}

class UserOperations {
  private readonly partitions: IntegerDistribution;
  private readonly selectNumerator: IntegerDistribution;

  constructor(
    private readonly backend: StressBackend,
    private readonly settings: StressSettings,
    private readonly profile: UserProfile,
    private readonly rows: UserProfileRows,
    private readonly insertQuery: PreparedQuery,
    private readonly population: IntegerDistribution,
    private readonly random: Random,
  ) {
    this.partitions = createDistribution(profile.insert.partitions);
    this.selectNumerator = createDistribution(profile.insert.select.numerator);
  }

  insert(): Promise<unknown> {
    const entries: BatchEntry[] = [];
    const partitionCount = Math.max(1, this.partitions.next(this.random));
    for (let p = 0; p < partitionCount && entries.length < INSERT_ROWS_MAX; p++) {
      const partition = this.population.next(this.random);
      const rowCount = this.rows.rowCount(partition);
      const share = this.selectNumerator.next(this.random) / this.profile.insert.select.denominator;
      const take = Math.min(Math.max(1, Math.round(rowCount * share)), rowCount, INSERT_ROWS_MAX - entries.length);
      const first = this.random.int(rowCount - take + 1);
      for (let row = first; row < first + take; row++) entries.push({ query: this.insertQuery, params: this.rowValues(partition, row) });
    }
    if (entries.length === 1) return this.backend.executePrepared(this.insertQuery, entries[0]!.params, this.settings.consistency);
    return this.backend.batch(entries, this.profile.insert.batchType === 'LOGGED', this.settings.consistency);
  }

  query(prepared: PreparedQuery, bound: readonly number[]): Promise<unknown> {
    const partition = this.population.next(this.random);
    const row = this.random.int(this.rows.rowCount(partition));
    return this.backend.executePrepared(
      prepared,
      bound.map((column) => this.rows.value(partition, row, column)),
      this.settings.consistency,
    );
  }

  private rowValues(partition: number, row: number): unknown[] {
    const values: unknown[] = [];
    for (let c = 0; c < this.rows.columns.length; c++) values.push(this.rows.value(partition, row, c));
    return values;
  }
}

async function executeIgnoringExists(backend: StressBackend, cql: string): Promise<void> {
  try {
    await backend.execute(cql);
  } catch (error) {
    // cassandra-stress creates what is missing: an existing keyspace or table is what we want.
    if ((error as { code?: unknown }).code !== ALREADY_EXISTS) throw error;
  }
}

async function tableColumns(backend: StressBackend, keyspace: string, table: string): Promise<TableColumn[]> {
  const rows = await backend.execute('SELECT column_name, kind, position, type FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?', [keyspace, table]);
  if (rows.length === 0) throw new StressUsageError(`table ${keyspace}.${table} does not exist and the profile has no table_definition`);
  return rows
    .map((row) => ({ name: String(row['column_name']), kind: String(row['kind']) as ColumnKind, type: String(row['type']), position: Number(row['position']) }))
    .sort((a, b) => COLUMN_KIND_ORDER[a.kind] - COLUMN_KIND_ORDER[b.kind] || a.position - b.position)
    .map(({ name, kind, type }) => ({ name, kind, type }));
}
