/**
 * Permissions in system_auth (Cassandra's CassandraAuthorizer): `role_permissions` holds, per
 * role and resource name, the set of permissions granted; `resource_role_permissons_index`
 * lists, per resource, the roles holding any, so that dropping a keyspace, a table or a role
 * revokes every grant on it. Reads at LOCAL_QUORUM, writes at EACH_QUORUM; each role's grants
 * are cached per node as one map (auth-cache.ts), loaded by one partition read.
 */

import type { Clock } from '../lib/clock.js';
import { AuthCache } from './auth-cache.js';
import { authLimits } from './auth-options.js';
import type { InternalQueries } from './internal-queries.js';
import { isPermission, permissionOrdinal, type Permission } from './permission.js';
import { compareResources, resourceFromName, resourceName, type Resource } from './resource.js';
import { compareNames } from './role-manager.js';

/** One row of LIST PERMISSIONS: a permission a role holds on a resource. */
export interface PermissionDetails {
  readonly grantee: string;
  readonly resource: Resource;
  readonly permission: Permission;
}

/** A role's grants: resource name to permissions. */
type RoleGrants = ReadonlyMap<string, ReadonlySet<Permission>>;

const READ = 'LOCAL_QUORUM';
const WRITE = 'EACH_QUORUM';

export class CassandraAuthorizer {
  private readonly cache: AuthCache<string, RoleGrants>;

  constructor(
    private readonly queries: InternalQueries,
    clock: Clock,
    cacheValidityMs: number,
  ) {
    this.cache = new AuthCache((role) => this.load(role), clock, cacheValidityMs, authLimits.cacheEntriesMax);
  }

  /** The permissions any of `roles` holds on exactly `resource` (not its parents). */
  async permissionsOn(roles: readonly string[], resource: Resource): Promise<Set<Permission>> {
    const name = resourceName(resource);
    const held = new Set<Permission>();
    for (const grants of await Promise.all(roles.map((role) => this.cache.get(role)))) {
      for (const permission of grants.get(name) ?? []) held.add(permission);
    }
    return held;
  }

  async grant(permissions: readonly Permission[], resource: Resource, grantee: string): Promise<void> {
    const name = resourceName(resource);
    await this.queries.write('UPDATE system_auth.role_permissions SET permissions = permissions + ? WHERE role = ? AND resource = ?', [[...permissions], grantee, name], WRITE);
    await this.queries.write('INSERT INTO system_auth.resource_role_permissons_index (resource, role) VALUES (?, ?)', [name, grantee], WRITE);
    this.cache.invalidate(grantee);
  }

  async revoke(permissions: readonly Permission[], resource: Resource, revokee: string): Promise<void> {
    const name = resourceName(resource);
    const before = (await this.load(revokee)).get(name) ?? new Set<Permission>();
    if (!permissions.some((p) => before.has(p))) return;
    await this.queries.write('UPDATE system_auth.role_permissions SET permissions = permissions - ? WHERE role = ? AND resource = ?', [[...permissions], revokee, name], WRITE);
    // The index row goes once the role holds nothing on the resource.
    if ([...before].every((p) => permissions.includes(p))) {
      await this.queries.write('DELETE FROM system_auth.resource_role_permissons_index WHERE resource = ? AND role = ?', [name, revokee], WRITE);
    }
    this.cache.invalidate(revokee);
  }

  /**
   * LIST PERMISSIONS: the grants of `permissions` on `resources` (null: every resource) held by
   * `grantees` (null: every role), sorted as Cassandra sorts them (grantee, resource name,
   * permission order).
   */
  async list(permissions: readonly Permission[], resources: readonly Resource[] | null, grantees: readonly string[] | null): Promise<PermissionDetails[]> {
    const wanted = new Set(permissions);
    const onResources = resources === null ? null : new Set(resources.map(resourceName));
    const rows =
      grantees === null
        ? await this.queries.rows('SELECT role, resource, permissions FROM system_auth.role_permissions', [], READ, authLimits.listRowsMax)
        : (await Promise.all(grantees.map((role) => this.queries.rows('SELECT role, resource, permissions FROM system_auth.role_permissions WHERE role = ?', [role], READ, authLimits.listRowsMax)))).flat();
    const details: PermissionDetails[] = [];
    for (const row of rows) {
      const name = row.get('resource') as string;
      const resource = resourceFromName(name);
      if (resource === null || (onResources !== null && !onResources.has(name))) continue;
      for (const permission of (row.get('permissions') as string[] | null) ?? []) {
        if (isPermission(permission) && wanted.has(permission)) details.push({ grantee: row.get('role') as string, resource, permission });
      }
    }
    return details.sort(
      (a, b) => compareNames(a.grantee, b.grantee) || compareResources(a.resource, b.resource) || permissionOrdinal(a.permission) - permissionOrdinal(b.permission),
    );
  }

  /** Every grant held by the role (it is being dropped). */
  async revokeAllFrom(role: string): Promise<void> {
    for (const name of (await this.load(role)).keys()) {
      await this.queries.write('DELETE FROM system_auth.resource_role_permissons_index WHERE resource = ? AND role = ?', [name, role], WRITE);
    }
    await this.queries.write('DELETE FROM system_auth.role_permissions WHERE role = ?', [role], WRITE);
    this.cache.invalidate(role);
  }

  /** Every grant on the resource (it is being dropped). */
  async revokeAllOn(resource: Resource): Promise<void> {
    const name = resourceName(resource);
    const rows = await this.queries.rows('SELECT role FROM system_auth.resource_role_permissons_index WHERE resource = ?', [name], READ, authLimits.listRowsMax);
    for (const row of rows) {
      const role = row.get('role') as string;
      await this.queries.write('DELETE FROM system_auth.role_permissions WHERE role = ? AND resource = ?', [role, name], WRITE);
      this.cache.invalidate(role);
    }
    await this.queries.write('DELETE FROM system_auth.resource_role_permissons_index WHERE resource = ?', [name], WRITE);
  }

  /** The resources below `parent` anyone holds grants on (the tables of a keyspace being dropped). */
  async grantedResourcesUnder(parent: Resource): Promise<Resource[]> {
    const prefix = `${resourceName(parent)}/`;
    const rows = await this.queries.rows('SELECT resource FROM system_auth.resource_role_permissons_index', [], READ, authLimits.listRowsMax);
    const names = new Set(rows.map((row) => row.get('resource') as string).filter((name) => name.startsWith(prefix)));
    return [...names].flatMap((name) => resourceFromName(name) ?? []);
  }

  invalidate(role: string): void {
    this.cache.invalidate(role);
  }

  private async load(role: string): Promise<RoleGrants> {
    const rows = await this.queries.rows('SELECT resource, permissions FROM system_auth.role_permissions WHERE role = ?', [role], READ, authLimits.listRowsMax);
    const grants = new Map<string, ReadonlySet<Permission>>();
    for (const row of rows) {
      const permissions = ((row.get('permissions') as string[] | null) ?? []).filter(isPermission);
      if (permissions.length > 0) grants.set(row.get('resource') as string, new Set(permissions));
    }
    return grants;
  }
}
