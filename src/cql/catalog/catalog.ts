/**
 * The schema catalog of one node: the current Schema, and every DDL statement applied to it.
 *
 * A DDL statement is checked against the current schema (Cassandra 4's messages), then made
 * durable in this order, so that a crash or a failure at any step leaves no trace a reader
 * could see (the catalog in system_schema is the truth; the engine's table registry follows):
 *   1. a new table is registered with the engine (an orphan registration is dropped at open);
 *   2. the schema rows are written, all under the keyspace's partition key: one commit-log
 *      entry, so all or nothing (schema-rows.ts); the statement is acknowledged here;
 *   3. a dropped table's storage is dropped (an orphan left by a crash is dropped at open).
 * DDL statements run one at a time.
 *
 * In a cluster the catalog is shared as Cassandra's MigrationManager shares it: the node that
 * runs a DDL statement commits it, then announces exactly the schema mutations it wrote
 * (CatalogOptions.announce); the other nodes apply the same rows (applySchemaMutations), which
 * merge by timestamp, so a change received twice or out of order converges. A node whose schema
 * version differs from a peer's pulls the peer's schema partitions (schemaMutations), tombstones
 * included, and applies them the same way. Storage ids travel in the rows (storage_id), so a
 * table has the same id on every node (table-identity.ts).
 */

import { assert } from '../../lib/assert.js';
import { AlreadyExistsError, InvalidRequestError, SibylError, UnauthorizedError } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import type { WriteMutation } from '../../storage/storage-engine.js';
import { VNodeRanges } from '../../storage/vnode/vnode-ranges.js';
import type { AlterKeyspaceStatement } from '../ast/alter-keyspace-statement.js';
import type { AlterTableStatement } from '../ast/alter-table-statement.js';
import type { CreateKeyspaceStatement } from '../ast/create-keyspace-statement.js';
import type { CreateTableStatement } from '../ast/create-table-statement.js';
import type { CreateTypeStatement } from '../ast/create-type-statement.js';
import type { DropKeyspaceStatement } from '../ast/drop-keyspace-statement.js';
import type { DropTableStatement } from '../ast/drop-table-statement.js';
import type { DropTypeStatement } from '../ast/drop-type-statement.js';
import type { Property } from '../ast/property.js';
import type { QualifiedName } from '../ast/qualified-name.js';
import { CreateKeyspaceStatement as CreateKeyspace } from '../ast/create-keyspace-statement.js';
import type { WriteAttributes } from '../rows/write-attributes.js';
import { keyspaceFromCreate } from '../schema/keyspace-metadata.js';
import { resolveType } from '../schema/resolve-type.js';
import { tableFromCreate, type TableMetadata } from '../schema/table-metadata.js';
import { tableOptionsFrom } from '../schema/table-options.js';
import { userTypeFromCreate } from '../schema/user-type-metadata.js';
import type { ColumnMetadata } from '../schema/column-metadata.js';
import type { CqlType, UdtCqlType } from '../types/cql-type.js';
import { replayBatchlog } from '../batchlog/batchlog-replayer.js';
import { reconcileStorage, registerMissingTables } from './reconcile-storage.js';
import { keyspacesFromRows, loadSchema, type LoadedKeyspaces } from './schema-loader.js';
import { Schema, type KeyspaceSchema } from './schema.js';
import type { SchemaChange } from './schema-change.js';
import { schemaChanges } from './schema-changes.js';
import { SchemaConflictError } from './schema-conflict-error.js';
import { checkSchemaConflicts } from './schema-conflicts.js';
import {
  asWriteMutation,
  isSchemaTableId,
  keyspaceOfSchemaPartition,
  mergeSchemaPartitions,
  readAllSchemaPartitions,
  readKeyspacePartitions,
  schemaRowsOf,
  type SchemaRows,
} from './schema-partitions.js';
import {
  dropColumnMutations,
  dropKeyspaceMutations,
  dropTableMutations,
  dropTypeMutation,
  keyspaceMutation,
  tableMutations,
  typeMutation,
} from './schema-rows.js';
import { schemaVersion } from './schema-version.js';
import { storageTableOf } from './storage-table.js';
import { SYSTEM_KEYSPACE_NAMES, SYSTEM_TABLES } from './system-keyspaces.js';
import { newTableIdentity, type TableIdentity } from './table-identity.js';
import { newHostId, readHostId, systemLocalMutation, type LocalNodeFacts } from './system-local.js';
import { systemSchemaMutations } from './system-schema-rows.js';

const NAME_LENGTH_MAX = 48;

/** How a node's catalog takes part in a cluster; a single node passes none. */
export interface CatalogOptions {
  /**
   * Pushes the schema mutations a local DDL statement committed to the other nodes; awaited
   * before the statement answers. A rejection leaves the statement applied here: nodes that
   * missed it see a different schema version and pull it.
   */
  readonly announce?: (mutations: readonly WriteMutation[]) => Promise<void>;
  /** Truncates the table on the other nodes after a local TRUNCATE; its rejection fails the TRUNCATE. */
  readonly onTruncate?: (table: TableMetadata) => Promise<void>;
  /** Where a new host id and new tables' UUIDs come from (default crypto.randomUUID; seeded in test/sim). */
  readonly newUuid?: () => string;
  /**
   * What system.local says of this node (address, datacenter, rack, ring tokens, generation);
   * asked at each rewrite of the row. Default: a single node, 127.0.0.1 in datacenter1 and rack1,
   * with its storage's vnode tokens.
   */
  readonly localNode?: () => LocalNodeFacts;
}

/** What a DDL statement committed: its SCHEMA_CHANGE and the schema mutations it wrote. */
interface AppliedDdl {
  readonly change: SchemaChange;
  readonly mutations: readonly WriteMutation[];
}

export class Catalog {
  private ddlQueue: Promise<unknown> = Promise.resolve();
  private singleNodeFacts: LocalNodeFacts | undefined;

  private constructor(
    private readonly engine: NodeStorage,
    private readonly clock: Clock,
    private readonly options: CatalogOptions,
    private current: Schema,
    /** Each user table's UUID by `keyspace.table`. */
    private uuids: Map<string, string>,
    /** The highest column id each table gave a column since dropped, by `keyspace.table`. */
    private droppedColumnIds: Map<string, number>,
    readonly hostId: string,
  ) {}

  /** The storage options of the system tables, which the engine must be opened with. */
  static systemStorageTables() {
    return SYSTEM_TABLES.map(storageTableOf);
  }

  /** Opens the node's catalog; a node that starts empty may get its schema later from a peer. */
  static async open(engine: NodeStorage, clock: Clock, options: CatalogOptions = {}): Promise<Catalog> {
    const loaded = await loadSchema(engine, clock.nowSeconds());
    const hostId = (await readHostId(engine)) ?? (options.newUuid?.() ?? newHostId());
    const catalog = new Catalog(engine, clock, options, loaded.schema, loaded.uuids, loaded.droppedColumnIds, hostId);
    await reconcileStorage(engine, catalog.current);
    // Logged batches cut short by a crash, applied whole before any statement runs.
    await replayBatchlog(engine);
    await catalog.writeSystemLocal();
    await engine.write(systemSchemaMutations(clock));
    return catalog;
  }

  get schema(): Schema {
    return this.current;
  }

  /**
   * Applies schema mutations another node announced or answered a pull with, as that node
   * wrote them, and answers the schema changes they made here. They are merged with this node's
   * schema partitions first and checked (schema-conflicts.ts), so a refused set
   * (SchemaConflictError) writes nothing; then the engine registers the tables they create,
   * the rows are written, and tables they drop or alter follow. Runs in turn with local DDL.
   */
  applySchemaMutations(mutations: readonly WriteMutation[]): Promise<SchemaChange[]> {
    return this.serialized(async () => {
      const touched = touchedKeyspaces(mutations);
      if (touched.size === 0) return [];
      const nowSeconds = this.clock.nowSeconds();
      const here = (await Promise.all([...touched].map((keyspace) => readKeyspacePartitions(this.engine, keyspace)))).flat();
      const mergedRows = schemaRowsOf(mergeSchemaPartitions(here, mutations), nowSeconds);
      const sentRows = schemaRowsOf(mergeSchemaPartitions([], mutations), nowSeconds);
      const merged = loadReceived(mergedRows);
      // The tables as the mutations alone define them, with the keyspaces and types they will have.
      const sent = loadReceived({ ...mergedRows, tables: sentRows.tables, columns: sentRows.columns });
      const registeredIds = new Set(this.engine.tables().map((t) => t.tableId));
      checkSchemaConflicts({ schema: this.current, uuids: this.uuids, registeredIds }, touched, merged, sent);

      const keyspaces = new Map([...this.current.keyspaces].filter(([name]) => !touched.has(name)));
      for (const [name, keyspace] of merged.keyspaces) keyspaces.set(name, keyspace);
      const next = new Schema(keyspaces, schemaVersion(keyspaces));
      const created = await registerMissingTables(this.engine, next);
      try {
        await this.engine.write(mutations);
      } catch (error) {
        for (const id of created) await this.engine.dropTable(id).catch(() => undefined);
        throw error;
      }
      const before = this.current;
      this.current = next;
      this.uuids = replacedFor(touched, this.uuids, merged.uuids);
      this.droppedColumnIds = replacedFor(touched, this.droppedColumnIds, merged.droppedColumnIds);
      await reconcileStorage(this.engine, next);
      if (next.version !== before.version) await this.writeSystemLocal();
      return schemaChanges(before, next);
    });
  }

  /**
   * Schema mutations this node writes for a keyspace the code defines, the same on every node
   * and at a fixed timestamp (Cassandra's evolveSystemKeyspace; src/auth's system_auth):
   * applied as received ones are, then announced as a DDL statement's are, if they changed
   * anything here. A later ALTER (a real timestamp) wins over them on every node.
   */
  async evolveKeyspace(mutations: readonly WriteMutation[]): Promise<SchemaChange[]> {
    const changes = await this.applySchemaMutations(mutations);
    if (changes.length > 0) await this.announce(mutations);
    return changes;
  }

  /**
   * Every user keyspace's schema partitions, tombstones included, as mutations: what this node
   * answers a schema pull with. Applied on another node, they give it this node's schema (and
   * so its version), drops it missed included.
   */
  schemaMutations(): Promise<WriteMutation[]> {
    return this.serialized(async () => {
      const partitions = await readAllSchemaPartitions(this.engine);
      return partitions.filter((p) => !SYSTEM_KEYSPACE_NAMES.has(keyspaceOfSchemaPartition(p))).map(asWriteMutation);
    });
  }

  /** Rewrites system.local: at open, after each schema change, and when the node's facts change (its tokens). */
  writeSystemLocal(): Promise<void> {
    return this.engine.write([systemLocalMutation(this.hostId, this.current.version, this.localNodeFacts(), this.attributes())]);
  }

  private localNodeFacts(): LocalNodeFacts {
    if (this.options.localNode !== undefined) return this.options.localNode();
    this.singleNodeFacts ??= {
      address: '127.0.0.1',
      datacenter: 'datacenter1',
      rack: 'rack1',
      tokens: new VNodeRanges(this.engine.config.vnodeCount).ranges.map((r) => String(r.endToken)),
      generation: this.clock.nowSeconds(),
    };
    return this.singleNodeFacts;
  }

  private attributes(): WriteAttributes {
    return { timestamp: this.clock.nowMicros(), ttl: 0, nowSeconds: this.clock.nowSeconds() };
  }

  /** Runs DDL statements one after another, whatever their callers do. */
  private serialized<T>(run: () => Promise<T>): Promise<T> {
    const result = this.ddlQueue.then(run, run);
    this.ddlQueue = result.catch(() => undefined);
    return result;
  }

  /** Runs a DDL statement in turn, then announces what it committed (outside the queue). */
  private async ddl(run: () => Promise<AppliedDdl | null>): Promise<SchemaChange | null> {
    const applied = await this.serialized(run);
    if (applied === null) return null;
    await this.announce(applied.mutations);
    return applied.change;
  }

  private async announce(mutations: readonly WriteMutation[]): Promise<void> {
    if (this.options.announce === undefined) return;
    try {
      await this.options.announce(mutations);
    } catch {
      // The statement stands here; a node that missed it sees another schema version and pulls.
    }
  }

  private async commit(keyspaces: Map<string, KeyspaceSchema>, mutations: readonly WriteMutation[]): Promise<void> {
    await this.engine.write(mutations);
    this.current = new Schema(keyspaces, schemaVersion(keyspaces));
    await this.writeSystemLocal();
  }

  createKeyspace(statement: CreateKeyspaceStatement): Promise<SchemaChange | null> {
    return this.ddl(async () => {
      checkName('Keyspace', statement.keyspace);
      refuseSystem(statement.keyspace);
      const metadata = keyspaceFromCreate(statement);
      if (this.current.keyspace(statement.keyspace) !== undefined) {
        if (statement.ifNotExists) return null;
        throw new AlreadyExistsError(`Cannot add existing keyspace "${statement.keyspace}"`, statement.keyspace, '');
      }
      const mutations = [keyspaceMutation(metadata, this.attributes())];
      await this.commit(this.current.withKeyspace({ metadata, tables: new Map(), types: new Map() }), mutations);
      return { change: { change: 'CREATED', target: 'KEYSPACE', keyspace: metadata.name }, mutations };
    });
  }

  alterKeyspace(statement: AlterKeyspaceStatement): Promise<SchemaChange | null> {
    return this.ddl(async () => {
      const existing = this.keyspaceToChange(statement.keyspace, statement.ifExists);
      if (existing === null) return null;
      const written = new Set(statement.options.map((o) => o.name));
      const options = written.has('replication') ? statement.options : [...statement.options, replicationProperty(existing)];
      const metadata = keyspaceFromCreate(CreateKeyspace.create({ keyspace: statement.keyspace, ifNotExists: false, options }));
      const merged = written.has('durable_writes') ? metadata : { ...metadata, durableWrites: existing.metadata.durableWrites };
      const mutations = [keyspaceMutation(merged, this.attributes())];
      await this.commit(this.current.withKeyspace({ ...existing, metadata: merged }), mutations);
      return { change: { change: 'UPDATED', target: 'KEYSPACE', keyspace: merged.name }, mutations };
    });
  }

  dropKeyspace(statement: DropKeyspaceStatement): Promise<SchemaChange | null> {
    return this.ddl(async () => {
      const existing = this.keyspaceToChange(statement.keyspace, statement.ifExists);
      if (existing === null) return null;
      const mutations = dropKeyspaceMutations(statement.keyspace, this.attributes());
      await this.commit(this.current.withoutKeyspace(statement.keyspace), mutations);
      for (const table of existing.tables.values()) {
        this.uuids.delete(`${table.keyspace}.${table.name}`);
        await this.engine.dropTable(table.id);
      }
      return { change: { change: 'DROPPED', target: 'KEYSPACE', keyspace: statement.keyspace }, mutations };
    });
  }

  createTable(statement: CreateTableStatement, sessionKeyspace: string | null): Promise<SchemaChange | null> {
    return this.ddl(async () => {
      const keyspaceName = keyspaceOf(statement.table, sessionKeyspace);
      refuseSystem(keyspaceName);
      checkName('Table', statement.table.name);
      const keyspace = this.existingKeyspace(keyspaceName);
      if (keyspace.tables.has(statement.table.name)) {
        if (statement.ifNotExists) return null;
        throw new AlreadyExistsError(`Cannot add already existing table "${statement.table.name}" to keyspace "${keyspaceName}"`, keyspaceName, statement.table.name);
      }
      const { uuid, storageId } = this.newTableIdentity();
      const table = tableFromCreate(statement, { keyspace: keyspaceName, tableId: storageId, resolveUserType: this.current.resolveUserType });
      const mutations = tableMutations(table, uuid, this.attributes());
      await this.engine.createTable(storageTableOf(table));
      try {
        await this.commit(this.current.withKeyspace(withTable(keyspace, table)), mutations);
      } catch (error) {
        await this.engine.dropTable(table.id).catch(() => undefined);
        throw error;
      }
      this.uuids.set(`${keyspaceName}.${table.name}`, uuid);
      return { change: { change: 'CREATED', target: 'TABLE', keyspace: keyspaceName, name: table.name }, mutations };
    });
  }

  alterTable(statement: AlterTableStatement, sessionKeyspace: string | null): Promise<SchemaChange | null> {
    return this.ddl(async () => {
      const keyspaceName = keyspaceOf(statement.table, sessionKeyspace);
      refuseSystem(keyspaceName);
      const keyspace = this.existingKeyspace(keyspaceName);
      const table = keyspace.tables.get(statement.table.name);
      if (table === undefined) {
        if (statement.ifExists) return null;
        throw new InvalidRequestError(`Table '${keyspaceName}.${statement.table.name}' doesn't exist`);
      }
      const attributes = this.attributes();
      const altered = this.alteredTable(table, statement);
      if (altered === table) return null;
      const uuid = this.uuids.get(`${keyspaceName}.${table.name}`);
      assert(uuid !== undefined, `no UUID for table ${keyspaceName}.${table.name}`);
      const mutations = [...tableMutations(altered, uuid, attributes)];
      if (statement.action.kind === 'DropColumnsAction') {
        const dropped = statement.action.columns.filter((name) => !altered.regular.some((c) => c.name === name) && !altered.static.some((c) => c.name === name) && [...table.regular, ...table.static].some((c) => c.name === name));
        mutations.push(...dropColumnMutations(table, dropped, attributes));
        const key = `${keyspaceName}.${table.name}`;
        const maxDropped = Math.max(-1, ...dropped.map((name) => [...table.regular, ...table.static].find((c) => c.name === name)!.columnId));
        this.droppedColumnIds.set(key, Math.max(this.droppedColumnIds.get(key) ?? -1, maxDropped));
      }
      await this.commit(this.current.withKeyspace(withTable(keyspace, altered)), mutations);
      if (statement.action.kind === 'AlterOptionsAction') await this.engine.alterTable(storageTableOf(altered));
      return { change: { change: 'UPDATED', target: 'TABLE', keyspace: keyspaceName, name: table.name }, mutations };
    });
  }

  private alteredTable(table: TableMetadata, statement: AlterTableStatement): TableMetadata {
    const action = statement.action;
    const nonKey = [...table.regular, ...table.static];
    const keyNames = new Set([...table.partitionKey, ...table.clustering].map((c) => c.name));
    switch (action.kind) {
      case 'AddColumnsAction': {
        let nextId = Math.max(
          this.droppedColumnIds.get(`${table.keyspace}.${table.name}`) ?? -1,
          ...[...table.partitionKey, ...table.clustering, ...nonKey].map((c) => c.columnId),
        ) + 1;
        const added: ColumnMetadata[] = [];
        for (const definition of action.columns) {
          if (keyNames.has(definition.name) || nonKey.some((c) => c.name === definition.name) || added.some((c) => c.name === definition.name)) {
            if (action.ifNotExists) continue;
            throw new InvalidRequestError(`Column with name '${definition.name}' already exists`);
          }
          const type = resolveType(definition.type, table.keyspace, this.current.resolveUserType);
          if (definition.isStatic && table.clustering.length === 0) {
            throw new InvalidRequestError(`Static columns are only useful (and thus allowed) if the table has at least one clustering column`);
          }
          if (table.isCounter !== (type.kind === 'counter')) {
            throw new InvalidRequestError(table.isCounter ? 'Cannot add a non counter column (' + definition.name + ') in a counter column family' : 'Cannot add a counter column (' + definition.name + ') in a non counter column family');
          }
          added.push(Object.freeze({ name: definition.name, type, kind: definition.isStatic ? 'static' : 'regular', position: -1, columnId: nextId++ }));
        }
        if (added.length === 0) return table;
        return withColumns(table, [...nonKey, ...added]);
      }
      case 'DropColumnsAction': {
        const remaining = [...nonKey];
        for (const name of action.columns) {
          if (keyNames.has(name)) throw new InvalidRequestError(`Cannot drop PRIMARY KEY column ${name}`);
          const index = remaining.findIndex((c) => c.name === name);
          if (index < 0) {
            if (action.ifExists) continue;
            throw new InvalidRequestError(`Column ${name} was not found in table ${table.name}`);
          }
          remaining.splice(index, 1);
        }
        if (remaining.length === nonKey.length) return table;
        return withColumns(table, remaining);
      }
      case 'AlterOptionsAction': {
        const options = tableOptionsFrom(action.options, table.options);
        if (table.isCounter && options.defaultTimeToLive > 0) throw new InvalidRequestError('Cannot set default_time_to_live on a table with counters');
        return Object.freeze({ ...table, options });
      }
    }
  }

  dropTable(statement: DropTableStatement, sessionKeyspace: string | null): Promise<SchemaChange | null> {
    return this.ddl(async () => {
      const keyspaceName = keyspaceOf(statement.table, sessionKeyspace);
      refuseSystem(keyspaceName);
      const keyspace = this.current.keyspace(keyspaceName);
      const table = keyspace?.tables.get(statement.table.name);
      if (keyspace === undefined || table === undefined) {
        if (statement.ifExists) return null;
        if (keyspace === undefined) throw new InvalidRequestError(`Keyspace '${keyspaceName}' doesn't exist`);
        throw new InvalidRequestError(`Table '${keyspaceName}.${statement.table.name}' doesn't exist`);
      }
      const tables = new Map(keyspace.tables);
      tables.delete(table.name);
      const mutations = dropTableMutations(keyspaceName, table.name, this.attributes());
      await this.commit(this.current.withKeyspace({ ...keyspace, tables }), mutations);
      this.uuids.delete(`${keyspaceName}.${table.name}`);
      await this.engine.dropTable(table.id);
      return { change: { change: 'DROPPED', target: 'TABLE', keyspace: keyspaceName, name: table.name }, mutations };
    });
  }

  /**
   * Empties the table here, then on the other nodes (CatalogOptions.onTruncate), outside the
   * DDL queue: the cluster waits on other nodes, and they never wait on this node's queue.
   */
  async truncate(name: QualifiedName, sessionKeyspace: string | null): Promise<void> {
    const table = await this.serialized(async () => {
      const keyspaceName = keyspaceOf(name, sessionKeyspace);
      refuseSystem(keyspaceName);
      const table = this.current.existingTable(keyspaceName, name.name);
      await this.engine.truncateTable(table.id);
      return table;
    });
    await this.options.onTruncate?.(table);
  }

  createType(statement: CreateTypeStatement, sessionKeyspace: string | null): Promise<SchemaChange | null> {
    return this.ddl(async () => {
      const keyspaceName = keyspaceOf(statement.type, sessionKeyspace);
      refuseSystem(keyspaceName);
      const keyspace = this.existingKeyspace(keyspaceName);
      if (keyspace.types.has(statement.type.name)) {
        if (statement.ifNotExists) return null;
        throw new AlreadyExistsError(`A user type with name '${statement.type.name}' already exists`, keyspaceName, statement.type.name);
      }
      const type = userTypeFromCreate(statement, { keyspace: keyspaceName, resolveUserType: this.current.resolveUserType });
      const types = new Map(keyspace.types).set(type.name, type);
      const mutations = [typeMutation(type, this.attributes())];
      await this.commit(this.current.withKeyspace({ ...keyspace, types }), mutations);
      return { change: { change: 'CREATED', target: 'TYPE', keyspace: keyspaceName, name: type.name }, mutations };
    });
  }

  dropType(statement: DropTypeStatement, sessionKeyspace: string | null): Promise<SchemaChange | null> {
    return this.ddl(async () => {
      const keyspaceName = keyspaceOf(statement.type, sessionKeyspace);
      refuseSystem(keyspaceName);
      const keyspace = this.current.keyspace(keyspaceName);
      const type = keyspace?.types.get(statement.type.name);
      if (keyspace === undefined || type === undefined) {
        if (statement.ifExists) return null;
        throw new InvalidRequestError(`Type '${keyspaceName}.${statement.type.name}' doesn't exist`);
      }
      for (const table of keyspace.tables.values()) {
        if ([...table.partitionKey, ...table.clustering, ...table.regular, ...table.static].some((c) => usesType(c.type, type))) {
          throw new InvalidRequestError(`Cannot drop user type ${keyspaceName}.${type.name} as it is still used by table ${table.keyspace}.${table.name}`);
        }
      }
      for (const other of keyspace.types.values()) {
        if (other !== type && other.fields.some((f) => usesType(f.type, type))) {
          throw new InvalidRequestError(`Cannot drop user type ${keyspaceName}.${type.name} as it is still used by user type ${other.name}`);
        }
      }
      const types = new Map(keyspace.types);
      types.delete(type.name);
      const mutations = [dropTypeMutation(keyspaceName, type.name, this.attributes())];
      await this.commit(this.current.withKeyspace({ ...keyspace, types }), mutations);
      return { change: { change: 'DROPPED', target: 'TYPE', keyspace: keyspaceName, name: type.name }, mutations };
    });
  }

  /** The keyspace an ALTER or DROP names: null (nothing to do) when it is absent under IF EXISTS. */
  private keyspaceToChange(name: string, ifExists: boolean): KeyspaceSchema | null {
    refuseSystem(name);
    const keyspace = this.current.keyspace(name);
    if (keyspace !== undefined) return keyspace;
    if (ifExists) return null;
    throw new InvalidRequestError(`Keyspace '${name}' doesn't exist`);
  }

  private existingKeyspace(name: string): KeyspaceSchema {
    const keyspace = this.current.keyspace(name);
    if (keyspace === undefined) throw new InvalidRequestError(`Keyspace '${name}' doesn't exist`);
    return keyspace;
  }

  private newTableIdentity(): TableIdentity {
    const used = new Set([...this.current.tables().map((t) => t.id), ...this.engine.tables().map((t) => t.tableId)]);
    return this.options.newUuid === undefined ? newTableIdentity(used) : newTableIdentity(used, this.options.newUuid);
  }
}

/** The keyspaces received schema mutations write; they may write only system_schema, and no system keyspace there. */
function touchedKeyspaces(mutations: readonly WriteMutation[]): Set<string> {
  const keyspaces = new Set<string>();
  for (const mutation of mutations) {
    if (!isSchemaTableId(mutation.tableId)) throw new InvalidRequestError(`Schema mutations write system_schema tables only, not table id ${mutation.tableId}`);
    const keyspace = keyspaceOfSchemaPartition(mutation);
    refuseSystem(keyspace);
    keyspaces.add(keyspace);
  }
  return keyspaces;
}

/** Received rows as keyspaces; rows that do not load are a conflict, refused before anything is written. */
function loadReceived(rows: SchemaRows): LoadedKeyspaces {
  try {
    return keyspacesFromRows(rows);
  } catch (error) {
    if (!(error instanceof SibylError)) throw error;
    throw new SchemaConflictError(`Schema conflict: the received schema mutations leave a schema that does not load (${error.message}); nothing of them was applied`);
  }
}

/** `current` with the entries of the touched keyspaces (keyed `keyspace.name`) replaced by `loaded`'s. */
function replacedFor<V>(touched: ReadonlySet<string>, current: ReadonlyMap<string, V>, loaded: ReadonlyMap<string, V>): Map<string, V> {
  const kept = [...current].filter(([key]) => !touched.has(key.slice(0, key.indexOf('.'))));
  return new Map([...kept, ...loaded]);
}

export function keyspaceOf(name: { readonly keyspace: string | null }, sessionKeyspace: string | null): string {
  const keyspace = name.keyspace ?? sessionKeyspace;
  if (keyspace === null) throw new InvalidRequestError('No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename');
  return keyspace;
}

export function refuseSystem(keyspace: string): void {
  if (SYSTEM_KEYSPACE_NAMES.has(keyspace)) throw new UnauthorizedError(`${keyspace} keyspace is not user-modifiable.`);
}

function checkName(what: 'Keyspace' | 'Table', name: string): void {
  if (name.length === 0 || name.length > NAME_LENGTH_MAX || !/^\w+$/.test(name)) {
    throw new InvalidRequestError(`${what} name must not be empty, more than ${NAME_LENGTH_MAX} characters long, or contain non-alphanumeric-underscore characters (got "${name}")`);
  }
}

function withTable(keyspace: KeyspaceSchema, table: TableMetadata): KeyspaceSchema {
  return { ...keyspace, tables: new Map(keyspace.tables).set(table.name, table) };
}

function withColumns(table: TableMetadata, nonKey: readonly ColumnMetadata[]): TableMetadata {
  const byName = (a: ColumnMetadata, b: ColumnMetadata): number => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name));
  return Object.freeze({
    ...table,
    regular: Object.freeze(nonKey.filter((c) => c.kind === 'regular').sort(byName)),
    static: Object.freeze(nonKey.filter((c) => c.kind === 'static').sort(byName)),
  });
}

function usesType(type: CqlType, target: UdtCqlType): boolean {
  switch (type.kind) {
    case 'udt':
      return (type.keyspace === target.keyspace && type.name === target.name) || type.fields.some((f) => usesType(f.type, target));
    case 'list':
    case 'set':
      return usesType(type.element, target);
    case 'map':
      return usesType(type.key, target) || usesType(type.value, target);
    case 'tuple':
      return type.elements.some((e) => usesType(e, target));
    default:
      return false;
  }
}

/** The keyspace's replication as a WITH property, for an ALTER KEYSPACE that does not name it. */
function replicationProperty(keyspace: KeyspaceSchema): Property {
  const replication = keyspace.metadata.replication;
  const entries =
    replication.class === 'SimpleStrategy'
      ? [['class', 'SimpleStrategy'], ['replication_factor', String(replication.replicationFactor)]]
      : replication.class === 'NetworkTopologyStrategy'
        ? [['class', 'NetworkTopologyStrategy'], ...[...replication.datacenters].map(([dc, n]) => [dc, String(n)])]
        : [];
  return {
    kind: 'Property' as const,
    name: 'replication',
    value: { kind: 'map' as const, entries: entries.map(([key, value]) => ({ key: key!, value: { kind: 'string' as const, value: value! } })) },
  };
}
