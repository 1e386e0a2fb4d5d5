import { nodeCompanion } from './node-companion.js';

/** `GRANT role TO grantee`: grantee then holds role's permissions and superuser status. */
export interface GrantRoleStatement {
  readonly kind: 'GrantRoleStatement';
  readonly role: string;
  readonly grantee: string;
}

export const GrantRoleStatement = nodeCompanion<GrantRoleStatement>('GrantRoleStatement');
