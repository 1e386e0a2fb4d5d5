/**
 * Cassandra's permissions (auth/Permission.java, 4.1), in its enum order, which LIST PERMISSIONS
 * sorts by, and which of them each kind of resource takes (DataResource and RoleResource
 * `applicablePermissions`). `GRANT ALL` grants exactly the applicable ones.
 *
 * A leaf module: the parser reads it to refuse `GRANT CREATE ON TABLE t` as Cassandra's
 * grammar does (`filterPermissions`).
 */

export const PERMISSIONS = ['CREATE', 'ALTER', 'DROP', 'SELECT', 'MODIFY', 'AUTHORIZE', 'DESCRIBE', 'EXECUTE'] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** Where a resource sits: the data hierarchy (all keyspaces > keyspace > table) or the roles one. */
export type ResourceLevel = 'allKeyspaces' | 'keyspace' | 'table' | 'allRoles' | 'role';

const KEYSPACE_LEVEL: readonly Permission[] = Object.freeze(['CREATE', 'ALTER', 'DROP', 'SELECT', 'MODIFY', 'AUTHORIZE']);
const TABLE_LEVEL: readonly Permission[] = Object.freeze(['ALTER', 'DROP', 'SELECT', 'MODIFY', 'AUTHORIZE']);
const ROOT_ROLE_LEVEL: readonly Permission[] = Object.freeze(['CREATE', 'ALTER', 'DROP', 'AUTHORIZE', 'DESCRIBE']);
const ROLE_LEVEL: readonly Permission[] = Object.freeze(['ALTER', 'DROP', 'AUTHORIZE']);

const APPLICABLE: Readonly<Record<ResourceLevel, readonly Permission[]>> = {
  allKeyspaces: KEYSPACE_LEVEL,
  keyspace: KEYSPACE_LEVEL,
  table: TABLE_LEVEL,
  allRoles: ROOT_ROLE_LEVEL,
  role: ROLE_LEVEL,
};

/** The permissions a resource at `level` can be granted, in enum order. */
export function applicablePermissions(level: ResourceLevel): readonly Permission[] {
  return APPLICABLE[level];
}

/** The Java class name Cassandra's messages use for a level (`Resource type DataResource ...`). */
export function resourceClassName(level: ResourceLevel): string {
  return level === 'allRoles' || level === 'role' ? 'RoleResource' : 'DataResource';
}

export function isPermission(word: string): word is Permission {
  return (PERMISSIONS as readonly string[]).includes(word);
}

/** Enum order, for sorting. */
export function permissionOrdinal(permission: Permission): number {
  return PERMISSIONS.indexOf(permission);
}
