/**
 * What permissions are granted on (Cassandra's IResource): the data hierarchy and the roles
 * hierarchy, each with its root.
 *
 *   data             <all keyspaces>      roles        <all roles>
 *   data/ks          <keyspace ks>        roles/r      <role r>
 *   data/ks/t        <table ks.t>
 *
 * The name (left) is what system_auth.role_permissions stores in `resource`; the text (right)
 * is how Cassandra's messages and LIST PERMISSIONS print a resource. A permission granted on a
 * resource counts for every resource below it (`resourceChain`).
 */

import { applicablePermissions, type Permission, type ResourceLevel } from './permission.js';

export type Resource =
  | { readonly level: 'allKeyspaces' }
  | { readonly level: 'keyspace'; readonly keyspace: string }
  | { readonly level: 'table'; readonly keyspace: string; readonly table: string }
  | { readonly level: 'allRoles' }
  | { readonly level: 'role'; readonly role: string };

const ALL_KEYSPACES: Resource = Object.freeze({ level: 'allKeyspaces' });
const ALL_ROLES: Resource = Object.freeze({ level: 'allRoles' });

export const Resource = Object.freeze({
  allKeyspaces: (): Resource => ALL_KEYSPACES,
  keyspace: (keyspace: string): Resource => Object.freeze({ level: 'keyspace', keyspace }),
  table: (keyspace: string, table: string): Resource => Object.freeze({ level: 'table', keyspace, table }),
  allRoles: (): Resource => ALL_ROLES,
  role: (role: string): Resource => Object.freeze({ level: 'role', role }),
});

const DATA = 'data';
const ROLES = 'roles';

/** The stored name: `data/ks/t`, `roles/r`. */
export function resourceName(resource: Resource): string {
  switch (resource.level) {
    case 'allKeyspaces':
      return DATA;
    case 'keyspace':
      return `${DATA}/${resource.keyspace}`;
    case 'table':
      return `${DATA}/${resource.keyspace}/${resource.table}`;
    case 'allRoles':
      return ROLES;
    case 'role':
      return `${ROLES}/${resource.role}`;
  }
}

/** A stored name back to its resource; null for a name of a kind not built here (functions, mbeans). */
export function resourceFromName(name: string): Resource | null {
  const parts = name.split('/');
  const [root] = parts;
  if (root === DATA) {
    if (parts.length === 1) return ALL_KEYSPACES;
    if (parts.length === 2) return Resource.keyspace(parts[1]!);
    if (parts.length === 3) return Resource.table(parts[1]!, parts[2]!);
    return null;
  }
  if (root === ROLES) {
    if (parts.length === 1) return ALL_ROLES;
    // A role name may hold '/': everything after the first one is the name.
    return Resource.role(name.slice(ROLES.length + 1));
  }
  return null;
}

/** How Cassandra prints it: `<table ks.t>`. */
export function resourceText(resource: Resource): string {
  switch (resource.level) {
    case 'allKeyspaces':
      return '<all keyspaces>';
    case 'keyspace':
      return `<keyspace ${resource.keyspace}>`;
    case 'table':
      return `<table ${resource.keyspace}.${resource.table}>`;
    case 'allRoles':
      return '<all roles>';
    case 'role':
      return `<role ${resource.role}>`;
  }
}

/** The resource, then each parent up to its root (Cassandra's Resources.chain). */
export function resourceChain(resource: Resource): Resource[] {
  switch (resource.level) {
    case 'allKeyspaces':
    case 'allRoles':
      return [resource];
    case 'keyspace':
      return [resource, ALL_KEYSPACES];
    case 'table':
      return [resource, Resource.keyspace(resource.keyspace), ALL_KEYSPACES];
    case 'role':
      return [resource, ALL_ROLES];
  }
}

export function resourcePermissions(resource: Resource): readonly Permission[] {
  return applicablePermissions(resource.level satisfies ResourceLevel);
}

/** Resources compare by stored name (LIST PERMISSIONS' order after the grantee). */
export function compareResources(a: Resource, b: Resource): number {
  const x = resourceName(a);
  const y = resourceName(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
