import type { QualifiedName } from './qualified-name.js';

/**
 * What a GRANT, REVOKE or LIST PERMISSIONS names (Parser.g's `resource`): ALL KEYSPACES,
 * KEYSPACE ks, [TABLE] [ks.]t (keyspace null: the session's), ALL ROLES, ROLE r. Plain data;
 * src/auth resolves it to a Resource.
 */
export type AuthResource =
  | { readonly kind: 'AllKeyspacesResource' }
  | { readonly kind: 'KeyspaceResource'; readonly keyspace: string }
  | { readonly kind: 'TableResource'; readonly table: QualifiedName }
  | { readonly kind: 'AllRolesResource' }
  | { readonly kind: 'RoleResource'; readonly role: string };
