import { nodeCompanion } from './node-companion.js';

/**
 * `LIST ROLES [OF r] [NORECURSIVE]`, and `LIST USERS` (`form` 'users': the roles that can log
 * in, in Cassandra's older columns).
 */
export interface ListRolesStatement {
  readonly kind: 'ListRolesStatement';
  readonly of: string | null;
  readonly recursive: boolean;
  readonly form: 'roles' | 'users';
}

export const ListRolesStatement = nodeCompanion<ListRolesStatement>('ListRolesStatement');
