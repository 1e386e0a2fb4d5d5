/**
 * A statement's answer (the executor's ExecutionResult) as a RESULT body (spec 4.2.5):
 *
 *   void           Void
 *   setKeyspace    Set_keyspace (the connection then moves to it)
 *   schemaChange   Schema_change (CREATED/UPDATED/DROPPED of a KEYSPACE, TABLE or TYPE)
 *   rows           Rows: every column described with the keyspace and table the rows come
 *                  from (so the metadata carries one Global_tables_spec, as Cassandra's
 *                  does), the paging state when more pages follow, cells encoded by type
 *
 * A SELECT's rows come from its table, including writetime(), token() and aggregates, which
 * Cassandra also names under the table; DESCRIBE's from Cassandra's `system.describe`; LIST
 * ROLES and LIST PERMISSIONS from the source they carry (system_auth.roles, .permissions).
 */

import { assertNever } from '../../lib/assert.js';
import type { Statement } from '../../cql/ast/statement.js';
import { keyspaceOf } from '../../cql/catalog/catalog.js';
import type { SchemaChange as CatalogSchemaChange } from '../../cql/catalog/schema-change.js';
import type { ExecutionResult } from '../../cql/executor/execution-result.js';
import type { ResultColumn } from '../../cql/executor/select/selection.js';
import type { CqlType } from '../../cql/types/cql-type.js';
import { VOID_RESULT, type Result } from '../messages/result.js';
import { rowsMetadataOf, type ColumnSpec } from '../messages/rows-metadata.js';
import type { SchemaChange } from '../messages/schema-change.js';
import { rowCells, type Cell } from '../types/cell-values.js';

/** DescribeStatement's result columns in Cassandra (cql3/statements/DescribeStatement.java). */
const DESCRIBE_SOURCE = { keyspace: 'system', table: 'describe' } as const;

/** `keyspace`: the one the statement ran in, for a SELECT's unqualified table. */
export function resultOfExecution(statement: Statement, result: ExecutionResult, keyspace: string | null): Result {
  switch (result.kind) {
    case 'void':
      return VOID_RESULT;
    case 'setKeyspace':
      return { kind: 'set-keyspace', keyspace: result.keyspace };
    case 'schemaChange':
      return { kind: 'schema-change', change: schemaChangeOf(result.change) };
    case 'rows': {
      const source = statement.kind === 'SelectStatement' ? { keyspace: keyspaceOf(statement.table, keyspace), table: statement.table.name } : (result.source ?? DESCRIBE_SOURCE);
      const { specs, types } = columnSpecsOf(source, result.columns);
      const rows = new Array<Cell[]>(result.rows.length);
      // Encoded rows hold each value's bytes already (a point read's stored cells).
      for (let i = 0; i < rows.length; i++) rows[i] = result.encoded === true ? (result.rows[i] as Cell[]) : rowCells(types, result.rows[i]!);
      return { kind: 'rows', metadata: rowsMetadataOf(specs, result.pageState), rows };
    }
    default:
      return assertNever(result, 'execution result');
  }
}

interface ResultSpecs {
  readonly keyspace: string;
  readonly table: string;
  readonly specs: readonly ColumnSpec[];
  readonly types: readonly CqlType[];
}

/** Specs by result column array: a prepared SELECT of plain columns returns the same array every run (Selection's cache). */
const specsByColumns = new WeakMap<readonly ResultColumn[], ResultSpecs>();

/**
 * The result's column specs, one array for every run that returns the same column array:
 * built afresh they were an object per column per response, and the same array lets the
 * metadata encoder reuse its bytes (rows-metadata.ts).
 */
function columnSpecsOf(source: { readonly keyspace: string; readonly table: string }, columns: readonly ResultColumn[]): ResultSpecs {
  const known = specsByColumns.get(columns);
  if (known !== undefined && known.keyspace === source.keyspace && known.table === source.table) return known;
  const fresh = { keyspace: source.keyspace, table: source.table, specs: columns.map(({ name, type }) => ({ ...source, name, type })), types: columns.map((column) => column.type) };
  specsByColumns.set(columns, fresh);
  return fresh;
}

function schemaChangeOf(change: CatalogSchemaChange): SchemaChange {
  switch (change.target) {
    case 'KEYSPACE':
      return { change: change.change, target: 'KEYSPACE', keyspace: change.keyspace };
    case 'TABLE':
    case 'TYPE':
      return { change: change.change, target: change.target, keyspace: change.keyspace, name: change.name ?? '' };
    default:
      return assertNever(change.target, 'schema change target');
  }
}
