/**
 * Sibyl embedded: one node in this process, spoken to in CQL as the DataStax driver speaks to
 * Cassandra.
 *
 *   const db = await Database.open({ dataDir: './data' });
 *   await db.execute('CREATE KEYSPACE ks WITH replication = {...}');
 *   const rs = await db.execute('SELECT * FROM ks.t WHERE id = ?', [id], { prepare: true, fetchSize: 100 });
 *   for await (const row of db.stream('SELECT * FROM ks.t')) ...
 *   await db.close();
 *
 * Values are the driver's (cassandra-driver `types`), errors carry Cassandra's codes (`code`).
 */

import path from 'node:path';
import { SystemClock, type Clock } from '../lib/clock.js';
import { InvalidRequestError } from '../lib/errors.js';
import { StorageEngine, type StorageEngineOptions, type WriteMutation } from '../storage/storage-engine.js';
import { bindMarkersOf } from '../cql/ast/bind-markers.js';
import type { Statement } from '../cql/ast/statement.js';
import { BatchStatement, type BatchChild } from '../cql/ast/batch-statement.js';
import { UsingClause } from '../cql/ast/using-clause.js';
import { Catalog } from '../cql/catalog/catalog.js';
import type { ExecutionContext } from '../cql/executor/execution-context.js';
import type { ExecutionResult } from '../cql/executor/execution-result.js';
import type { StatementAccess } from '../cql/executor/statement-access.js';
import { StatementExecutor } from '../cql/executor/statement-executor.js';
import { parseStatement } from '../cql/parser/parser.js';
import { encodeBulkRow, isEncodedRow, writeEncodedRows, type EncodedRow } from '../cql/rows/bulk-rows.js';
import { tableLayout } from '../cql/rows/table-layout.js';
import { refuseSystem } from '../cql/catalog/catalog.js';
import type { TableMetadata } from '../cql/schema/table-metadata.js';
import { prepareStatement } from '../cql/prepare/prepare-statement.js';
import type { PrepareOptions, PreparedStatement } from '../cql/prepare/prepared-statement.js';
import { Cluster, type ClusterOptions } from '../cluster/node/cluster.js';
import { consistencyLevelFromCode, consistencyLevelFromName, type ConsistencyLevel } from '../cluster/consistency/consistency-level.js';
import type { StorageProxy } from '../cluster/coordinator/storage-proxy.js';
import { DatabaseBackend } from '../protocol/server/database-backend.js';
import type { AuthOptions } from '../auth/auth-options.js';
import { DEFAULT_FETCH_SIZE, type BatchOptions, type BatchQuery, type QueryOptions } from './query-options.js';
import { ResultSet, type Row } from './result-set.js';

export interface DatabaseOptions {
  readonly dataDir: string;
  /**
   * Nodes of an in-process cluster (127.0.0.1 ... 127.0.0.N, data under <dataDir>/node<i>).
   * Absent: one embedded node, data directly under dataDir, every consistency level met by it.
   */
  readonly nodes?: number;
  /** Datacenters of the cluster instead of `nodes` (NetworkTopologyStrategy keyspaces). */
  readonly datacenters?: ClusterOptions['datacenters'];
  /**
   * Further cluster settings (gossip interval, timeouts, num_tokens, seed, `nativePort`: each
   * node's CQL native protocol port, default 9042, 0 for none).
   */
  readonly cluster?: Partial<Omit<ClusterOptions, 'dataDir' | 'nodes' | 'datacenters' | 'storage' | 'clock' | 'nativeBackend'>>;
  /** Storage worker threads (default: one per core; shared out between a cluster's nodes). */
  readonly threads?: number;
  /** Further storage engine settings (commit-log sync, memtable sizes...). */
  readonly storage?: Partial<Omit<StorageEngineOptions, 'dataDirectory' | 'tables'>>;
  readonly clock?: Clock;
  /**
   * Authentication and authorization of the cluster's native servers (src/auth):
   * `{ authenticator: 'PasswordAuthenticator', authorizer: 'CassandraAuthorizer' }`; needs
   * `nodes` (an embedded node serves no CQL connections). Statements run through this object
   * are not checked: the in-process API is trusted.
   */
  readonly auth?: AuthOptions;
}

/** The node a Database session runs its statements on: the embedded one, or one node of a cluster. */
interface SessionNode {
  readonly catalog: Catalog;
  readonly engine: StorageEngine;
  readonly executor: StatementExecutor;
  /** Where statements at `level` read and write (the embedded node: its engine, whatever the level). */
  storage(level: ConsistencyLevel): StorageProxy;
}

/** The consistency level of a request when none is given: the DataStax driver's default. */
export const DEFAULT_CONSISTENCY: ConsistencyLevel = 'LOCAL_ONE';

/** Parsed statements kept by text, at most this many (the driver's prepared cache is unbounded per session). */
const STATEMENT_CACHE_MAX = 1000;
/** Rows per engine write in `insertRows`, and such writes in flight at once. */
const BULK_CHUNK_ROWS = 1000;
const BULK_CHUNKS_IN_FLIGHT = 8;

export class Database {
  private readonly statements = new Map<string, Statement>();
  private sessionKeyspace: string | null = null;
  private closed = false;

  private constructor(
    private readonly node: SessionNode,
    private readonly clock: Clock,
    /** The in-process cluster this session's node belongs to, or null when embedded alone. */
    readonly cluster: Cluster | null,
    /** What close() shuts down: the engine or the cluster this Database opened; null for a session on another's. */
    private readonly owned: { close(): Promise<void> } | null,
  ) {}

  static async open(options: DatabaseOptions): Promise<Database> {
    const clock = options.clock ?? new SystemClock();
    if (options.nodes !== undefined || options.datacenters !== undefined) {
      const cluster = await Cluster.start({
        ...options.cluster,
        ...(options.auth === undefined ? {} : { auth: options.auth }),
        dataDir: path.resolve(options.dataDir),
        ...(options.datacenters === undefined ? { nodes: options.nodes! } : { datacenters: options.datacenters }),
        ...(options.storage === undefined ? {} : { storage: options.storage }),
        ...(options.threads === undefined ? {} : { threadsPerNode: options.threads }),
        clock,
        // Each node's native protocol server runs requests on a session of its own node.
        nativeBackend: (node, auth) => new DatabaseBackend(new Database(node, clock, null, null), auth),
      });
      try {
        // Bigger clusters take more gossip rounds to agree (about log N each way) and longer to start.
        await cluster.awaitConvergence(30_000 + 2_000 * cluster.size);
        await cluster.awaitAuthSetup();
      } catch (error) {
        await cluster.close();
        throw error;
      }
      return new Database(cluster.node(0), clock, cluster, cluster);
    }
    if (options.auth !== undefined) throw new InvalidRequestError('auth needs a cluster (Database.open with nodes): an embedded node serves no CQL connections to log in');
    const engine = await StorageEngine.open({
      ...options.storage,
      dataDirectory: path.resolve(options.dataDir),
      tables: Catalog.systemStorageTables(),
      ...(options.threads === undefined ? {} : { threads: options.threads }),
    });
    try {
      const catalog = await Catalog.open(engine, clock);
      return new Database({ catalog, engine, executor: new StatementExecutor(), storage: () => engine }, clock, null, engine);
    } catch (error) {
      await engine.close();
      throw error;
    }
  }

  /**
   * A session on another node of this Database's cluster (by host, 127.0.0.i, or index):
   * statements run with that node as coordinator. Closing it leaves the cluster running.
   */
  onNode(which: string | number): Database {
    if (this.cluster === null) throw new InvalidRequestError('onNode needs a cluster (Database.open with nodes)');
    return new Database(this.cluster.node(which), this.clock, this.cluster, null);
  }

  private get catalog(): Catalog {
    return this.node.catalog;
  }

  private get engine(): StorageEngine {
    return this.node.engine;
  }

  /** The session keyspace (USE). */
  get keyspace(): string | null {
    return this.sessionKeyspace;
  }

  /** The current schema version (system.local's schema_version). */
  get schemaVersion(): string {
    return this.catalog.schema.version;
  }

  async execute(query: string, params: readonly unknown[] | Record<string, unknown> = [], options: QueryOptions = {}): Promise<ResultSet> {
    this.assertOpen();
    const statement = this.parse(query);
    return this.run(statement, params, options);
  }

  /**
   * @internal The native protocol's entry (protocol/server/database-backend.ts): the statement
   * run as execute() runs it, answered as the executor answers (the protocol's RESULT kinds,
   * rows as arrays of values) together with the parsed statement, in exactly `options.keyspace`.
   * A USE answers Set_keyspace without moving this Database's keyspace: each connection keeps
   * its own.
   */
  async executeRaw(query: string, params: readonly unknown[], options: RawQueryOptions): Promise<RawOutcome> {
    this.assertOpen();
    const statement = this.parse(query);
    // The protocol writes row values out as bytes: a point read may hand over stored ones.
    const result = await this.node.executor.execute(statement, this.contextOf(params, options, true));
    return { statement, result };
  }

  /**
   * Cassandra's PREPARE: the statement's bind variables (names and types), partition key
   * indexes, result columns and ids, computed without running it; refused as Cassandra refuses
   * at prepare time. Run it with `executePrepared`.
   */
  async prepare(query: string, options: PrepareOptions = {}): Promise<PreparedStatement> {
    this.assertOpen();
    const statement = this.parse(query);
    return prepareStatement(query, statement, {
      catalog: this.catalog,
      engine: this.node.storage(DEFAULT_CONSISTENCY),
      clock: this.clock,
      keyspace: options.keyspace ?? this.sessionKeyspace,
      params: [],
      fetchSize: Infinity,
      pageState: null,
    });
  }

  /**
   * A prepared statement run as `execute(prepared.query, params, options)` does, but in the
   * keyspace it was prepared in (Cassandra binds an unqualified table when preparing).
   */
  async executePrepared(prepared: PreparedStatement, params: readonly unknown[] | Record<string, unknown> = [], options: QueryOptions = {}): Promise<ResultSet> {
    return this.execute(prepared.query, params, prepared.keyspace === null ? options : { ...options, keyspace: prepared.keyspace });
  }

  /** Several INSERT, UPDATE or DELETE statements as one BATCH (logged unless `logged: false`). */
  async batch(queries: readonly (BatchQuery | string)[], options: BatchOptions & { readonly access?: StatementAccess } = {}): Promise<ResultSet> {
    this.assertOpen();
    const children: BatchChild[] = [];
    const params: unknown[] = [];
    for (const item of queries) {
      const query = typeof item === 'string' ? { query: item } : item;
      const statement = this.parse(query.query);
      if (statement.kind !== 'InsertStatement' && statement.kind !== 'UpdateStatement' && statement.kind !== 'DeleteStatement') {
        throw new InvalidRequestError(`Invalid statement in batch: only UPDATE, INSERT and DELETE statements are allowed.`);
      }
      // Each query carries its own values: checked against its own markers, then its markers
      // are shifted to the batch's positions.
      const values = query.params ?? [];
      const markers = bindMarkersOf(statement).length;
      if (values.length !== markers) {
        throw new InvalidRequestError(`there were ${markers} markers(?) in CQL but ${values.length} bound variables`);
      }
      children.push(shiftMarkers(statement, params.length));
      params.push(...values);
    }
    const type = options.counter ? 'COUNTER' : options.logged === false ? 'UNLOGGED' : 'LOGGED';
    const batch = BatchStatement.create({ type, using: UsingClause.create({ ttl: null, timestamp: null }), statements: children });
    return this.run(batch, params, options, options.access);
  }

  /** Every row of a query, fetched page by page. */
  async *stream(query: string, params: readonly unknown[] | Record<string, unknown> = [], options: QueryOptions = {}): AsyncGenerator<Row> {
    let pageState = options.pageState;
    do {
      const page: ResultSet = await this.execute(query, params, pageState === undefined ? options : { ...options, pageState });
      yield* page.rows;
      pageState = page.pageState ?? undefined;
    } while (pageState !== undefined);
  }

  /**
   * The bulk path: rows (column name to value) written to one table without CQL text, as
   * INSERTs would write them, through the engine's row batch writer (rows/bulk-rows.ts), in
   * chunks with several in flight. Resolves with the number of rows once all are acknowledged.
   */
  async insertRows(keyspace: string, table: string, rows: Iterable<Readonly<Record<string, unknown>>>, options: Pick<QueryOptions, 'consistency'> = {}): Promise<number> {
    this.assertOpen();
    const storage = this.node.storage(consistencyOf(options));
    refuseSystem(keyspace);
    const metadata = this.catalog.schema.existingTable(keyspace, table);
    if (metadata.isCounter) throw new InvalidRequestError('INSERT statements are not allowed on counter tables, use UPDATE instead');
    const layout = tableLayout(metadata);
    const inFlight = new Set<Promise<unknown>>();
    let encoded: EncodedRow[] = [];
    let mutations: WriteMutation[] = [];
    let written = 0;
    const send = async (): Promise<void> => {
      const chunk = encoded;
      const others = mutations;
      encoded = [];
      mutations = [];
      const sent = Promise.all([
        chunk.length === 0 ? 0 : storage.writeRows(metadata.id, (writer) => writeEncodedRows(writer, chunk)),
        others.length === 0 ? undefined : storage.write(others),
      ]);
      inFlight.add(sent);
      void sent.finally(() => inFlight.delete(sent)).catch(() => undefined);
      if (inFlight.size >= BULK_CHUNKS_IN_FLIGHT) await Promise.race(inFlight);
    };
    for (const row of rows) {
      const attributes = { timestamp: this.clock.nowMicros(), ttl: metadata.options.defaultTimeToLive, nowSeconds: this.clock.nowSeconds() };
      const encodedRow = encodeBulkRow(layout, row, attributes);
      if (isEncodedRow(encodedRow)) encoded.push(encodedRow);
      else mutations.push(encodedRow);
      written++;
      if (encoded.length + mutations.length >= BULK_CHUNK_ROWS) await send();
    }
    await send();
    await Promise.all(inFlight);
    return written;
  }

  /** @internal The storage engine underneath, for benchmarks that compare against it. */
  get engineForBenchmarks(): StorageEngine {
    return this.engine;
  }

  /** @internal A table's metadata, for benchmarks. */
  tableForBenchmarks(keyspace: string, table: string): TableMetadata {
    return this.catalog.schema.existingTable(keyspace, table);
  }

  /** Closes the embedded node, or the whole cluster this Database opened; a session from onNode only stops taking statements. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.owned?.close();
  }

  private parse(query: string): Statement {
    let statement = this.statements.get(query);
    if (statement === undefined) {
      statement = parseStatement(query);
      if (this.statements.size >= STATEMENT_CACHE_MAX) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(query, statement);
    }
    return statement;
  }

  private async run(statement: Statement, params: readonly unknown[] | Record<string, unknown>, options: QueryOptions, access?: StatementAccess): Promise<ResultSet> {
    const context = this.contextOf(positionalParams(statement, params), {
      ...(access === undefined ? {} : { access }),
      consistency: consistencyOf(options),
      keyspace: options.keyspace ?? this.sessionKeyspace,
      fetchSize: options.fetchSize ?? DEFAULT_FETCH_SIZE,
      pageState: options.pageState === undefined ? null : typeof options.pageState === 'string' ? Buffer.from(options.pageState, 'hex') : options.pageState,
      timestamp: options.timestamp === undefined ? null : BigInt(options.timestamp),
    });
    const result = await this.node.executor.execute(statement, context);
    switch (result.kind) {
      case 'rows':
        return new ResultSet(result.columns, result.rows, result.pageState);
      case 'setKeyspace':
        this.sessionKeyspace = result.keyspace;
        return new ResultSet(null, [], null, result.keyspace);
      default:
        return new ResultSet(null, [], null);
    }
  }

  private contextOf(params: readonly unknown[], options: RawQueryOptions, encodedValues = false): ExecutionContext {
    return {
      catalog: this.catalog,
      engine: this.node.storage(options.consistency),
      clock: this.clock,
      keyspace: options.keyspace,
      params,
      fetchSize: options.fetchSize,
      pageState: options.pageState,
      encodedValues,
      // One shape for every context, so the executor's reads of it stay monomorphic.
      defaultTimestamp: options.timestamp ?? undefined,
      access: options.access,
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new InvalidRequestError('the database is closed');
  }
}

/** How executeRaw runs a statement: every setting explicit, as a protocol request gives them. */
export interface RawQueryOptions {
  readonly consistency: ConsistencyLevel;
  /** Where unqualified names resolve; null: nowhere (they are refused). */
  readonly keyspace: string | null;
  /** Rows per page (Infinity: one page). */
  readonly fetchSize: number;
  readonly pageState: Uint8Array | null;
  /** The write timestamp (µs) unless the statement says USING TIMESTAMP; null: the clock's. */
  readonly timestamp: bigint | null;
  /** The connection's access control (src/auth): authorizes each statement; absent: nothing is checked. */
  readonly access?: StatementAccess;
}

export interface RawOutcome {
  readonly statement: Statement;
  readonly result: ExecutionResult;
}

/** The request's consistency level, by name ('QUORUM') or protocol code (4); the driver's default when absent. */
function consistencyOf(options: Pick<QueryOptions, 'consistency'>): ConsistencyLevel {
  const given = options.consistency;
  if (given === undefined) return DEFAULT_CONSISTENCY;
  const level = typeof given === 'number' ? consistencyLevelFromCode(given) : consistencyLevelFromName(given.toUpperCase());
  if (level === undefined) throw new InvalidRequestError(`Unknown consistency level ${String(given)}`);
  return level;
}

/** Values by marker position; an object gives them by marker name (`:name`). */
function positionalParams(statement: Statement, params: readonly unknown[] | Record<string, unknown>): readonly unknown[] {
  if (Array.isArray(params)) return params;
  const named = params as Record<string, unknown>;
  return bindMarkersOf(statement).map((marker) => {
    if (marker.name === null) throw new InvalidRequestError('Named parameters need named markers (:name) in the query');
    const key = Object.keys(named).find((k) => k.toLowerCase() === marker.name!.toLowerCase());
    return key === undefined ? undefined : named[key];
  });
}

/** A copy of the statement with every bind marker index moved by `offset`. */
function shiftMarkers<T extends Statement>(statement: T, offset: number): T {
  if (offset === 0) return statement;
  const shift = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return Object.freeze(value.map(shift));
    const record = value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(record)) copy[key] = shift(field);
    if (record['kind'] === 'BindMarker') copy['index'] = (record['index'] as number) + offset;
    return Object.freeze(copy);
  };
  return shift(statement) as T;
}
