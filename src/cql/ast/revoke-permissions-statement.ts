import type { Permission } from '../../auth/permission.js';
import type { AuthResource } from './auth-resource.js';
import { nodeCompanion } from './node-companion.js';

/** `REVOKE {ALL [PERMISSIONS] | p [PERMISSION]} ON resource FROM revokee`. */
export interface RevokePermissionsStatement {
  readonly kind: 'RevokePermissionsStatement';
  readonly permissions: readonly Permission[];
  readonly resource: AuthResource;
  readonly revokee: string;
}

export const RevokePermissionsStatement = nodeCompanion<RevokePermissionsStatement>('RevokePermissionsStatement');
