/**
 * PREPARE (Cassandra's QueryProcessor.prepare): a parsed statement's variables, partition key
 * indexes, result columns and ids, computed without running it. One handler per statement kind.
 *
 * How: the statement's terms are walked with the receivers Cassandra gives them, which names
 * and types every marker (prepare-term.ts, prepare-where.ts...); the walk also rewrites the
 * statement with stand-in markers bound to valid values (prepare-scope.ts), and the executor's
 * own checks then run on it: a statement is refused at prepare by the same code, with the same
 * message, as at execution, and a SELECT's result columns are the executor's (planSelect).
 */

import { assert } from '../../lib/assert.js';
import { InvalidRequestError } from '../../lib/errors.js';
import { bindMarkersOf } from '../ast/bind-markers.js';
import type { Statement } from '../ast/statement.js';
import { visitStatement, type StatementVisitor } from '../ast/statement-visitor.js';
import { keyspaceOf } from '../catalog/catalog.js';
import type { ExecutionContext } from '../executor/execution-context.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import { prepareBatch } from './prepare-batch.js';
import { prepareDelete } from './prepare-delete.js';
import { prepareInsert } from './prepare-insert.js';
import { PrepareScope } from './prepare-scope.js';
import { prepareSelect } from './prepare-select.js';
import { prepareUpdate } from './prepare-update.js';
import { preparedIdOf } from './prepared-id.js';
import type { PreparedStatement } from './prepared-statement.js';
import { computeResultMetadataId, type MetadataColumn } from './result-metadata-id.js';

/** A prepared statement's values travel in a [short]-counted list (QueryProcessor.prepare's limit). */
export const BIND_MARKERS_MAX = 0xffff;

interface Shape {
  /** The table the partition key indexes are of (null: none are sent). */
  readonly table: TableMetadata | null;
  readonly columns: readonly MetadataColumn[];
}

const NO_SHAPE: Shape = Object.freeze({ table: null, columns: Object.freeze([]) });

/** `context`: the catalog, engine and clock, and in `keyspace` the keyspace the statement is prepared in. */
export async function prepareStatement(query: string, statement: Statement, context: ExecutionContext): Promise<PreparedStatement> {
  const markers = bindMarkersOf(statement);
  if (markers.length > BIND_MARKERS_MAX) {
    throw new InvalidRequestError(`Too many markers(?). ${markers.length} markers exceed the allowed maximum of ${BIND_MARKERS_MAX}`);
  }
  // One schema for the whole preparation, and the version it is reported under.
  const schema = context.catalog.schema;
  const scope = new PrepareScope(markers, context);
  const noMarkers = (s: Statement): Shape => {
    assert(bindMarkersOf(s).length === 0, `${s.kind} takes no bind markers`);
    return NO_SHAPE;
  };
  const handlers: StatementVisitor<Promise<Shape> | Shape> = {
    SelectStatement: (s) => prepareSelect(s, scope, schema),
    InsertStatement: (s) => ({ table: prepareInsert(s, scope, schema).table, columns: [] }),
    UpdateStatement: (s) => ({ table: prepareUpdate(s, scope, schema).table, columns: [] }),
    DeleteStatement: (s) => ({ table: prepareDelete(s, scope, schema).table, columns: [] }),
    BatchStatement: async (s) => ({ table: (await prepareBatch(s, scope, schema)).table, columns: [] }),
    // TRUNCATE names its table when prepared (TruncateStatement.validate); DDL, USE and
    // DESCRIBE are judged when run, as in Cassandra 4.
    TruncateStatement: (s) => {
      schema.existingTable(keyspaceOf(s.table, context.keyspace), s.table.name);
      return noMarkers(s);
    },
    CreateKeyspaceStatement: noMarkers,
    AlterKeyspaceStatement: noMarkers,
    DropKeyspaceStatement: noMarkers,
    UseStatement: noMarkers,
    CreateTableStatement: noMarkers,
    AlterTableStatement: noMarkers,
    DropTableStatement: noMarkers,
    CreateTypeStatement: noMarkers,
    DropTypeStatement: noMarkers,
    DescribeStatement: noMarkers,
    // Role and permission statements are judged when run, as in Cassandra.
    CreateRoleStatement: noMarkers,
    AlterRoleStatement: noMarkers,
    DropRoleStatement: noMarkers,
    ListRolesStatement: noMarkers,
    GrantRoleStatement: noMarkers,
    RevokeRoleStatement: noMarkers,
    GrantPermissionsStatement: noMarkers,
    RevokePermissionsStatement: noMarkers,
    ListPermissionsStatement: noMarkers,
  };
  const shape = await visitStatement(statement, handlers);
  scope.checkPendingTerms();
  const variables = scope.variables.variables();
  const columns = shape.columns.map(({ keyspace, table, name, type }) => Object.freeze({ keyspace, table, name, type }));
  return Object.freeze({
    id: preparedIdOf(query, statement, context.keyspace),
    query,
    keyspace: context.keyspace,
    variables,
    partitionKeyIndexes: shape.table === null ? null : scope.variables.partitionKeyIndexes(shape.table),
    resultColumns: Object.freeze(columns),
    resultMetadataId: computeResultMetadataId(shape.columns),
    schemaVersion: schema.version,
  });
}
