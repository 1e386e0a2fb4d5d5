/**
 * A login refused (Cassandra's AuthenticationException): ERROR Bad credentials (0x0100). The
 * connection stays unauthenticated, and its client may answer again.
 */

import { CqlErrorCode, SibylError } from '../lib/errors.js';

export class AuthenticationError extends SibylError {
  override readonly name = 'AuthenticationError';
  readonly code = CqlErrorCode.badCredentials;
}
