/**
 * One logged-in session's access control (Cassandra's ClientState with its AuthenticatedUser):
 * the executor asks it to authorize each statement before it runs and to run the role and
 * permission statements.
 *
 * ensurePermission, in ClientState's order:
 *   1. SELECT on a table every client reads (system.local, peers, peers_v2, system_schema.*): yes
 *   2. a schema change in a system keyspace: refused (`system keyspace is not user-modifiable.`,
 *      or for system_auth `Cannot DROP <keyspace system_auth>`; ALTER KEYSPACE system_auth passes)
 *   3. AllowAllAuthorizer: yes
 *   4. a superuser (the role or a role it holds): yes
 *   5. the permission held on the resource or a parent by the role or a role it holds: yes
 *   6. else Unauthorized: `User x has no SELECT permission on <table ks.t> or any of its parents`
 */

import { UnauthorizedError } from '../lib/errors.js';
import type { AccessStatement } from '../cql/ast/access-statement.js';
import { isAccessStatement } from '../cql/ast/access-statement.js';
import type { Statement } from '../cql/ast/statement.js';
import type { SchemaChange } from '../cql/catalog/schema-change.js';
import { SYSTEM, SYSTEM_SCHEMA } from '../cql/catalog/system-keyspaces.js';
import type { ExecutionContext } from '../cql/executor/execution-context.js';
import type { ExecutionResult } from '../cql/executor/execution-result.js';
import type { StatementAccess } from '../cql/executor/statement-access.js';
import type { AuthServices } from './auth-services.js';
import type { Permission } from './permission.js';
import { listPermissions, grantPermissions, revokePermissions } from './permission-statements.js';
import { Resource, resourceChain, resourcePermissions, resourceText } from './resource.js';
import { alterRole, createRole, dropRole, grantRole, listRoles, revokeRole } from './role-statements.js';
import type { RoleRecord } from './role-manager.js';
import { requiredPermissions } from './statement-permissions.js';
import { SYSTEM_AUTH } from './system-auth-keyspace.js';

/** Cassandra's READABLE_SYSTEM_RESOURCES: what drivers and tools read on connect. */
const READABLE_SYSTEM_TABLES: ReadonlySet<string> = new Set([`${SYSTEM}.local`, `${SYSTEM}.peers`, `${SYSTEM}.peers_v2`]);

export class ClientAccess implements StatementAccess {
  constructor(
    /** The role the session logged in as (its primary role). */
    readonly user: string,
    readonly services: AuthServices,
  ) {}

  async authorize(statement: Statement, context: ExecutionContext): Promise<void> {
    // Role and permission statements check as they run (role-statements.ts, permission-statements.ts).
    if (isAccessStatement(statement)) return;
    for (const { permission, resource } of requiredPermissions(statement, context.keyspace, context.catalog.schema)) {
      await this.ensurePermission(permission, resource);
    }
  }

  executeAccessStatement(statement: AccessStatement, context: ExecutionContext): Promise<ExecutionResult> {
    switch (statement.kind) {
      case 'CreateRoleStatement':
        return createRole(this, statement);
      case 'AlterRoleStatement':
        return alterRole(this, statement);
      case 'DropRoleStatement':
        return dropRole(this, statement);
      case 'ListRolesStatement':
        return listRoles(this, statement);
      case 'GrantRoleStatement':
        return grantRole(this, statement);
      case 'RevokeRoleStatement':
        return revokeRole(this, statement);
      case 'GrantPermissionsStatement':
        return grantPermissions(this, statement, context);
      case 'RevokePermissionsStatement':
        return revokePermissions(this, statement, context);
      case 'ListPermissionsStatement':
        return listPermissions(this, statement, context);
    }
  }

  /**
   * The creator of a keyspace or table gets every permission it takes (Cassandra's
   * grantPermissionsToCreator); a dropped keyspace's or table's grants go with it
   * (AuthSchemaChangeListener), the keyspace's tables' included.
   */
  async afterSchemaChange(change: SchemaChange): Promise<void> {
    const authorizer = this.services.authorizer;
    if (authorizer === null || change.target === 'TYPE') return;
    const resource = change.target === 'KEYSPACE' ? Resource.keyspace(change.keyspace) : Resource.table(change.keyspace, change.name ?? '');
    if (change.change === 'CREATED') {
      await authorizer.grant(resourcePermissions(resource), resource, this.user);
    } else if (change.change === 'DROPPED') {
      const below = resource.level === 'keyspace' ? await authorizer.grantedResourcesUnder(resource) : [];
      for (const dropped of [resource, ...below]) await authorizer.revokeAllOn(dropped);
    }
  }

  /** Refuses (UnauthorizedError) unless the session holds `permission` on `resource` or a parent. */
  async ensurePermission(permission: Permission, resource: Resource): Promise<void> {
    if (permission === 'SELECT' && isReadableSystemTable(resource)) return;
    preventSystemSchemaModification(permission, resource);
    const authorizer = this.services.authorizer;
    if (authorizer === null) return;
    if (await this.isSuperuser()) return;
    const roles = await this.roleNames();
    for (const level of resourceChain(resource)) {
      if ((await authorizer.permissionsOn(roles, level)).has(permission)) return;
    }
    throw new UnauthorizedError(`User ${this.user} has no ${permission} permission on ${resourceText(resource)} or any of its parents`);
  }

  /** Whether the session's role, or a role it holds, is a superuser. */
  async isSuperuser(): Promise<boolean> {
    return (await this.roles()).some((r) => r.isSuperuser);
  }

  /** The session's role and every role it holds. */
  roles(): Promise<RoleRecord[]> {
    return this.services.roles.rolesOf(this.user);
  }

  async roleNames(): Promise<string[]> {
    return (await this.roles()).map((r) => r.name);
  }
}

function isReadableSystemTable(resource: Resource): boolean {
  if (resource.level !== 'table') return false;
  return resource.keyspace === SYSTEM_SCHEMA || READABLE_SYSTEM_TABLES.has(`${resource.keyspace}.${resource.table}`);
}

/** ClientState.preventSystemKSSchemaModification: schema changes in system keyspaces, for everyone. */
function preventSystemSchemaModification(permission: Permission, resource: Resource): void {
  if (permission !== 'CREATE' && permission !== 'ALTER' && permission !== 'DROP') return;
  if (resource.level !== 'keyspace' && resource.level !== 'table') return;
  if (resource.keyspace === SYSTEM || resource.keyspace === SYSTEM_SCHEMA) throw new UnauthorizedError(`${resource.keyspace} keyspace is not user-modifiable.`);
  if (resource.keyspace !== SYSTEM_AUTH) return;
  // An operator may change system_auth's replication, and nothing else of its schema.
  if (permission === 'ALTER' && resource.level === 'keyspace') return;
  throw new UnauthorizedError(`Cannot ${permission} ${resourceText(resource)}`);
}
