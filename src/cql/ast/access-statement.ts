import type { AlterRoleStatement } from './alter-role-statement.js';
import type { CreateRoleStatement } from './create-role-statement.js';
import type { DropRoleStatement } from './drop-role-statement.js';
import type { GrantPermissionsStatement } from './grant-permissions-statement.js';
import type { GrantRoleStatement } from './grant-role-statement.js';
import type { ListPermissionsStatement } from './list-permissions-statement.js';
import type { ListRolesStatement } from './list-roles-statement.js';
import type { RevokePermissionsStatement } from './revoke-permissions-statement.js';
import type { RevokeRoleStatement } from './revoke-role-statement.js';

/**
 * The role and permission statements (Cassandra's AuthenticationStatement and
 * AuthorizationStatement): run by the session's access control (src/auth), never on tables.
 */
export type AccessStatement =
  | CreateRoleStatement
  | AlterRoleStatement
  | DropRoleStatement
  | ListRolesStatement
  | GrantRoleStatement
  | RevokeRoleStatement
  | GrantPermissionsStatement
  | RevokePermissionsStatement
  | ListPermissionsStatement;

const ACCESS_KINDS: ReadonlySet<string> = new Set<AccessStatement['kind']>([
  'CreateRoleStatement',
  'AlterRoleStatement',
  'DropRoleStatement',
  'ListRolesStatement',
  'GrantRoleStatement',
  'RevokeRoleStatement',
  'GrantPermissionsStatement',
  'RevokePermissionsStatement',
  'ListPermissionsStatement',
]);

export function isAccessStatement(statement: { readonly kind: string }): statement is AccessStatement {
  return ACCESS_KINDS.has(statement.kind);
}
