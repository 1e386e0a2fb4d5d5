import type { Permission } from '../../auth/permission.js';
import type { AuthResource } from './auth-resource.js';
import { nodeCompanion } from './node-companion.js';

/**
 * `GRANT {ALL [PERMISSIONS] | p [PERMISSION]} ON resource TO grantee`. `permissions` are those
 * the resource takes (ALL: every one; the parser refuses a single one it does not take).
 */
export interface GrantPermissionsStatement {
  readonly kind: 'GrantPermissionsStatement';
  readonly permissions: readonly Permission[];
  readonly resource: AuthResource;
  readonly grantee: string;
}

export const GrantPermissionsStatement = nodeCompanion<GrantPermissionsStatement>('GrantPermissionsStatement');
