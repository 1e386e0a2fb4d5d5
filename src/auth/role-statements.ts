/**
 * CREATE / ALTER / DROP ROLE, LIST ROLES and GRANT / REVOKE role, with the checks and messages
 * of Cassandra 4.1's statements, in its order: authorize (permissions), then validate (options,
 * existence), then execute.
 *
 *   CREATE ROLE   CREATE on ALL ROLES; only a superuser makes a superuser. The creator gets
 *                 ALTER, DROP and AUTHORIZE on the new role.
 *   ALTER ROLE    a superuser: anything but its own superuser status; a role alone: its own
 *                 password; else ALTER on the role (and superuser status stays a superuser's)
 *   DROP ROLE     DROP on the role; a superuser role only by a superuser; never the session's
 *                 own. Its grants, and the grants on it, go with it.
 *   LIST ROLES    every role (or those of OF r) with DESCRIBE on ALL ROLES; else only the
 *                 session's own roles
 *   GRANT/REVOKE  AUTHORIZE on the role granted
 */

import { InvalidRequestError, UnauthorizedError } from '../lib/errors.js';
import type { AlterRoleStatement } from '../cql/ast/alter-role-statement.js';
import type { CreateRoleStatement } from '../cql/ast/create-role-statement.js';
import type { DropRoleStatement } from '../cql/ast/drop-role-statement.js';
import type { GrantRoleStatement } from '../cql/ast/grant-role-statement.js';
import type { ListRolesStatement } from '../cql/ast/list-roles-statement.js';
import type { RevokeRoleStatement } from '../cql/ast/revoke-role-statement.js';
import { hasRoleOptions, type RoleOptions } from '../cql/ast/role-options.js';
import { VOID_RESULT, type ExecutionResult } from '../cql/executor/execution-result.js';
import type { ClientAccess } from './client-access.js';
import { listRolesResult, listUsersResult } from './list-results.js';
import { hashPassword, isPasswordHash } from './password-hash.js';
import { Resource, resourcePermissions } from './resource.js';
import type { RoleChanges } from './role-manager.js';

const ROLE_MANAGER = 'org.apache.cassandra.auth.CassandraRoleManager';

type OptionName = 'PASSWORD' | 'HASHED_PASSWORD' | 'LOGIN' | 'SUPERUSER';

export async function createRole(client: ClientAccess, s: CreateRoleStatement): Promise<ExecutionResult> {
  const { roles, authorizer } = client.services;
  await client.ensurePermission('CREATE', Resource.allRoles());
  if (s.options.superuser === true && !(await client.isSuperuser())) throw new UnauthorizedError('Only superusers can create a role with superuser status');
  validateOptions(client, s.options);
  if (s.role === '') throw new InvalidRequestError("Role name can't be an empty string");
  const exists = await roles.exists(s.role, { fresh: true });
  if (exists) {
    if (s.ifNotExists) return VOID_RESULT;
    throw new InvalidRequestError(`${s.role} already exists`);
  }
  await roles.createRole(s.role, await changesOf(client, s.options));
  const resource = Resource.role(s.role);
  await authorizer?.grant(resourcePermissions(resource), resource, client.user);
  return VOID_RESULT;
}

export async function alterRole(client: ClientAccess, s: AlterRoleStatement): Promise<ExecutionResult> {
  const isSuperuser = await client.isSuperuser();
  if (s.options.superuser !== null && (await client.roleNames()).includes(s.role)) {
    throw new UnauthorizedError("You aren't allowed to alter your own superuser status or that of a role granted to you");
  }
  if (s.options.superuser !== null && !isSuperuser) throw new UnauthorizedError('Only superusers are allowed to alter superuser status');
  if (!isSuperuser) {
    if (client.user === s.role) {
      const alterable = alterableOptions(client);
      for (const option of optionsWritten(s.options)) {
        if (!alterable.includes(option)) throw new UnauthorizedError(`You aren't allowed to alter ${option}`);
      }
    } else {
      await client.ensurePermission('ALTER', Resource.role(s.role));
    }
  }
  validateOptions(client, s.options);
  if (!hasRoleOptions(s.options)) throw new InvalidRequestError("ALTER [ROLE|USER] can't be empty");
  if (!(await client.services.roles.exists(s.role, { fresh: true }))) throw new InvalidRequestError(`${s.role} doesn't exist`);
  await client.services.roles.alterRole(s.role, await changesOf(client, s.options));
  return VOID_RESULT;
}

export async function dropRole(client: ClientAccess, s: DropRoleStatement): Promise<ExecutionResult> {
  const { roles, authorizer } = client.services;
  await client.ensurePermission('DROP', Resource.role(s.role));
  const exists = await roles.exists(s.role, { fresh: true });
  if (exists && (await roles.isSuperuser(s.role)) && !(await client.isSuperuser())) throw new UnauthorizedError('Only superusers can drop a role with superuser status');
  if (!exists) {
    if (s.ifExists) return VOID_RESULT;
    throw new InvalidRequestError(`${s.role} doesn't exist`);
  }
  if (client.user === s.role) throw new InvalidRequestError('Cannot DROP primary role for current login');
  await roles.dropRole(s.role);
  await authorizer?.revokeAllFrom(s.role);
  await authorizer?.revokeAllOn(Resource.role(s.role));
  return VOID_RESULT;
}

export async function listRoles(client: ClientAccess, s: ListRolesStatement): Promise<ExecutionResult> {
  const { roles, authorizer } = client.services;
  if (s.of !== null && !(await roles.exists(s.of))) throw new InvalidRequestError(`${s.of} doesn't exist`);
  // LIST USERS is LIST ROLES of nobody in particular, not recursive (ListUsersStatement).
  const recursive = s.form === 'users' ? false : s.recursive;
  const seesAll = authorizer === null || (await client.isSuperuser()) || (await authorizer.permissionsOn(await client.roleNames(), Resource.allRoles())).has('DESCRIBE');
  let listed;
  if (seesAll) {
    listed = s.of === null ? await roles.allRoles() : await roles.rolesOf(s.of, recursive);
  } else if (s.of === null) {
    listed = await roles.rolesOf(client.user, recursive);
  } else if ((await client.roleNames()).includes(s.of)) {
    listed = await roles.rolesOf(s.of, recursive);
  } else {
    // The trailing space is Cassandra's.
    throw new UnauthorizedError(`You are not authorized to view roles granted to ${s.of} `);
  }
  const sorted = [...listed].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return s.form === 'users' ? listUsersResult(sorted) : listRolesResult(sorted);
}

export async function grantRole(client: ClientAccess, s: GrantRoleStatement): Promise<ExecutionResult> {
  await client.ensurePermission('AUTHORIZE', Resource.role(s.role));
  await requireRoles(client, s.role, s.grantee);
  await client.services.roles.grantRole(s.role, s.grantee);
  return VOID_RESULT;
}

export async function revokeRole(client: ClientAccess, s: RevokeRoleStatement): Promise<ExecutionResult> {
  await client.ensurePermission('AUTHORIZE', Resource.role(s.role));
  await requireRoles(client, s.role, s.revokee);
  await client.services.roles.revokeRole(s.role, s.revokee);
  return VOID_RESULT;
}

async function requireRoles(client: ClientAccess, ...names: string[]): Promise<void> {
  for (const name of names) {
    if (!(await client.services.roles.exists(name, { fresh: true }))) throw new InvalidRequestError(`${name} doesn't exist`);
  }
}

/** RoleOptions.validate: what the role manager supports, and one password at most. */
function validateOptions(client: ClientAccess, options: RoleOptions): void {
  const supported = supportedOptions(client);
  for (const option of optionsWritten(options)) {
    if (!supported.includes(option)) throw new InvalidRequestError(`${ROLE_MANAGER} doesn't support ${option}`);
  }
  if (options.password !== null && options.hashedPassword !== null) throw new InvalidRequestError("Properties 'password' and 'hashed_password' are mutually exclusive");
  if (options.hashedPassword !== null && !isPasswordHash(options.hashedPassword)) {
    throw new InvalidRequestError('Invalid hashed password value. Please use a hash Sibyl wrote ($scrypt$ln=N,r=R,p=P$salt$key).');
  }
}

function optionsWritten(options: RoleOptions): OptionName[] {
  const written: OptionName[] = [];
  if (options.password !== null) written.push('PASSWORD');
  if (options.hashedPassword !== null) written.push('HASHED_PASSWORD');
  if (options.login !== null) written.push('LOGIN');
  if (options.superuser !== null) written.push('SUPERUSER');
  return written;
}

/** Passwords only when the PasswordAuthenticator reads them (CassandraRoleManager.supportedOptions). */
function supportedOptions(client: ClientAccess): readonly OptionName[] {
  return client.services.options.authenticator === 'PasswordAuthenticator' ? ['LOGIN', 'SUPERUSER', 'PASSWORD', 'HASHED_PASSWORD'] : ['LOGIN', 'SUPERUSER'];
}

/** What a role may change of itself (CassandraRoleManager.alterableOptions). */
function alterableOptions(client: ClientAccess): readonly OptionName[] {
  return client.services.options.authenticator === 'PasswordAuthenticator' ? ['PASSWORD', 'HASHED_PASSWORD'] : [];
}

async function changesOf(client: ClientAccess, options: RoleOptions): Promise<RoleChanges> {
  const saltedHash = options.password !== null ? await hashPassword(options.password, client.services.hashParameters) : options.hashedPassword;
  return {
    ...(options.superuser === null ? {} : { superuser: options.superuser }),
    ...(options.login === null ? {} : { login: options.login }),
    ...(saltedHash === null ? {} : { saltedHash }),
  };
}
