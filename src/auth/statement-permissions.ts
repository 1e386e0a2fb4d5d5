/**
 * What each statement needs before it runs (each Cassandra statement's `authorize`, through
 * ClientState.ensureTablePermission / ensureKeyspacePermission / ensureAllKeyspacesPermission):
 *
 *   SELECT                           SELECT on the table (and its conditions' SELECT: none here)
 *   INSERT, UPDATE, DELETE, TRUNCATE MODIFY on the table (IF conditions: SELECT too)
 *   BATCH                            what each child needs
 *   CREATE KEYSPACE                  CREATE on ALL KEYSPACES
 *   ALTER / DROP KEYSPACE            ALTER / DROP on the keyspace
 *   CREATE TABLE, CREATE TYPE        CREATE on the keyspace
 *   ALTER / DROP TABLE               ALTER / DROP on the table
 *   DROP TYPE                        DROP on the keyspace
 *   USE, DESCRIBE                    nothing but a login
 *   role and permission statements   checked as they run (client-access.ts)
 *
 * A data statement on a table that does not exist needs nothing here: it fails when it runs,
 * with the executor's message, as Cassandra's fails when it is prepared, before authorize.
 * Pure: a function of the statement, the session keyspace and the schema.
 */

import type { BatchChild } from '../cql/ast/batch-statement.js';
import type { Statement } from '../cql/ast/statement.js';
import { visitStatement, type StatementVisitor } from '../cql/ast/statement-visitor.js';
import type { QualifiedName } from '../cql/ast/qualified-name.js';
import { keyspaceOf } from '../cql/catalog/catalog.js';
import type { Schema } from '../cql/catalog/schema.js';
import type { Permission } from './permission.js';
import { Resource } from './resource.js';

export interface Requirement {
  readonly permission: Permission;
  readonly resource: Resource;
}

const NOTHING: readonly Requirement[] = Object.freeze([]);

export function requiredPermissions(statement: Statement, sessionKeyspace: string | null, schema: Schema): readonly Requirement[] {
  const on = (permission: Permission, resource: Resource): readonly Requirement[] => [{ permission, resource }];
  const keyspace = (name: string): Resource => Resource.keyspace(name);
  const table = (name: QualifiedName): Resource => Resource.table(keyspaceOf(name, sessionKeyspace), name.name);
  /** A data statement's table, or null when it does not exist (the statement fails as it runs). */
  const existing = (name: QualifiedName): Resource | null => {
    const ks = keyspaceOf(name, sessionKeyspace);
    return schema.table(ks, name.name) === undefined ? null : Resource.table(ks, name.name);
  };
  const modification = (s: BatchChild): readonly Requirement[] => {
    const resource = existing(s.table);
    if (resource === null) return NOTHING;
    const conditional = s.kind === 'InsertStatement' ? s.ifNotExists : s.ifExists || s.conditions.length > 0;
    return conditional ? [{ permission: 'MODIFY', resource }, { permission: 'SELECT', resource }] : on('MODIFY', resource);
  };
  const visitor: StatementVisitor<readonly Requirement[]> = {
    SelectStatement: (s) => {
      const resource = existing(s.table);
      return resource === null ? NOTHING : on('SELECT', resource);
    },
    InsertStatement: modification,
    UpdateStatement: modification,
    DeleteStatement: modification,
    BatchStatement: (s) => s.statements.flatMap(modification),
    TruncateStatement: (s) => {
      const resource = existing(s.table);
      return resource === null ? NOTHING : on('MODIFY', resource);
    },
    CreateKeyspaceStatement: () => on('CREATE', Resource.allKeyspaces()),
    AlterKeyspaceStatement: (s) => on('ALTER', keyspace(s.keyspace)),
    DropKeyspaceStatement: (s) => on('DROP', keyspace(s.keyspace)),
    CreateTableStatement: (s) => on('CREATE', keyspace(keyspaceOf(s.table, sessionKeyspace))),
    AlterTableStatement: (s) => on('ALTER', table(s.table)),
    DropTableStatement: (s) => on('DROP', table(s.table)),
    CreateTypeStatement: (s) => on('CREATE', keyspace(keyspaceOf(s.type, sessionKeyspace))),
    DropTypeStatement: (s) => on('DROP', keyspace(keyspaceOf(s.type, sessionKeyspace))),
    UseStatement: () => NOTHING,
    DescribeStatement: () => NOTHING,
    CreateRoleStatement: () => NOTHING,
    AlterRoleStatement: () => NOTHING,
    DropRoleStatement: () => NOTHING,
    ListRolesStatement: () => NOTHING,
    GrantRoleStatement: () => NOTHING,
    RevokeRoleStatement: () => NOTHING,
    GrantPermissionsStatement: () => NOTHING,
    RevokePermissionsStatement: () => NOTHING,
    ListPermissionsStatement: () => NOTHING,
  };
  return visitStatement(statement, visitor);
}
