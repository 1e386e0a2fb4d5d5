/**
 * PasswordAuthenticator (Cassandra's, 4.1): one round of SASL PLAIN, the password checked
 * against the role's salted_hash, and the role allowed to log in. Refusals are Bad
 * credentials with Cassandra's messages: a wrong password and an unknown role read alike, so
 * a client cannot learn which roles exist.
 */

import { SibylError } from '../lib/errors.js';
import { authenticatorClassName } from './auth-options.js';
import { AuthenticationError } from './authentication-error.js';
import type { Authenticator, SaslNegotiator, SaslStep } from './authenticator.js';
import { verifyPassword } from './password-hash.js';
import type { RoleManager, RoleRecord } from './role-manager.js';
import { decodePlainCredentials } from './sasl-plain.js';

export class PasswordAuthenticator implements Authenticator {
  readonly className = authenticatorClassName('PasswordAuthenticator');

  constructor(private readonly roles: RoleManager) {}

  newSaslNegotiator(): SaslNegotiator {
    return { evaluateResponse: (token) => this.authenticate(token) };
  }

  private async authenticate(token: Uint8Array | null): Promise<SaslStep> {
    const { username, password } = decodePlainCredentials(token);
    const incorrect = new AuthenticationError(`Provided username ${username} and/or password are incorrect`);
    let role: RoleRecord | null;
    try {
      role = await this.roles.role(username);
    } catch (error) {
      if (!(error instanceof SibylError)) throw error;
      throw new AuthenticationError(`Unable to perform authentication: ${error.message}`);
    }
    if (role === null || role.saltedHash === null) throw incorrect;
    if (!(await verifyPassword(password, role.saltedHash))) throw incorrect;
    if (!role.canLogin) throw new AuthenticationError(`${username} is not permitted to log in`);
    return { kind: 'success', user: username, token: null };
  }
}
