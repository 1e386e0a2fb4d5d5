/**
 * GRANT, REVOKE and LIST (Cassandra 4.1's Parser.g), each starting after its verb:
 *
 *   GRANT permissionOrAll ON resource TO role        GRANT role TO role
 *   REVOKE permissionOrAll ON resource FROM role     REVOKE role FROM role
 *   LIST permissionOrAll [ON resource] [OF role] [NORECURSIVE]
 *   LIST ROLES ...   LIST USERS                      (parse-role-statements.ts)
 *
 *   permissionOrAll  ALL [PERMISSIONS] | CREATE | ALTER | DROP | SELECT | MODIFY | AUTHORIZE
 *                    | DESCRIBE | EXECUTE [PERMISSION]
 *
 * GRANT and REVOKE keep the permissions the resource takes (`GRANT ALL ON TABLE t` is ALTER,
 * DROP, SELECT, MODIFY, AUTHORIZE) and refuse, as a syntax error, a permission it does not take
 * (Parser.g's filterPermissions); LIST keeps them as written. A permission word followed by ON
 * or PERMISSION starts the permission form; anything else is a role name.
 */

import { applicablePermissions, isPermission, PERMISSIONS, resourceClassName, type Permission, type ResourceLevel } from '../../auth/permission.js';
import type { AuthResource } from '../ast/auth-resource.js';
import { GrantPermissionsStatement } from '../ast/grant-permissions-statement.js';
import { GrantRoleStatement } from '../ast/grant-role-statement.js';
import { ListPermissionsStatement } from '../ast/list-permissions-statement.js';
import type { ListRolesStatement } from '../ast/list-roles-statement.js';
import { RevokePermissionsStatement } from '../ast/revoke-permissions-statement.js';
import { RevokeRoleStatement } from '../ast/revoke-role-statement.js';
import { CqlSyntaxError } from '../cql-syntax-error.js';
import { parseAuthResource } from './parse-auth-resource.js';
import { parseRoleName } from './parse-role-name.js';
import { parseListRoles, parseListUsers } from './parse-role-statements.js';
import type { TokenStream } from './token-stream.js';
import { unsupported } from './unsupported.js';

/** Cassandra 5.0's permissions: keywords here, not built. */
const NEWER_PERMISSIONS: ReadonlySet<string> = new Set(['unmask', 'select_masked']);

export function parseGrant(stream: TokenStream): GrantPermissionsStatement | GrantRoleStatement {
  if (!startsPermissions(stream)) {
    const role = parseRoleName(stream);
    stream.expectKeyword('to');
    return GrantRoleStatement.create({ role, grantee: parseRoleName(stream) });
  }
  const written = parsePermissionOrAll(stream);
  stream.expectKeyword('on');
  const resource = parseAuthResource(stream);
  const permissions = filterPermissions(stream, written, resource);
  stream.expectKeyword('to');
  return GrantPermissionsStatement.create({ permissions, resource, grantee: parseRoleName(stream) });
}

export function parseRevoke(stream: TokenStream): RevokePermissionsStatement | RevokeRoleStatement {
  if (!startsPermissions(stream)) {
    const role = parseRoleName(stream);
    stream.expectKeyword('from');
    return RevokeRoleStatement.create({ role, revokee: parseRoleName(stream) });
  }
  const written = parsePermissionOrAll(stream);
  stream.expectKeyword('on');
  const resource = parseAuthResource(stream);
  const permissions = filterPermissions(stream, written, resource);
  stream.expectKeyword('from');
  return RevokePermissionsStatement.create({ permissions, resource, revokee: parseRoleName(stream) });
}

export function parseList(stream: TokenStream): ListPermissionsStatement | ListRolesStatement {
  if (stream.acceptKeyword('roles')) return parseListRoles(stream);
  if (stream.acceptKeyword('users')) return parseListUsers(stream);
  const permissions = parsePermissionOrAll(stream);
  const resource = stream.acceptKeyword('on') ? parseAuthResource(stream) : null;
  const of = stream.acceptKeyword('of') ? parseRoleName(stream) : null;
  const recursive = !stream.acceptKeyword('norecursive');
  return ListPermissionsStatement.create({ permissions, resource, of, recursive });
}

/** A reserved permission word, or ALL (or a newer permission word) before ON / PERMISSION(S). */
function startsPermissions(stream: TokenStream): boolean {
  const token = stream.peek();
  if (token.kind !== 'keyword') return false;
  if (isPermission(token.text.toUpperCase())) return true;
  if (token.text !== 'all' && !NEWER_PERMISSIONS.has(token.text)) return false;
  return stream.isKeyword('on', 1) || stream.isKeyword('permission', 1) || stream.isKeyword('permissions', 1);
}

function parsePermissionOrAll(stream: TokenStream): readonly Permission[] {
  if (stream.acceptKeyword('all')) {
    stream.acceptKeyword('permissions');
    return PERMISSIONS;
  }
  const token = stream.peek();
  if (token.kind === 'keyword' && NEWER_PERMISSIONS.has(token.text)) throw unsupported(`The ${token.text.toUpperCase()} permission is`);
  const word = token.kind === 'keyword' ? token.text.toUpperCase() : '';
  if (!isPermission(word)) throw stream.mismatched('a permission or ALL');
  stream.next();
  stream.acceptKeyword('permission');
  return [word];
}

function filterPermissions(stream: TokenStream, written: readonly Permission[], resource: AuthResource): Permission[] {
  const level = levelOf(resource);
  const applicable = applicablePermissions(level);
  const kept = written.filter((p) => applicable.includes(p));
  if (kept.length === 0) {
    throw new CqlSyntaxError(stream.peek(), `Resource type ${resourceClassName(level)} does not support any of the requested permissions`);
  }
  return kept;
}

function levelOf(resource: AuthResource): ResourceLevel {
  switch (resource.kind) {
    case 'AllKeyspacesResource':
      return 'allKeyspaces';
    case 'KeyspaceResource':
      return 'keyspace';
    case 'TableResource':
      return 'table';
    case 'AllRolesResource':
      return 'allRoles';
    case 'RoleResource':
      return 'role';
  }
}
