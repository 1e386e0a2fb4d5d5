/**
 * The key-value read, planned once per statement: a SELECT of plain columns (or `*`) that
 * names one partition by = on every partition-key column of a table without clustering
 * columns, and says nothing else (no LIMIT, ORDER BY, DISTINCT, JSON, filtering). That is the
 * prepared `SELECT ... WHERE k = ?` of a key-value store, and a benchmark's every read.
 *
 * Cassandra's prepared SelectStatement keeps its restrictions and selection from prepare time
 * and only binds values when it runs. For this shape binding is all there is: each execution
 * evaluates the key's terms, reads the one partition (at most one row: no clustering), and
 * selects it, without sorting a WHERE clause, building a plan or the paging machinery per
 * request. The first execution of a statement goes through planSelect, so every check of the
 * statement and its error stay where they are; a value's own errors (null, unset) are the
 * WHERE clause's (conditionValue). A paged request, or a page size of one (where the full path
 * hands back a paging state after the row), takes the full path. A caller that writes values
 * out as bytes (ExecutionContext.encodedValues) gets the stored bytes when every selected
 * column allows it (rows/encoded-values.ts).
 */

import { FULL_SLICE } from '../../../storage/model/clustering-slice.js';
import type { SelectStatement } from '../../ast/select-statement.js';
import type { Term } from '../../ast/term.js';
import type { Schema } from '../../catalog/schema.js';
import { decodePartitionRows, readsAsStaticRow } from '../../rows/decoded-rows.js';
import { encodedColumnsOf, encodedValues, type EncodedColumn } from '../../rows/encoded-values.js';
import { partitionKeyBytes } from '../../rows/row-keys.js';
import type { TableLayout } from '../../rows/table-layout.js';
import type { ColumnMetadata } from '../../schema/column-metadata.js';
import type { TableMetadata } from '../../schema/table-metadata.js';
import type { ExecutionContext } from '../execution-context.js';
import { columnNamed, conditionValue } from '../where/where-clause.js';
import type { RowsResult } from './run-select.js';
import type { ResultColumn, Selection } from './selection.js';

/** The plan a point read keeps: what planSelect decided, and each key column's term. */
export interface PointRead {
  readonly layout: TableLayout;
  readonly selection: Selection;
  readonly columns: readonly ResultColumn[];
  /** The term bound to each partition-key column, in key order. */
  readonly keyTerms: readonly KeyTerm[];
  /** Where each selected value's stored bytes are, or null when one must be decoded. */
  readonly encodedColumns: readonly EncodedColumn[] | null;
}

interface KeyTerm {
  readonly column: ColumnMetadata;
  readonly term: Term;
}

/** What a cached plan was made for (its layout names the table version): another plans again. */
interface CachedPointRead {
  readonly schema: Schema;
  readonly keyspace: string | null;
  readonly plan: PointRead;
}

const plans = new WeakMap<SelectStatement, CachedPointRead>();

/** The statement's point-read plan if it has one for this table, schema and keyspace. */
export function cachedPointRead(statement: SelectStatement, table: TableMetadata, schema: Schema, context: ExecutionContext): PointRead | null {
  if (context.pageState !== null || !(context.fetchSize > 1)) return null;
  const cached = plans.get(statement);
  if (cached === undefined || cached.plan.layout.table !== table || cached.schema !== schema || cached.keyspace !== context.keyspace) return null;
  return cached.plan;
}

/**
 * Keeps a point-read plan for the statement once planSelect has accepted it (its checks
 * passed) with this layout and selection, if the statement has the point-read shape.
 */
export function rememberPointRead(statement: SelectStatement, schema: Schema, context: ExecutionContext, planned: Omit<PointRead, 'keyTerms' | 'encodedColumns'>): void {
  const keyTerms = pointKeyTerms(statement, planned.layout);
  if (keyTerms === null || planned.selection.isAggregate) return;
  // Only what every execution shares: the plan's WHERE clause holds this execution's values.
  const { layout, selection, columns } = planned;
  const selected = selectedColumns(statement, layout);
  const encodedColumns = selected === null ? null : encodedColumnsOf(layout, selected);
  plans.set(statement, { schema, keyspace: context.keyspace, plan: { layout, selection, columns, keyTerms, encodedColumns } });
}

/** The partition's row, selected: no row when the partition is absent or has none live. */
export async function runPointRead(plan: PointRead, context: ExecutionContext): Promise<RowsResult> {
  const { layout, selection, keyTerms, columns, encodedColumns } = plan;
  const values = new Array<unknown>(keyTerms.length);
  for (let i = 0; i < keyTerms.length; i++) values[i] = conditionValue(keyTerms[i]!.term, keyTerms[i]!.column, context);
  const nowSeconds = context.clock.nowSeconds();
  const partition = await context.engine.read(layout.table.id, partitionKeyBytes(layout, values), FULL_SLICE);
  if (partition === null) return { columns, rows: [], pageState: null };
  if (context.encodedValues === true && encodedColumns !== null) {
    const rows = partition.rows.map((row) => encodedValues(encodedColumns, partition, row));
    if (readsAsStaticRow(layout, partition)) rows.push(encodedValues(encodedColumns, partition, null));
    return { columns, rows, pageState: null, encoded: true };
  }
  const rows = decodePartitionRows(layout, partition);
  const selected = new Array<unknown[]>(rows.length);
  for (let i = 0; i < rows.length; i++) selected[i] = selection.rowValues({ row: rows[i]!, token: partition.token, nowSeconds });
  return { columns, rows: selected, pageState: null };
}

/** The table columns a SELECT of plain columns returns (`*`: every column), or null for any other selector. */
function selectedColumns(statement: SelectStatement, layout: TableLayout): readonly ColumnMetadata[] | null {
  if (statement.selectors === null) return layout.allColumns;
  const columns: ColumnMetadata[] = [];
  for (const { expression } of statement.selectors) {
    if (expression.kind !== 'ColumnSelector') return null;
    columns.push(columnNamed(layout, expression.name));
  }
  return columns;
}

/** Each partition-key column's `=` term, if that is all the statement asks of a table without clustering columns. */
function pointKeyTerms(statement: SelectStatement, layout: TableLayout): KeyTerm[] | null {
  const { table } = layout;
  if (table.clustering.length > 0 || statement.json || statement.distinct || statement.limit !== null || statement.perPartitionLimit !== null) return null;
  if (statement.orderBy.length > 0 || statement.groupBy.length > 0) return null;
  if (statement.selectors !== null && !statement.selectors.every((s) => s.expression.kind === 'ColumnSelector')) return null;
  if (statement.where.length !== table.partitionKey.length) return null;
  const keyTerms: KeyTerm[] = [];
  for (const column of table.partitionKey) {
    const relation = statement.where.find((r) => r.kind === 'SingleColumnRelation' && r.column === column.name);
    if (relation?.kind !== 'SingleColumnRelation' || relation.operator !== '=' || relation.mapKey !== null || relation.value === null) return null;
    keyTerms.push({ column, term: relation.value });
  }
  return keyTerms;
}
