import type { Permission } from '../../auth/permission.js';
import type { AuthResource } from './auth-resource.js';
import { nodeCompanion } from './node-companion.js';

/**
 * `LIST {ALL [PERMISSIONS] | p [PERMISSION]} [ON resource] [OF role] [NORECURSIVE]`: the
 * permissions granted on the resource (and, unless NORECURSIVE, on its parents) to the role and
 * the roles it holds; every role's with no OF. `permissions` unfiltered (ALL: every one).
 */
export interface ListPermissionsStatement {
  readonly kind: 'ListPermissionsStatement';
  readonly permissions: readonly Permission[];
  readonly resource: AuthResource | null;
  readonly of: string | null;
  readonly recursive: boolean;
}

export const ListPermissionsStatement = nodeCompanion<ListPermissionsStatement>('ListPermissionsStatement');
