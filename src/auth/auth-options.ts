/**
 * How a cluster authenticates and authorizes (cassandra.yaml's authenticator, authorizer,
 * roles_validity, permissions_validity), with Cassandra's class names and defaults:
 * AllowAllAuthenticator and AllowAllAuthorizer, i.e. no login and no checks.
 */

import { InvalidRequestError } from '../lib/errors.js';

export type AuthenticatorName = 'AllowAllAuthenticator' | 'PasswordAuthenticator';
export type AuthorizerName = 'AllowAllAuthorizer' | 'CassandraAuthorizer';

export interface AuthOptions {
  /** Default AllowAllAuthenticator; PasswordAuthenticator asks every connection to log in. */
  readonly authenticator?: AuthenticatorName;
  /** Default AllowAllAuthorizer; CassandraAuthorizer checks each statement against granted permissions. */
  readonly authorizer?: AuthorizerName;
  /** system_auth's SimpleStrategy replication factor when first created (default min(3, nodes)). */
  readonly replicationFactor?: number;
  /** How long a node serves roles and permissions it read before reading again (default 2000, Cassandra's). */
  readonly cacheValidityMs?: number;
}

/** Every setting decided. */
export interface ResolvedAuthOptions {
  readonly authenticator: AuthenticatorName;
  readonly authorizer: AuthorizerName;
  readonly replicationFactor: number;
  readonly cacheValidityMs: number;
}

export const authLimits = Object.freeze({
  /** Cassandra's roles_validity and permissions_validity. */
  cacheValidityMsDefault: 2000,
  /** Roles (and their permission sets) a node caches at most. */
  cacheEntriesMax: 10_000,
  /** How deep GRANT role TO role may nest before the role manager stops following (a cycle is refused at GRANT). */
  roleNestingMax: 64,
  /** Between tries of the default superuser's setup while the ring cannot answer at LOCAL_QUORUM. */
  setupRetryMs: 500,
  /** Rows LIST ROLES / LIST PERMISSIONS read at most. */
  listRowsMax: 100_000,
});

const PACKAGE = 'org.apache.cassandra.auth.';

/** Whether any part of auth is on (then system_auth exists). */
export function authEnabled(options: AuthOptions | undefined): options is AuthOptions {
  return options !== undefined && ((options.authenticator ?? 'AllowAllAuthenticator') !== 'AllowAllAuthenticator' || (options.authorizer ?? 'AllowAllAuthorizer') !== 'AllowAllAuthorizer');
}

/** Checks the combination as Cassandra's AuthConfig does, and fills in defaults. */
export function resolveAuthOptions(options: AuthOptions, nodes: number): ResolvedAuthOptions {
  const authenticator = unqualified(options.authenticator ?? 'AllowAllAuthenticator');
  const authorizer = unqualified(options.authorizer ?? 'AllowAllAuthorizer');
  if (authenticator !== 'AllowAllAuthenticator' && authenticator !== 'PasswordAuthenticator') {
    throw new InvalidRequestError(`Unknown authenticator ${authenticator}: AllowAllAuthenticator or PasswordAuthenticator`);
  }
  if (authorizer !== 'AllowAllAuthorizer' && authorizer !== 'CassandraAuthorizer') {
    throw new InvalidRequestError(`Unknown authorizer ${authorizer}: AllowAllAuthorizer or CassandraAuthorizer`);
  }
  if (authenticator === 'AllowAllAuthenticator' && authorizer !== 'AllowAllAuthorizer') {
    throw new InvalidRequestError(`AllowAllAuthenticator can't be used with ${authorizer}`);
  }
  const replicationFactor = options.replicationFactor ?? Math.min(3, nodes);
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1) throw new InvalidRequestError(`auth.replicationFactor must be a positive integer, not ${replicationFactor}`);
  const cacheValidityMs = options.cacheValidityMs ?? authLimits.cacheValidityMsDefault;
  if (!Number.isFinite(cacheValidityMs) || cacheValidityMs < 0) throw new InvalidRequestError(`auth.cacheValidityMs must be 0 or more, not ${cacheValidityMs}`);
  return { authenticator, authorizer, replicationFactor, cacheValidityMs };
}

/** The class name AUTHENTICATE carries, and error messages use. */
export function authenticatorClassName(name: AuthenticatorName): string {
  return PACKAGE + name;
}

function unqualified<T extends string>(name: T): T {
  return (name.startsWith(PACKAGE) ? name.slice(PACKAGE.length) : name) as T;
}
