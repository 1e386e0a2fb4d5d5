/**
 * Runs parsed statements against the catalog and a storage proxy: one handler per statement kind
 * (an exhaustive StatementVisitor, so a new kind does not compile until it runs here).
 * Writes go to the proxy in one call per statement or batch; read-before-write statements
 * (counters, list updates by index or value) run one at a time per partition, read to applied write.
 * In a cluster, writes of counter tables go to the proxy's writeCounters as deltas instead: the
 * partition's leader replica reads and locks (cluster/coordinator/counter-write-coordinator.ts).
 * A session with access control (context.access, src/auth) has each statement authorized before
 * it runs, and its role and permission statements run there.
 */

import type { Statement } from '../ast/statement.js';
import { bindMarkersOf } from '../ast/bind-markers.js';
import { InvalidRequestError } from '../../lib/errors.js';
import { visitStatement, type StatementVisitor } from '../ast/statement-visitor.js';
import type { BatchChild } from '../ast/batch-statement.js';
import type { SelectStatement } from '../ast/select-statement.js';
import type { AccessStatement } from '../ast/access-statement.js';
import type { StorageProxy } from '../../cluster/coordinator/storage-proxy.js';
import type { TableWrite } from '../rows/bulk-rows.js';
import { WriteCoalescer } from './write-coalescer.js';
import { BatchlogWriter } from '../batchlog/batchlog-writer.js';
import { asWriteMutation } from '../batchlog/batchlog-codec.js';
import { functionServices } from '../functions/function-context.js';
import { keyspaceOf, refuseSystem } from '../catalog/catalog.js';
import { CLUSTER_NAME } from '../catalog/system-local.js';
import type { DescribeCatalog } from '../describe/describe-catalog.js';
import { describeResultRows } from '../describe/describe-result-rows.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import type { ExecutionContext } from './execution-context.js';
import { VOID_RESULT, type ExecutionResult } from './execution-result.js';
import { batchMutations, usesBatchlog } from './modification/batch.js';
import { deleteMutations } from './modification/delete.js';
import { insertMutations } from './modification/insert.js';
import { KeyedLock } from './modification/keyed-lock.js';
import { readPartitionLocks } from './modification/read-partitions.js';
import { RowReader } from './modification/row-reader.js';
import { updateMutations } from './modification/update.js';
import { runSelect } from './select/run-select.js';
import { requireAccess } from './statement-access.js';
import { refuseSystemAuthSchemaChange } from '../../auth/system-auth-keyspace.js';

export class StatementExecutor {
  private readonly partitionLocks = new KeyedLock();
  /** One coalescer per storage proxy: a coordinator has one proxy per consistency level, and statements at different levels cannot share a write. */
  private readonly writers = new WeakMap<StorageProxy, WriteCoalescer>();

  private writerFor(storage: StorageProxy): WriteCoalescer {
    let writer = this.writers.get(storage);
    if (writer === undefined) this.writers.set(storage, (writer = new WriteCoalescer(storage)));
    return writer;
  }

  async execute(statement: Statement, context: ExecutionContext): Promise<ExecutionResult> {
    // One value per marker, as Cassandra's EXECUTE requires: a value too many or too few
    // would otherwise be ignored or taken from the next statement of a batch.
    const markers = markerCount(statement);
    if (context.params.length !== markers) throw new InvalidRequestError(`there were ${markers} markers(?) in CQL but ${context.params.length} bound variables`);
    if (context.access !== undefined) await context.access.authorize(statement, context);
    // The hot statements skip building the visitor's handler object (a closure per kind).
    if (statement.kind === 'InsertStatement' || statement.kind === 'UpdateStatement' || statement.kind === 'DeleteStatement') return this.write(statement, context);
    if (statement.kind === 'SelectStatement') return this.select(statement, context);
    return visitStatement<Promise<ExecutionResult>>(statement, this.handlers(context));
  }

  private handlers(context: ExecutionContext): StatementVisitor<Promise<ExecutionResult>> {
    const { catalog } = context;
    const schemaChange = async (change: Promise<import('../catalog/schema-change.js').SchemaChange | null>): Promise<ExecutionResult> => {
      const done = await change;
      if (done === null) return VOID_RESULT;
      await context.access?.afterSchemaChange(done, context);
      return { kind: 'schemaChange', change: done };
    };
    const access = (s: AccessStatement): Promise<ExecutionResult> => requireAccess(context).executeAccessStatement(s, context);
    return {
      CreateKeyspaceStatement: (s) => schemaChange(catalog.createKeyspace(s)),
      AlterKeyspaceStatement: (s) => schemaChange(catalog.alterKeyspace(s)),
      DropKeyspaceStatement: (s) => schemaChange(catalog.dropKeyspace(refuseSystemAuthSchemaChange(s, context.keyspace))),
      CreateTableStatement: (s) => schemaChange(catalog.createTable(refuseSystemAuthSchemaChange(s, context.keyspace), context.keyspace)),
      AlterTableStatement: (s) => schemaChange(catalog.alterTable(refuseSystemAuthSchemaChange(s, context.keyspace), context.keyspace)),
      DropTableStatement: (s) => schemaChange(catalog.dropTable(refuseSystemAuthSchemaChange(s, context.keyspace), context.keyspace)),
      CreateTypeStatement: (s) => schemaChange(catalog.createType(refuseSystemAuthSchemaChange(s, context.keyspace), context.keyspace)),
      DropTypeStatement: (s) => schemaChange(catalog.dropType(refuseSystemAuthSchemaChange(s, context.keyspace), context.keyspace)),
      TruncateStatement: async (s) => {
        await catalog.truncate(s.table, context.keyspace);
        return VOID_RESULT;
      },
      UseStatement: async (s) => {
        catalog.schema.existingKeyspace(s.keyspace);
        return { kind: 'setKeyspace', keyspace: s.keyspace };
      },
      SelectStatement: (s) => this.select(s, context),
      InsertStatement: (s) => this.write(s, context),
      UpdateStatement: (s) => this.write(s, context),
      DeleteStatement: (s) => this.write(s, context),
      BatchStatement: async (s) => {
        // One reader for the whole batch: counter increments of one cell add up (row-reader.ts).
        const reader = new RowReader(context.engine);
        const runner = { isCounter: (child: BatchChild) => tableOf(child, context).isCounter, mutationsOf: (child: BatchChild, childContext: ExecutionContext) => this.mutationsOf(child, childContext, reader) };
        // A cluster's counter batch: deltas to the leaders, who lock and read (validation refuses a mix).
        const counterTable = context.engine.writeCounters === undefined ? undefined : s.statements.map((child) => tableOf(child, context)).find((table) => table.isCounter);
        if (counterTable !== undefined) {
          await context.engine.writeCounters!((await batchMutations(s, context, runner)).map(asWriteMutation), counterTable.name);
          return VOID_RESULT;
        }
        const reading = s.statements.flatMap((child) => readPartitionLocks(child, tableOf(child, context), context));
        await this.locked(reading, async () => {
          const mutations = await batchMutations(s, context, runner);
          const writer = this.writerFor(context.engine);
          if (!usesBatchlog(s, mutations)) await writer.write(mutations);
          else await new BatchlogWriter((writes) => writer.write(writes), functionServices(context).timeUuids, context.clock).writeLogged(mutations);
        });
        return VOID_RESULT;
      },
      DescribeStatement: async (s) => {
        const result = describeResultRows(s, describeCatalogOf(context), context.keyspace);
        return { kind: 'rows', columns: result.columns, rows: result.rows.map((row) => result.columns.map((c) => row[c.name] ?? null)), pageState: null };
      },
      CreateRoleStatement: access,
      AlterRoleStatement: access,
      DropRoleStatement: access,
      ListRolesStatement: access,
      GrantRoleStatement: access,
      RevokeRoleStatement: access,
      GrantPermissionsStatement: access,
      RevokePermissionsStatement: access,
      ListPermissionsStatement: access,
    };
  }

  private async select(statement: SelectStatement, context: ExecutionContext): Promise<ExecutionResult> {
    const schema = context.catalog.schema;
    const table = schema.existingTable(keyspaceOf(statement.table, context.keyspace), statement.table.name);
    const { columns, rows, pageState, encoded } = await runSelect(statement, table, schema, context);
    return { kind: 'rows', columns, rows, pageState, encoded };
  }

  private async write(statement: BatchChild, context: ExecutionContext): Promise<ExecutionResult> {
    const table = tableOf(statement, context);
    // An INSERT never reads before it writes: no partition lock, no row reader.
    if (statement.kind === 'InsertStatement') {
      await this.writerFor(context.engine).write(insertMutations(statement, table, context));
      return VOID_RESULT;
    }
    // A cluster's counter write: deltas to the leaders, who lock and read (counter-update.ts).
    if (table.isCounter && context.engine.writeCounters !== undefined) {
      const { mutations } = await this.mutationsOf(statement, context, new RowReader(context.engine));
      await context.engine.writeCounters(mutations.map(asWriteMutation), table.name);
      return VOID_RESULT;
    }
    await this.locked(readPartitionLocks(statement, table, context), async () => {
      const { mutations } = await this.mutationsOf(statement, context, new RowReader(context.engine));
      await this.writerFor(context.engine).write(mutations);
    });
    return VOID_RESULT;
  }

  private async mutationsOf(statement: BatchChild, context: ExecutionContext, reader: RowReader): Promise<{ mutations: TableWrite[]; isCounter: boolean }> {
    const table = tableOf(statement, context);
    switch (statement.kind) {
      case 'InsertStatement':
        return { mutations: insertMutations(statement, table, context), isCounter: table.isCounter };
      case 'UpdateStatement':
        return { mutations: await updateMutations(statement, table, context, reader), isCounter: table.isCounter };
      case 'DeleteStatement':
        return { mutations: await deleteMutations(statement, table, context, reader), isCounter: table.isCounter };
    }
  }

  /**
   * Statements that read before they write hold the locks of the partitions they read
   * (read-partitions.ts) from the read until their write is applied, as Cassandra's counter
   * lock does (striped by partition): a read that ran between another statement's read and its
   * applied write would build on a stale value and lose an update. Statements on other
   * partitions run meanwhile. Locks are taken in one order (by name), so two batches that
   * share partitions never each hold one the other waits for.
   */
  private locked(partitions: readonly string[], work: () => Promise<void>): Promise<void> {
    if (partitions.length === 0) return work();
    const names = [...new Set(partitions)].sort();
    const run = (i: number): Promise<void> => (i === names.length ? work() : this.partitionLocks.run(names[i]!, () => run(i + 1)));
    return run(0);
  }
}

const markerCounts = new WeakMap<Statement, number>();

/** The statement's bind markers, counted once per parsed statement (the Database caches them). */
function markerCount(statement: Statement): number {
  let count = markerCounts.get(statement);
  if (count === undefined) {
    count = bindMarkersOf(statement).length;
    markerCounts.set(statement, count);
  }
  return count;
}

function tableOf(statement: BatchChild, context: ExecutionContext): TableMetadata {
  const keyspace = keyspaceOf(statement.table, context.keyspace);
  refuseSystem(keyspace);
  return context.catalog.schema.existingTable(keyspace, statement.table.name);
}

function describeCatalogOf(context: ExecutionContext): DescribeCatalog {
  const schema = context.catalog.schema;
  return {
    keyspaces: () => [...schema.keyspaces.values()].map((k) => k.metadata),
    tables: (keyspace) => [...schema.existingKeyspace(keyspace).tables.values()],
    types: (keyspace) => [...schema.existingKeyspace(keyspace).types.values()],
    cluster: () => ({ clusterName: CLUSTER_NAME, partitioner: 'Murmur3Partitioner', snitch: 'SimpleSnitch' }),
    rangeOwnership: () => new Map(),
  };
}
