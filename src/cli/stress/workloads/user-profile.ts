/**
 * A cassandra-stress user profile (YAML), read and checked:
 *
 *   keyspace: blog                       keyspace_definition: CREATE KEYSPACE ... (if missing)
 *   table: posts                         table_definition: CREATE TABLE ... (if missing)
 *   columnspec:                          per column, each optional:
 *     - name: body                         size: DIST        length of text and blob values (uniform(4..8))
 *       size: uniform(10..200)             population: DIST  distinct values drawn (uniform(1..100B))
 *     - name: posted_at                    cluster: DIST     rows per partition, per clustering column (fixed(1))
 *       cluster: uniform(1..20)
 *   insert:
 *     partitions: fixed(1)               partitions per insert operation
 *     batchtype: UNLOGGED                LOGGED or UNLOGGED, when an insert writes several rows
 *     select: fixed(1)/1                 the share of a partition's rows each insert writes
 *   queries:
 *     posts_by_user:
 *       cql: SELECT * FROM posts WHERE user = ? LIMIT 10
 *       fields: samerow                  (or multirow)
 *
 * A bad profile is a usage error naming the key, never a stack trace.
 */

import { parse as parseYaml } from 'yaml';
import { parseDistribution, type DistributionSpec } from '../distributions/distribution-spec.js';
import { StressUsageError } from '../options/stress-usage-error.js';

export interface ColumnSpec {
  readonly size: DistributionSpec;
  readonly population: DistributionSpec;
  readonly cluster: DistributionSpec;
}

export interface UserQuery {
  readonly cql: string;
  readonly fields: 'samerow' | 'multirow';
}

export interface UserProfile {
  readonly keyspace: string;
  readonly keyspaceDefinition: string | null;
  readonly table: string;
  readonly tableDefinition: string | null;
  /** By column name; columns not listed take the defaults. */
  readonly columnSpecs: ReadonlyMap<string, ColumnSpec>;
  readonly insert: {
    readonly partitions: DistributionSpec;
    readonly batchType: 'LOGGED' | 'UNLOGGED';
    /** Rows written of a partition's: draws of `numerator` over `denominator`. */
    readonly select: { readonly numerator: DistributionSpec; readonly denominator: number };
  };
  readonly queries: ReadonlyMap<string, UserQuery>;
}

export const COLUMN_DEFAULTS: ColumnSpec = {
  size: parseDistribution('uniform(4..8)'),
  population: parseDistribution('uniform(1..100b)'),
  cluster: parseDistribution('fixed(1)'),
};

const TOP_KEYS = ['keyspace', 'keyspace_definition', 'table', 'table_definition', 'columnspec', 'insert', 'queries', 'extra_definitions'];
const NAME = /^\w{1,48}$/;

export function parseUserProfile(text: string, source: string): UserProfile {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new StressUsageError(`profile ${source} is not YAML: ${error instanceof Error ? error.message.split('\n', 1)[0] : String(error)}`);
  }
  const top = objectAt(document, source);
  for (const key of Object.keys(top)) if (!TOP_KEYS.includes(key)) throw new StressUsageError(`profile ${source}: unknown key '${key}' (${TOP_KEYS.join(', ')})`);
  const keyspace = nameAt(top, 'keyspace', source);
  const table = nameAt(top, 'table', source);
  return {
    keyspace,
    keyspaceDefinition: optionalString(top, 'keyspace_definition', source),
    table,
    tableDefinition: optionalString(top, 'table_definition', source),
    columnSpecs: parseColumnSpecs(top['columnspec'], source),
    insert: parseInsert(top['insert'], source),
    queries: parseQueries(top['queries'], source),
  };
}

function parseColumnSpecs(value: unknown, source: string): ReadonlyMap<string, ColumnSpec> {
  const specs = new Map<string, ColumnSpec>();
  if (value === undefined || value === null) return specs;
  if (!Array.isArray(value)) throw new StressUsageError(`profile ${source}: columnspec must be a list of columns`);
  for (const item of value) {
    const column = objectAt(item, `${source} columnspec`);
    for (const key of Object.keys(column)) {
      if (!['name', 'size', 'population', 'cluster'].includes(key)) throw new StressUsageError(`profile ${source}: unknown columnspec key '${key}' (name, size, population, cluster)`);
    }
    const name = column['name'];
    if (typeof name !== 'string' || name.length === 0) throw new StressUsageError(`profile ${source}: each columnspec needs a name`);
    if (specs.has(name)) throw new StressUsageError(`profile ${source}: column ${name} is in columnspec twice`);
    specs.set(name, {
      size: distributionAt(column, 'size', `${source} column ${name}`) ?? COLUMN_DEFAULTS.size,
      population: distributionAt(column, 'population', `${source} column ${name}`) ?? COLUMN_DEFAULTS.population,
      cluster: distributionAt(column, 'cluster', `${source} column ${name}`) ?? COLUMN_DEFAULTS.cluster,
    });
  }
  return specs;
}

function parseInsert(value: unknown, source: string): UserProfile['insert'] {
  const insert = value === undefined || value === null ? {} : objectAt(value, `${source} insert`);
  for (const key of Object.keys(insert)) {
    if (!['partitions', 'batchtype', 'select'].includes(key)) throw new StressUsageError(`profile ${source}: unknown insert key '${key}' (partitions, batchtype, select)`);
  }
  const batchType = String(insert['batchtype'] ?? 'UNLOGGED').toUpperCase();
  if (batchType !== 'LOGGED' && batchType !== 'UNLOGGED') throw new StressUsageError(`profile ${source}: insert batchtype is LOGGED or UNLOGGED, not '${batchType}'`);
  return {
    partitions: distributionAt(insert, 'partitions', `${source} insert`) ?? parseDistribution('fixed(1)'),
    batchType,
    select: parseRatio(insert['select'], source),
  };
}

/** `fixed(1)/1`, `uniform(1..10)/10`: a distribution over a denominator. */
function parseRatio(value: unknown, source: string): UserProfile['insert']['select'] {
  if (value === undefined || value === null) return { numerator: parseDistribution('fixed(1)'), denominator: 1 };
  const match = /^(.*\))\s*\/\s*(\d+)$/.exec(String(value).trim());
  if (match === null) throw new StressUsageError(`profile ${source}: insert select must read DIST/N (like fixed(1)/1), not '${String(value)}'`);
  const denominator = Number(match[2]);
  if (!(denominator >= 1)) throw new StressUsageError(`profile ${source}: insert select's denominator must be at least 1`);
  return { numerator: parseDistribution(match[1]!), denominator };
}

function parseQueries(value: unknown, source: string): ReadonlyMap<string, UserQuery> {
  const queries = new Map<string, UserQuery>();
  if (value === undefined || value === null) return queries;
  for (const [name, entry] of Object.entries(objectAt(value, `${source} queries`))) {
    if (!NAME.test(name) || name === 'insert') throw new StressUsageError(`profile ${source}: '${name}' cannot name a query`);
    // cassandra-stress's older form gives the CQL alone.
    const query = typeof entry === 'string' ? { cql: entry } : objectAt(entry, `${source} query ${name}`);
    for (const key of Object.keys(query)) if (!['cql', 'fields'].includes(key)) throw new StressUsageError(`profile ${source}: unknown key '${key}' in query ${name} (cql, fields)`);
    const cql = query['cql'];
    if (typeof cql !== 'string' || cql.trim().length === 0) throw new StressUsageError(`profile ${source}: query ${name} needs cql`);
    const fields = String(query['fields'] ?? 'samerow').toLowerCase();
    if (fields !== 'samerow' && fields !== 'multirow') throw new StressUsageError(`profile ${source}: query ${name} fields is samerow or multirow, not '${fields}'`);
    queries.set(name, { cql: cql.trim().replace(/;\s*$/, ''), fields });
  }
  return queries;
}

function objectAt(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new StressUsageError(`profile ${where}: expected a mapping of keys to values`);
  return value as Record<string, unknown>;
}

function nameAt(object: Record<string, unknown>, key: string, source: string): string {
  const value = object[key];
  if (typeof value !== 'string' || !NAME.test(value)) throw new StressUsageError(`profile ${source}: '${key}' must name a ${key} (letters, digits, _)`);
  return value;
}

function optionalString(object: Record<string, unknown>, key: string, source: string): string | null {
  const value = object[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new StressUsageError(`profile ${source}: '${key}' must be CQL text`);
  return value.trim().replace(/;\s*$/, '');
}

function distributionAt(object: Record<string, unknown>, key: string, where: string): DistributionSpec | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  try {
    const spec = parseDistribution(String(value));
    if (spec.kind === 'sequence') throw new StressUsageError(`a sequence is for -pop only`);
    return spec;
  } catch (error) {
    if (error instanceof StressUsageError) throw new StressUsageError(`profile ${where} ${key}: ${error.message}`);
    throw error;
  }
}
