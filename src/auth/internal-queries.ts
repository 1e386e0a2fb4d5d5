/**
 * How the role manager and the authorizer read and write system_auth: CQL run on the node
 * itself, unchecked, at a given consistency level (Cassandra's QueryProcessor.process for its
 * auth classes). Statements are parsed once each; there are a few dozen fixed texts, so the
 * cache is bounded by an assertion rather than an eviction policy.
 */

import { assert } from '../lib/assert.js';
import type { Clock } from '../lib/clock.js';
import type { ConsistencyLevel } from '../cluster/consistency/consistency-level.js';
import type { StorageProxy } from '../cluster/coordinator/storage-proxy.js';
import type { Statement } from '../cql/ast/statement.js';
import type { Catalog } from '../cql/catalog/catalog.js';
import type { StatementExecutor } from '../cql/executor/statement-executor.js';
import { parseStatement } from '../cql/parser/parser.js';

/** What a node offers to run statements on: its catalog, executor and storage proxies. */
export interface AuthNode {
  readonly catalog: Catalog;
  readonly executor: StatementExecutor;
  storage(level: ConsistencyLevel): StorageProxy;
}

/** One result row by column name. */
export type InternalRow = ReadonlyMap<string, unknown>;

/** Distinct statement texts the auth classes use: a bound on the parse cache, not a tuning knob. */
const STATEMENT_TEXTS_MAX = 64;

export class InternalQueries {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly node: AuthNode,
    private readonly clock: Clock,
  ) {}

  /** Rows of a SELECT, all pages at once (`rowsMax` bounds them). */
  async rows(cql: string, params: readonly unknown[], level: ConsistencyLevel, rowsMax = Infinity): Promise<InternalRow[]> {
    const result = await this.execute(cql, params, level, { fetchSize: rowsMax, timestamp: undefined });
    assert(result.kind === 'rows', `${cql} answered ${result.kind}`);
    return result.rows.map((row) => new Map(result.columns.map((column, i) => [column.name, row[i] ?? null])));
  }

  /** A write; `timestamp` (µs) is USING TIMESTAMP's default. */
  async write(cql: string, params: readonly unknown[], level: ConsistencyLevel, timestamp?: bigint): Promise<void> {
    await this.execute(cql, params, level, { fetchSize: Infinity, timestamp });
  }

  private execute(cql: string, params: readonly unknown[], level: ConsistencyLevel, options: { fetchSize: number; timestamp: bigint | undefined }) {
    let statement = this.statements.get(cql);
    if (statement === undefined) {
      assert(this.statements.size < STATEMENT_TEXTS_MAX, `more than ${STATEMENT_TEXTS_MAX} internal auth statements: is a value inlined in the text?`);
      statement = parseStatement(cql);
      this.statements.set(cql, statement);
    }
    return this.node.executor.execute(statement, {
      catalog: this.node.catalog,
      engine: this.node.storage(level),
      clock: this.clock,
      keyspace: null,
      params,
      fetchSize: options.fetchSize,
      pageState: null,
      ...(options.timestamp === undefined ? {} : { defaultTimestamp: options.timestamp }),
    });
  }
}
