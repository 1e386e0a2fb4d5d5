/** INSERT (names and JSON forms): one row with its primary-key liveness, or a partition's static row alone. */

import { InvalidRequestError } from '../../../lib/errors.js';
import type { InsertStatement } from '../../ast/insert-statement.js';
import { insertStaticRow } from '../../rows/insert-row.js';
import { encodeBulkRow, type TableWrite } from '../../rows/bulk-rows.js';
import { tableLayout } from '../../rows/table-layout.js';
import { parseInsertJson } from '../../json/insert-json.js';
import type { TableMetadata } from '../../schema/table-metadata.js';
import type { ExecutionContext } from '../execution-context.js';
import { isUnset, termValue } from '../terms.js';
import { writeAttributesOf } from '../write-attributes-of.js';
import { columnNamed } from '../where/where-clause.js';
import { nativeCqlType } from '../../types/cql-type.js';

export function insertMutations(statement: InsertStatement, table: TableMetadata, context: ExecutionContext): TableWrite[] {
  const layout = tableLayout(table);
  if (table.isCounter) throw new InvalidRequestError('INSERT statements are not allowed on counter tables, use UPDATE instead');
  if (statement.ifNotExists) throw new InvalidRequestError('Conditional updates (IF NOT EXISTS) are not supported by Sibyl yet');
  const values = new Map<string, unknown>();
  if (statement.json !== null) {
    const text = termValue(statement.json, { name: '[json]', type: nativeCqlType('text')! }, context);
    if (typeof text !== 'string') throw new InvalidRequestError('Got null for INSERT JSON values');
    for (const [column, value] of parseInsertJson(text, layout.allColumns, context.clock)) {
      if (value !== undefined) values.set(column.name, value);
      else if (!statement.defaultUnset) values.set(column.name, null);
    }
    for (const column of layout.allColumns) if (!values.has(column.name) && !statement.defaultUnset) values.set(column.name, null);
  } else {
    // Checked on the names first, as Cassandra's ParsedInsert does, before any is resolved.
    if (new Set(statement.columns).size !== statement.columns.length) throw new InvalidRequestError('The column names contains duplicates');
    statement.columns.forEach((name, i) => {
      const column = columnNamed(layout, name);
      const value = termValue(statement.values[i]!, column, context);
      if (!isUnset(value)) values.set(name, value);
      else if (column.kind === 'partition_key' || column.kind === 'clustering') throw new InvalidRequestError(`Invalid unset value for column ${name}`);
    });
  }
  // Static columns alone, with no clustering column named, write the static row only.
  const given = [...values.keys()].map((name) => layout.byName.get(name)!);
  const staticOnly = given.some((c) => c.kind === 'static') && !given.some((c) => c.kind === 'regular' || c.kind === 'clustering');
  for (const column of [...table.partitionKey, ...(staticOnly ? [] : table.clustering)]) {
    const value = values.get(column.name);
    if (value === undefined) {
      const what = column.kind === 'partition_key' ? 'Some partition key parts are missing' : 'Some clustering keys are missing';
      throw new InvalidRequestError(`${what}: ${column.name}`);
    }
    if (value === null) throw new InvalidRequestError(`Invalid null value in condition for column ${column.name}`);
  }
  const attributes = writeAttributesOf(statement.using, table, context);
  // A plain row (no TTL, null, collection or static) goes through the engine's row batch writer.
  return [staticOnly ? insertStaticRow(layout, values, attributes) : encodeBulkRow(layout, Object.fromEntries(values), attributes)];
}
