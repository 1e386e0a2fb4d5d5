/**
 * INSERT: each value binds its column itself; `JSON ?` binds `[json]` (text); then the
 * executor's INSERT (insertMutations, which builds the row without writing it) runs on the
 * rewritten statement: counter tables, duplicate and unknown columns, missing key columns and
 * the USING attributes are refused as at execution. A `JSON ?` stands in as a document naming
 * every primary key column, so only the shape of the statement is judged.
 */

import { InsertStatement } from '../ast/insert-statement.js';
import type { Term } from '../ast/term.js';
import type { Schema } from '../catalog/schema.js';
import { keyspaceOf } from '../catalog/catalog.js';
import { insertMutations } from '../executor/modification/insert.js';
import { jsonName, toJson } from '../json/to-json.js';
import { tableLayout } from '../rows/table-layout.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import { nativeCqlType } from '../types/cql-type.js';
import { columnReceiver, derivedReceiver } from './marker-receiver.js';
import type { PrepareScope } from './prepare-scope.js';
import { prepareTerm } from './prepare-term.js';
import { prepareUsing } from './prepare-using.js';
import { standInValue } from './stand-in-value.js';

const TEXT = nativeCqlType('text')!;

export interface PreparedModification<S> {
  readonly table: TableMetadata;
  /** The statement with stand-in markers, as the executor's checks saw it. */
  readonly rewritten: S;
}

export function prepareInsert(statement: InsertStatement, scope: PrepareScope, schema: Schema): PreparedModification<InsertStatement> {
  const table = schema.existingTable(keyspaceOf(statement.table, scope.keyspace), statement.table.name);
  const layout = tableLayout(table);
  const owner = { table, scope };
  const spec = { keyspace: table.keyspace, table: table.name };
  const values = statement.columns.map((name, i) => {
    const column = layout.byName.get(name);
    // An unknown column is refused by insertMutations below, before its value is looked at.
    return column === undefined ? statement.values[i]! : prepareTerm(statement.values[i]!, columnReceiver(table, column), owner);
  });
  const rewritten = InsertStatement.create({ ...statement, values, json: prepareJson(statement.json, table, scope, spec), using: prepareUsing(statement.using, owner, spec) });
  insertMutations(rewritten, table, scope.executionContext());
  return { table, rewritten };
}

function prepareJson(json: Term | null, table: TableMetadata, scope: PrepareScope, spec: { keyspace: string; table: string }): Term | null {
  if (json === null || json.kind !== 'BindMarker') return json;
  scope.variables.add(json, derivedReceiver(spec, '[json]', TEXT));
  return scope.standInMarker(TEXT, standInDocument(table));
}

/** `{"k": 1, "c": "a"}`: a JSON object with a stand-in for every primary key column. */
function standInDocument(table: TableMetadata): string {
  const keys = [...table.partitionKey, ...table.clustering];
  return `{${keys.map((c) => `${jsonName(c.name)}: ${toJson(c.type, standInValue(c.type))}`).join(', ')}}`;
}
