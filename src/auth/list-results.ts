/**
 * The rows LIST ROLES, LIST USERS and LIST PERMISSIONS answer, with Cassandra 4.1's columns
 * (ListRolesStatement, ListUsersStatement, ListPermissionsStatement), named under
 * system_auth.roles, .users and .permissions as Cassandra names them. An empty LIST
 * PERMISSIONS answers Void, as Cassandra's does.
 */

import { VOID_RESULT, type ExecutionResult } from '../cql/executor/execution-result.js';
import type { ResultColumn } from '../cql/executor/select/selection.js';
import { mapType, nativeCqlType, type CqlType } from '../cql/types/cql-type.js';
import type { PermissionDetails } from './cassandra-authorizer.js';
import { resourceText } from './resource.js';
import type { RoleRecord } from './role-manager.js';
import { SYSTEM_AUTH } from './system-auth-keyspace.js';

const TEXT: CqlType = nativeCqlType('text')!;
const BOOLEAN: CqlType = nativeCqlType('boolean')!;
const column = (name: string, type: CqlType): ResultColumn => Object.freeze({ name, type });

const ROLE_COLUMNS = Object.freeze([column('role', TEXT), column('super', BOOLEAN), column('login', BOOLEAN), column('options', mapType(TEXT, TEXT)), column('datacenters', TEXT)]);
const USER_COLUMNS = Object.freeze([column('name', TEXT), column('super', BOOLEAN), column('datacenters', TEXT)]);
const PERMISSION_COLUMNS = Object.freeze([column('role', TEXT), column('username', TEXT), column('resource', TEXT), column('permission', TEXT)]);

/** Every role may reach every datacenter: ACCESS TO DATACENTERS is not built. */
const ALL_DATACENTERS = 'ALL';

export function listRolesResult(roles: readonly RoleRecord[]): ExecutionResult {
  const rows = roles.map((r) => [r.name, r.isSuperuser, r.canLogin, {}, ALL_DATACENTERS]);
  return { kind: 'rows', columns: ROLE_COLUMNS, rows, pageState: null, source: { keyspace: SYSTEM_AUTH, table: 'roles' } };
}

/** LIST USERS: the roles that can log in. */
export function listUsersResult(roles: readonly RoleRecord[]): ExecutionResult {
  const rows = roles.filter((r) => r.canLogin).map((r) => [r.name, r.isSuperuser, ALL_DATACENTERS]);
  return { kind: 'rows', columns: USER_COLUMNS, rows, pageState: null, source: { keyspace: SYSTEM_AUTH, table: 'users' } };
}

export function listPermissionsResult(details: readonly PermissionDetails[]): ExecutionResult {
  if (details.length === 0) return VOID_RESULT;
  // `username` repeats the grantee: the column pre-roles clients read.
  const rows = details.map((d) => [d.grantee, d.grantee, resourceText(d.resource), d.permission]);
  return { kind: 'rows', columns: PERMISSION_COLUMNS, rows, pageState: null, source: { keyspace: SYSTEM_AUTH, table: 'permissions' } };
}
