/**
 * The system_auth keyspace as Cassandra 4.1 defines it (auth/AuthKeyspace.java): its tables in
 * CQL, and the schema mutations that create it. Every node writes the same mutations at a
 * fixed timestamp (Cassandra's evolveSystemKeyspace): the same keyspace row (SimpleStrategy,
 * the configured factor), the same table UUIDs (TableId.forSystemTable's MD5 of the names) and
 * storage ids (hashed from the UUIDs, as any table's), so nodes starting at once converge on
 * one schema, and an operator's ALTER KEYSPACE system_auth (a real timestamp) wins for good.
 *
 *   roles                           role -> is_superuser, can_login, salted_hash, member_of
 *   role_members                    (role, member): who holds each role
 *   role_permissions                (role, resource) -> permissions
 *   resource_role_permissons_index  (resource, role): who holds permissions on a resource
 *                                   (the misspelling is Cassandra's)
 *   network_permissions             role -> dcs (ACCESS TO DATACENTERS; not used yet)
 *
 * Schema changes inside system_auth other than ALTER KEYSPACE are refused for everyone, as
 * Cassandra's ClientState.preventSystemKSSchemaModification refuses them.
 */

import { UnauthorizedError } from '../lib/errors.js';
import type { WriteMutation } from '../storage/storage-engine.js';
import type { CreateTableStatement } from '../cql/ast/create-table-statement.js';
import type { CreateTypeStatement } from '../cql/ast/create-type-statement.js';
import type { AlterTableStatement } from '../cql/ast/alter-table-statement.js';
import type { DropKeyspaceStatement } from '../cql/ast/drop-keyspace-statement.js';
import type { DropTableStatement } from '../cql/ast/drop-table-statement.js';
import type { DropTypeStatement } from '../cql/ast/drop-type-statement.js';
import { keyspaceMutation, tableMutations } from '../cql/catalog/schema-rows.js';
import { systemTableUuid } from '../cql/catalog/system-schema-rows.js';
import { storageIdOf } from '../cql/catalog/table-identity.js';
import { parseStatement } from '../cql/parser/parser.js';
import type { KeyspaceMetadata } from '../cql/schema/keyspace-metadata.js';
import { tableFromCreate, type TableMetadata } from '../cql/schema/table-metadata.js';
import type { WriteAttributes } from '../cql/rows/write-attributes.js';
import { resourceText, Resource } from './resource.js';
import type { Permission } from './permission.js';

export const SYSTEM_AUTH = 'system_auth';
export const ROLES = 'roles';
export const ROLE_MEMBERS = 'role_members';
export const ROLE_PERMISSIONS = 'role_permissions';
export const RESOURCE_ROLE_INDEX = 'resource_role_permissons_index';
export const NETWORK_PERMISSIONS = 'network_permissions';

/** AuthKeyspace.GENERATION: the timestamp of every node's system_auth schema rows. */
const SCHEMA_TIMESTAMP = 0n;

/** 90 days, AuthKeyspace's gc_grace_seconds: a dropped role's tombstone must outlive any node's absence. */
const GC_GRACE_SECONDS = 90 * 24 * 3600;

const definitions: ReadonlyArray<readonly [name: string, comment: string, columns: string]> = [
  [ROLES, 'role definitions', 'role text, is_superuser boolean, can_login boolean, salted_hash text, member_of set<text>, PRIMARY KEY (role)'],
  [ROLE_MEMBERS, 'role memberships lookup table', 'role text, member text, PRIMARY KEY (role, member)'],
  [ROLE_PERMISSIONS, 'permissions granted to db roles', 'role text, resource text, permissions set<text>, PRIMARY KEY (role, resource)'],
  [RESOURCE_ROLE_INDEX, 'index of db roles with permissions granted on a resource', 'resource text, role text, PRIMARY KEY (resource, role)'],
  [NETWORK_PERMISSIONS, 'user network permissions', 'role text, dcs frozen<set<text>>, PRIMARY KEY (role)'],
];

function authTable(name: string, comment: string, columns: string): { table: TableMetadata; uuid: string } {
  const uuid = systemTableUuid(SYSTEM_AUTH, name);
  const cql = `CREATE TABLE ${SYSTEM_AUTH}.${name} (${columns}) WITH comment = '${comment}' AND gc_grace_seconds = ${GC_GRACE_SECONDS}`;
  const table = tableFromCreate(parseStatement(cql) as CreateTableStatement, { keyspace: SYSTEM_AUTH, tableId: storageIdOf(uuid), resolveUserType: () => null });
  return { table, uuid };
}

const TABLES = Object.freeze(definitions.map(([name, comment, columns]) => authTable(name, comment, columns)));

/** The schema mutations that create system_auth with SimpleStrategy and `replicationFactor`. */
export function systemAuthSchemaMutations(replicationFactor: number, nowSeconds: number): WriteMutation[] {
  const attributes: WriteAttributes = { timestamp: SCHEMA_TIMESTAMP, ttl: 0, nowSeconds };
  const keyspace: KeyspaceMetadata = { name: SYSTEM_AUTH, replication: { class: 'SimpleStrategy', replicationFactor }, durableWrites: true };
  return [keyspaceMutation(keyspace, attributes), ...TABLES.flatMap(({ table, uuid }) => tableMutations(table, uuid, attributes))];
}

type SchemaStatement = DropKeyspaceStatement | CreateTableStatement | AlterTableStatement | DropTableStatement | CreateTypeStatement | DropTypeStatement;

/** The statement, unless it changes the schema inside system_auth (Unauthorized, Cassandra's words). */
export function refuseSystemAuthSchemaChange<S extends SchemaStatement>(statement: S, sessionKeyspace: string | null): S {
  const refused = (permission: Permission, resource: Resource): never => {
    throw new UnauthorizedError(`Cannot ${permission} ${resourceText(resource)}`);
  };
  switch (statement.kind) {
    case 'DropKeyspaceStatement':
      if (statement.keyspace === SYSTEM_AUTH) refused('DROP', Resource.keyspace(SYSTEM_AUTH));
      return statement;
    case 'CreateTableStatement':
      if ((statement.table.keyspace ?? sessionKeyspace) === SYSTEM_AUTH) refused('CREATE', Resource.keyspace(SYSTEM_AUTH));
      return statement;
    case 'AlterTableStatement':
      if ((statement.table.keyspace ?? sessionKeyspace) === SYSTEM_AUTH) refused('ALTER', Resource.table(SYSTEM_AUTH, statement.table.name));
      return statement;
    case 'DropTableStatement':
      if ((statement.table.keyspace ?? sessionKeyspace) === SYSTEM_AUTH) refused('DROP', Resource.table(SYSTEM_AUTH, statement.table.name));
      return statement;
    case 'CreateTypeStatement':
      if ((statement.type.keyspace ?? sessionKeyspace) === SYSTEM_AUTH) refused('CREATE', Resource.keyspace(SYSTEM_AUTH));
      return statement;
    case 'DropTypeStatement':
      if ((statement.type.keyspace ?? sessionKeyspace) === SYSTEM_AUTH) refused('DROP', Resource.keyspace(SYSTEM_AUTH));
      return statement;
  }
  return statement;
}
