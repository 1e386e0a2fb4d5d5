/** INSERT (names and JSON forms): one row with its primary-key liveness, or a partition's static row alone. */

import { InvalidRequestError } from '../../../lib/errors.js';
import type { InsertStatement } from '../../ast/insert-statement.js';
import { insertStaticRow } from '../../rows/insert-row.js';
import { encodeBulkRow, type TableWrite } from '../../rows/bulk-rows.js';
import { tableLayout } from '../../rows/table-layout.js';
import { parseInsertJson } from '../../json/insert-json.js';
import type { TableMetadata } from '../../schema/table-metadata.js';
import type { ExecutionContext } from '../execution-context.js';
import { isUnset, termServices, termValue } from '../terms.js';
import { evaluateTerm } from '../../values/evaluate-term.js';
import type { TableLayout } from '../../rows/table-layout.js';
import type { WriteAttributes } from '../../rows/write-attributes.js';
import type { ColumnMetadata } from '../../schema/column-metadata.js';
import { writeAttributesOf } from '../write-attributes-of.js';
import { columnNamed } from '../where/where-clause.js';
import { nativeCqlType } from '../../types/cql-type.js';

export function insertMutations(statement: InsertStatement, table: TableMetadata, context: ExecutionContext): TableWrite[] {
  if (table.isCounter) throw new InvalidRequestError('INSERT statements are not allowed on counter tables, use UPDATE instead');
  if (statement.ifNotExists) throw new InvalidRequestError('Conditional updates (IF NOT EXISTS) are not supported by Sibyl yet');
  if (statement.json !== null) return insertJsonMutations(statement, table, context);
  const plan = insertPlan(statement, table);
  const values = new Map<string, unknown>();
  const services = termServices(context);
  let unsetCount = 0;
  for (let i = 0; i < plan.columns.length; i++) {
    const column = plan.columns[i]!;
    const value = evaluateTerm(statement.values[i]!, column, services);
    if (!isUnset(value)) values.set(column.name, value);
    else if (column.kind === 'partition_key' || column.kind === 'clustering') throw new InvalidRequestError(`Invalid unset value for column ${column.name}`);
    else unsetCount++;
  }
  // Which columns are present decides the row's shape; a value left unset can change it.
  const staticOnly = unsetCount === 0 ? plan.staticOnly : isStaticOnly(plan.layout, values.keys());
  return [rowWrite(plan.layout, values, staticOnly, writeAttributesOf(statement.using, table, context))];
}

/** INSERT JSON: the JSON object's fields are the values; missing ones are null or left unset (DEFAULT UNSET). */
function insertJsonMutations(statement: InsertStatement, table: TableMetadata, context: ExecutionContext): TableWrite[] {
  const layout = tableLayout(table);
  const values = new Map<string, unknown>();
  const text = termValue(statement.json!, { name: '[json]', type: nativeCqlType('text')! }, context);
  if (typeof text !== 'string') throw new InvalidRequestError('Got null for INSERT JSON values');
  for (const [column, value] of parseInsertJson(text, layout.allColumns, context.clock)) {
    if (value !== undefined) values.set(column.name, value);
    else if (!statement.defaultUnset) values.set(column.name, null);
  }
  for (const column of layout.allColumns) if (!values.has(column.name) && !statement.defaultUnset) values.set(column.name, null);
  return [rowWrite(layout, values, isStaticOnly(layout, values.keys()), writeAttributesOf(statement.using, table, context))];
}

function rowWrite(layout: TableLayout, values: Map<string, unknown>, staticOnly: boolean, attributes: WriteAttributes): TableWrite {
  const { table } = layout;
  for (const column of table.partitionKey) checkKeyValue(column, values.get(column.name));
  if (!staticOnly) for (const column of table.clustering) checkKeyValue(column, values.get(column.name));
  // A plain row (no TTL, null, collection or static) goes through the engine's row batch writer.
  if (staticOnly) return insertStaticRow(layout, values, attributes);
  const row: Record<string, unknown> = {};
  for (const [name, value] of values) row[name] = value;
  return encodeBulkRow(layout, row, attributes);
}

function checkKeyValue(column: ColumnMetadata, value: unknown): void {
  if (value === undefined) {
    const what = column.kind === 'partition_key' ? 'Some partition key parts are missing' : 'Some clustering keys are missing';
    throw new InvalidRequestError(`${what}: ${column.name}`);
  }
  if (value === null) throw new InvalidRequestError(`Invalid null value in condition for column ${column.name}`);
}

/** Static columns alone, with no clustering or regular column named, write the static row only. */
function isStaticOnly(layout: TableLayout, names: Iterable<string>): boolean {
  let hasStatic = false;
  for (const name of names) {
    const kind = layout.byName.get(name)!.kind;
    if (kind === 'regular' || kind === 'clustering') return false;
    if (kind === 'static') hasStatic = true;
  }
  return hasStatic;
}

/** What an INSERT's column list resolves to in one table version: checked once, reused by every execution. */
interface InsertPlan {
  readonly table: TableMetadata;
  readonly layout: TableLayout;
  readonly columns: readonly ColumnMetadata[];
  /** With every value given (none unset). */
  readonly staticOnly: boolean;
}

const plans = new WeakMap<InsertStatement, InsertPlan>();

function insertPlan(statement: InsertStatement, table: TableMetadata): InsertPlan {
  const cached = plans.get(statement);
  if (cached !== undefined && cached.table === table) return cached;
  const layout = tableLayout(table);
  // Checked on the names first, as Cassandra's ParsedInsert does, before any is resolved.
  if (new Set(statement.columns).size !== statement.columns.length) throw new InvalidRequestError('The column names contains duplicates');
  const columns = statement.columns.map((name) => columnNamed(layout, name));
  const plan: InsertPlan = { table, layout, columns, staticOnly: isStaticOnly(layout, statement.columns) };
  plans.set(statement, plan);
  return plan;
}
