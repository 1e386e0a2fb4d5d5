/** One node's auth services, as the statements of a session use them (node-auth.ts builds them). */

import type { CassandraAuthorizer } from './cassandra-authorizer.js';
import type { ResolvedAuthOptions } from './auth-options.js';
import type { PasswordHashParameters } from './password-hash.js';
import type { RoleManager } from './role-manager.js';

export interface AuthServices {
  readonly options: ResolvedAuthOptions;
  readonly roles: RoleManager;
  /** The permissions store; null under AllowAllAuthorizer (nothing is checked, GRANT is refused). */
  readonly authorizer: CassandraAuthorizer | null;
  /** What new password hashes cost. */
  readonly hashParameters: PasswordHashParameters;
}
