/**
 * GRANT, REVOKE and LIST PERMISSIONS, with Cassandra 4.1's checks and messages
 * (PermissionsManagementStatement, ListPermissionsStatement):
 *
 *   GRANT / REVOKE   AUTHORIZE on the resource, and each permission granted, held by the
 *                    session (on the resource or a parent); the role and the resource must
 *                    exist; under AllowAllAuthorizer refused (`GRANT operation is not
 *                    supported by AllowAllAuthorizer`)
 *   LIST             a superuser: anyone's; else only OF one of the session's own roles
 *
 * A table named without its keyspace is the session keyspace's (maybeCorrectResource).
 */

import { InvalidRequestError, UnauthorizedError } from '../lib/errors.js';
import type { AuthResource } from '../cql/ast/auth-resource.js';
import type { GrantPermissionsStatement } from '../cql/ast/grant-permissions-statement.js';
import type { ListPermissionsStatement } from '../cql/ast/list-permissions-statement.js';
import type { RevokePermissionsStatement } from '../cql/ast/revoke-permissions-statement.js';
import { keyspaceOf } from '../cql/catalog/catalog.js';
import type { ExecutionContext } from '../cql/executor/execution-context.js';
import { VOID_RESULT, type ExecutionResult } from '../cql/executor/execution-result.js';
import type { CassandraAuthorizer } from './cassandra-authorizer.js';
import type { ClientAccess } from './client-access.js';
import { listPermissionsResult } from './list-results.js';
import type { Permission } from './permission.js';
import { Resource, resourceChain, resourceText } from './resource.js';

export async function grantPermissions(client: ClientAccess, s: GrantPermissionsStatement, context: ExecutionContext): Promise<ExecutionResult> {
  const resource = resolveResource(s.resource, context);
  await authorizeManagement(client, s.permissions, resource);
  await validateManagement(client, s.grantee, resource, context);
  await authorizerFor(client, 'GRANT').grant(s.permissions, resource, s.grantee);
  return VOID_RESULT;
}

export async function revokePermissions(client: ClientAccess, s: RevokePermissionsStatement, context: ExecutionContext): Promise<ExecutionResult> {
  const resource = resolveResource(s.resource, context);
  await authorizeManagement(client, s.permissions, resource);
  await validateManagement(client, s.revokee, resource, context);
  await authorizerFor(client, 'REVOKE').revoke(s.permissions, resource, s.revokee);
  return VOID_RESULT;
}

export async function listPermissions(client: ClientAccess, s: ListPermissionsStatement, context: ExecutionContext): Promise<ExecutionResult> {
  const resource = s.resource === null ? null : resolveResource(s.resource, context);
  if (!(await client.isSuperuser()) && (s.of === null || !(await client.roleNames()).includes(s.of))) {
    throw new UnauthorizedError(`You are not authorized to view ${s.of ?? 'everyone'}'s permissions`);
  }
  if (resource !== null && !(await exists(client, resource, context))) throw new InvalidRequestError(`${resourceText(resource)} doesn't exist`);
  if (s.of !== null && !(await client.services.roles.exists(s.of))) throw new InvalidRequestError(`${resourceText(Resource.role(s.of))} doesn't exist`);
  const authorizer = authorizerFor(client, 'LIST PERMISSIONS');
  const resources = resource === null ? null : s.recursive ? resourceChain(resource) : [resource];
  const grantees = s.of === null ? null : (await client.services.roles.rolesOf(s.of)).map((r) => r.name);
  return listPermissionsResult(await authorizer.list(s.permissions, resources, grantees));
}

/** The session must hold AUTHORIZE, and every permission it hands out, on the resource. */
async function authorizeManagement(client: ClientAccess, permissions: readonly Permission[], resource: Resource): Promise<void> {
  await client.ensurePermission('AUTHORIZE', resource);
  for (const permission of permissions) await client.ensurePermission(permission, resource);
}

async function validateManagement(client: ClientAccess, role: string, resource: Resource, context: ExecutionContext): Promise<void> {
  if (!(await client.services.roles.exists(role, { fresh: true }))) throw new InvalidRequestError(`Role ${role} doesn't exist`);
  if (!(await exists(client, resource, context))) throw new InvalidRequestError(`Resource ${resourceText(resource)} doesn't exist`);
}

function authorizerFor(client: ClientAccess, operation: string): CassandraAuthorizer {
  const authorizer = client.services.authorizer;
  if (authorizer === null) throw new InvalidRequestError(`${operation} operation is not supported by AllowAllAuthorizer`);
  return authorizer;
}

function resolveResource(resource: AuthResource, context: ExecutionContext): Resource {
  switch (resource.kind) {
    case 'AllKeyspacesResource':
      return Resource.allKeyspaces();
    case 'KeyspaceResource':
      return Resource.keyspace(resource.keyspace);
    case 'TableResource':
      return Resource.table(keyspaceOf(resource.table, context.keyspace), resource.table.name);
    case 'AllRolesResource':
      return Resource.allRoles();
    case 'RoleResource':
      return Resource.role(resource.role);
  }
}

/** IResource.exists: the keyspace or table in the schema, the role in system_auth. */
async function exists(client: ClientAccess, resource: Resource, context: ExecutionContext): Promise<boolean> {
  const schema = context.catalog.schema;
  switch (resource.level) {
    case 'allKeyspaces':
    case 'allRoles':
      return true;
    case 'keyspace':
      return schema.keyspace(resource.keyspace) !== undefined;
    case 'table':
      return schema.table(resource.keyspace, resource.table) !== undefined;
    case 'role':
      return client.services.roles.exists(resource.role, { fresh: true });
  }
}
