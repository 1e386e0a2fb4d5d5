/**
 * BATCH: the batch's own USING (`[timestamp]` of the pseudo-table `[batch]`), then each
 * statement as on its own, markers numbered across the whole batch; then the executor's batch
 * checks (batchMutations with a runner that builds nothing: batch-wide TTL, timestamps on both
 * levels, counter and non-counter statements by batch type). Protocol v4's partition key
 * indexes come from the first statement's table, and only when every statement is on it
 * (BatchStatement.getPartitionKeyBindVariableIndexes).
 */

import { assertNever } from '../../lib/assert.js';
import { BatchStatement, type BatchChild } from '../ast/batch-statement.js';
import type { Schema } from '../catalog/schema.js';
import { batchMutations } from '../executor/modification/batch.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import { prepareDelete } from './prepare-delete.js';
import { prepareInsert, type PreparedModification } from './prepare-insert.js';
import type { PrepareScope } from './prepare-scope.js';
import { prepareUpdate } from './prepare-update.js';
import { BATCH_SPEC, prepareUsing } from './prepare-using.js';

export interface PreparedBatch {
  /** The one table every statement writes, or null when they write several (or none). */
  readonly table: TableMetadata | null;
}

export async function prepareBatch(statement: BatchStatement, scope: PrepareScope, schema: Schema): Promise<PreparedBatch> {
  const using = prepareUsing(statement.using, { table: null, scope }, BATCH_SPEC);
  const children = statement.statements.map((child) => prepareChild(child, scope, schema));
  const tables = new Map<BatchChild, TableMetadata>(children.map(({ rewritten, table }) => [rewritten, table]));
  const rewritten = BatchStatement.create({ type: statement.type, using, statements: children.map((c) => c.rewritten) });
  await batchMutations(rewritten, scope.executionContext(), {
    isCounter: (child) => tables.get(child)!.isCounter,
    mutationsOf: async (child) => ({ mutations: [], isCounter: tables.get(child)!.isCounter }),
  });
  const first = children[0]?.table ?? null;
  return { table: first !== null && children.every((c) => c.table.id === first.id) ? first : null };
}

function prepareChild(child: BatchChild, scope: PrepareScope, schema: Schema): PreparedModification<BatchChild> {
  switch (child.kind) {
    case 'InsertStatement':
      return prepareInsert(child, scope, schema);
    case 'UpdateStatement':
      return prepareUpdate(child, scope, schema);
    case 'DeleteStatement':
      return prepareDelete(child, scope, schema);
    default:
      return assertNever(child, 'batch statement');
  }
}
