/**
 * One cluster node's authentication and authorization (Cassandra's AuthConfig + the setup that
 * StorageService runs at start): built once the node runs, before its native server listens.
 *
 *   start    writes system_auth's schema (fixed-timestamp rows, system-auth-keyspace.ts) and
 *            announces it, then sets up the default superuser in the background, trying again
 *            every setupRetryMs while the ring cannot answer at LOCAL_QUORUM; `ready` resolves
 *            once it is done
 *   serving  `authenticator` for the native server (PasswordAuthenticator), and `accessFor(user)`
 *            for each logged-in connection's statements
 */

import type { TimerHandle, Timers } from '../actors/timers.js';
import type { Clock } from '../lib/clock.js';
import { SibylError } from '../lib/errors.js';
import type { ResolvedAuthOptions } from './auth-options.js';
import { authLimits } from './auth-options.js';
import type { AuthServices } from './auth-services.js';
import type { Authenticator } from './authenticator.js';
import { CassandraAuthorizer } from './cassandra-authorizer.js';
import { ClientAccess } from './client-access.js';
import { InternalQueries, type AuthNode } from './internal-queries.js';
import { PasswordAuthenticator } from './password-authenticator.js';
import { DEFAULT_HASH_PARAMETERS, type PasswordHashParameters } from './password-hash.js';
import { RoleManager } from './role-manager.js';
import { systemAuthSchemaMutations } from './system-auth-keyspace.js';

export interface NodeAuthDependencies {
  readonly clock: Clock;
  readonly timers: Timers;
  /** What new password hashes cost (tests lower it). */
  readonly hashParameters?: PasswordHashParameters;
}

export class NodeAuth implements AuthServices {
  readonly roles: RoleManager;
  readonly authorizer: CassandraAuthorizer | null;
  /** Absent under AllowAllAuthenticator: connections are ready at STARTUP. */
  readonly authenticator: Authenticator | undefined;
  readonly hashParameters: PasswordHashParameters;
  /** Resolves once the default superuser is set up (or roles were found). */
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private markFailed!: (error: unknown) => void;
  private setupTimer: TimerHandle | null = null;
  private closed = false;

  private constructor(
    readonly options: ResolvedAuthOptions,
    private readonly dependencies: NodeAuthDependencies,
    queries: InternalQueries,
  ) {
    this.hashParameters = dependencies.hashParameters ?? DEFAULT_HASH_PARAMETERS;
    this.roles = new RoleManager(queries, dependencies.clock, options.cacheValidityMs);
    this.authorizer = options.authorizer === 'CassandraAuthorizer' ? new CassandraAuthorizer(queries, dependencies.clock, options.cacheValidityMs) : null;
    this.authenticator = options.authenticator === 'PasswordAuthenticator' ? new PasswordAuthenticator(this.roles) : undefined;
    this.ready = new Promise((resolve, reject) => {
      this.markReady = resolve;
      this.markFailed = reject;
    });
    // Awaited by whoever needs it; a failure must not also be an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  static async start(node: AuthNode, options: ResolvedAuthOptions, dependencies: NodeAuthDependencies): Promise<NodeAuth> {
    await node.catalog.evolveKeyspace(systemAuthSchemaMutations(options.replicationFactor, dependencies.clock.nowSeconds()));
    const auth = new NodeAuth(options, dependencies, new InternalQueries(node, dependencies.clock));
    auth.setUpDefaultRole();
    return auth;
  }

  /** The access control of a connection logged in as `user`. */
  accessFor(user: string): ClientAccess {
    return new ClientAccess(user, this);
  }

  /** Stops the default role's setup if it is still trying (the node stops). */
  close(): void {
    this.closed = true;
    if (this.setupTimer !== null) this.dependencies.timers.clearTimeout(this.setupTimer);
    this.setupTimer = null;
  }

  private setUpDefaultRole(): void {
    this.setupTimer = null;
    if (this.closed) return;
    this.roles.setupDefaultRole().then(
      () => this.markReady(),
      (error: unknown) => {
        // Not an operating error (Unavailable, a timeout): a bug, which trying again would hide.
        if (!(error instanceof SibylError)) return this.markFailed(error);
        // The ring is still forming, or replicas are down: try again.
        if (!this.closed) this.setupTimer = this.dependencies.timers.setTimeout(() => this.setUpDefaultRole(), authLimits.setupRetryMs);
      },
    );
  }
}
