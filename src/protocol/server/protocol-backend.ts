/**
 * What the native protocol needs from the database, and nothing more (ADR 0013): the server
 * decodes requests and encodes replies; a backend runs statements. The real backend (slice 2)
 * wraps a node's Database; the NullBackend answers at once and is the benchmarks' ceiling.
 *
 * Values arrive as the wire carries them (bytes, null or unset) because only the backend
 * knows the statement's types; types/cell-values.ts turns them into JS values. A backend may
 * answer synchronously (no promise, no microtask) or with a promise; it signals failure by
 * throwing or rejecting with a SibylError (or UnpreparedError), which the connection maps to
 * an ERROR body (messages/error-body-of.ts). USE is an ordinary QUERY: its Set_keyspace result
 * is what moves the session's keyspace (the connection applies it).
 */

import type { Authenticator } from '../../auth/authenticator.js';
import type { BatchRequest } from '../messages/batch.js';
import type { ExecuteRequest } from '../messages/execute.js';
import type { PrepareRequest } from '../messages/prepare.js';
import type { QueryParameters } from '../messages/query-parameters.js';
import type { PreparedResult, Result } from '../messages/result.js';

export type MaybePromise<T> = T | Promise<T>;

/** One connection's client state (Cassandra's ClientState), as a backend may read it. */
export interface SessionView {
  /** Set by USE; unqualified names resolve to it. */
  readonly keyspace: string | null;
  readonly protocolVersion: number;
  /** The server end of the connection: the node's own address as the client reached it. */
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** The client's STARTUP options (DRIVER_NAME, DRIVER_VERSION, CLIENT_ID...). */
  readonly clientOptions: ReadonlyMap<string, string>;
  /** The role the connection logged in as (AUTH_SUCCESS); absent or null without authentication. */
  readonly user?: string | null;
}

export interface ProtocolBackend {
  /** Who may connect (src/auth, Cassandra's IAuthenticator); absent: everyone (AllowAllAuthenticator, READY at STARTUP). */
  readonly authenticator?: Authenticator | undefined;
  query(query: string, parameters: QueryParameters, session: SessionView): MaybePromise<Result>;
  prepare(request: PrepareRequest, session: SessionView): MaybePromise<PreparedResult>;
  execute(request: ExecuteRequest, session: SessionView): MaybePromise<Result>;
  batch(request: BatchRequest, session: SessionView): MaybePromise<Result>;
}
