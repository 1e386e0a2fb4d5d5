/**
 * cassandra-stress's predefined commands on its default table:
 *
 *   CREATE TABLE IF NOT EXISTS keyspace1.standard1 (key blob PRIMARY KEY, "C0" blob, ... "C4" blob)
 *
 * `write` inserts a whole row, `read` selects one by key, `mixed` does both by ratio. Keys come
 * from the population: by default `seq=1..n` for write (each key once) and `gaussian(1..n)`
 * for read and mixed (n, or a million for a timed run), as cassandra-stress chooses.
 */

import type { Random } from '../../../lib/random.js';
import type { PreparedQuery, StressBackend } from '../backends/stress-backend.js';
import { createDistribution } from '../distributions/create-distribution.js';
import { boundsOf, parseDistribution, type DistributionSpec } from '../distributions/distribution-spec.js';
import type { IntegerDistribution } from '../distributions/integer-distribution.js';
import type { StressSettings } from '../options/stress-settings.js';
import { StressUsageError } from '../options/stress-usage-error.js';
import { createKeyspaceCql } from './keyspace-cql.js';
import { OperationMix } from './operation-mix.js';
import { STANDARD1_COLUMNS, STANDARD1_KEY_NUMBER_MAX, Standard1Rows } from './standard1-rows.js';
import type { StressPhase, StressWorkload } from './stress-workload.js';

export const DEFAULT_KEYSPACE = 'keyspace1';
/** Keys of a timed run when no population is given (cassandra-stress's default). */
const TIMED_RUN_KEYS = 1_000_000;

type DefaultCommand = Extract<StressSettings['command'], { kind: 'write' | 'read' | 'mixed' }>;

export class DefaultWorkload implements StressWorkload {
  private readonly keyspace: string;
  private readonly population: DistributionSpec;

  constructor(
    private readonly settings: StressSettings & { readonly command: DefaultCommand },
    private readonly random: Random,
  ) {
    this.keyspace = settings.schema.keyspace ?? DEFAULT_KEYSPACE;
    this.population = settings.population ?? defaultPopulation(settings);
    if (boundsOf(this.population).max > STANDARD1_KEY_NUMBER_MAX) throw new StressUsageError(`-pop keys go up to ${STANDARD1_KEY_NUMBER_MAX} on standard1`);
  }

  async setUp(backend: StressBackend): Promise<readonly StressPhase[]> {
    await backend.execute(createKeyspaceCql(this.keyspace, this.settings.schema));
    const columns = STANDARD1_COLUMNS.map((name) => `"${name}" blob`).join(', ');
    await backend.execute(`CREATE TABLE IF NOT EXISTS ${this.keyspace}.standard1 (key blob PRIMARY KEY, ${columns})`);
    const names = STANDARD1_COLUMNS.map((name) => `"${name}"`).join(', ');
    const insert = await backend.prepare(`INSERT INTO ${this.keyspace}.standard1 (key, ${names}) VALUES (?, ?, ?, ?, ?, ?)`);
    const select = await backend.prepare(`SELECT key, ${names} FROM ${this.keyspace}.standard1 WHERE key = ?`);
    const command = this.settings.command;
    const weights = command.kind === 'mixed' ? [command.ratio.get('write') ?? 0, command.ratio.get('read') ?? 0] : command.kind === 'write' ? [1, 0] : [0, 1];
    const used = (['WRITE', 'READ'] as const).filter((_, k) => weights[k]! > 0);
    const operations = new Standard1Operations(backend, insert, select, createDistribution(this.population), this.random, this.settings);
    const mix = new OperationMix(weights.filter((w) => w > 0), this.random);
    return [
      {
        name: 'run',
        kinds: used,
        length: this.settings.length,
        source: { chooseKind: () => mix.choose(), run: (kind) => (used[kind] === 'WRITE' ? operations.write() : operations.read()) },
      },
    ];
  }
}

class Standard1Operations {
  private readonly rows: Standard1Rows;

  constructor(
    private readonly backend: StressBackend,
    private readonly insert: PreparedQuery,
    private readonly select: PreparedQuery,
    private readonly keys: IntegerDistribution,
    private readonly random: Random,
    private readonly settings: StressSettings,
  ) {
    this.rows = new Standard1Rows(settings.seed);
  }

  write(): Promise<unknown> {
    const index = this.keys.next(this.random);
    const rows = this.rows;
    const params = [rows.key(index), rows.column(index, 0), rows.column(index, 1), rows.column(index, 2), rows.column(index, 3), rows.column(index, 4)];
    return this.backend.executePrepared(this.insert, params, this.settings.consistency);
  }

  read(): Promise<unknown> {
    return this.backend.executePrepared(this.select, [this.rows.key(this.keys.next(this.random))], this.settings.consistency);
  }
}

function defaultPopulation(settings: StressSettings & { readonly command: DefaultCommand }): DistributionSpec {
  const keys = settings.length.kind === 'operations' ? settings.length.operations : TIMED_RUN_KEYS;
  return parseDistribution(settings.command.kind === 'write' ? `seq(1..${keys})` : `gaussian(1..${keys})`);
}
