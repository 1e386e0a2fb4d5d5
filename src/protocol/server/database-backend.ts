/**
 * The real backend (ADR 0013 slice 2): native protocol requests run on one node's Database
 * session, as Cassandra's QueryProcessor runs them on the node a client reached.
 *
 *   QUERY     no values: run as written. With values: prepared first (kept by keyspace and
 *             text), since only the statement's markers know how to decode the bytes, as
 *             Cassandra's QueryMessage does; named values bind by variable name.
 *   PREPARE   Database.prepare's metadata as RESULT Prepared, kept in this node's cache by id
 *             (MD5 of the keyspace-qualified text: the same on every node and after restarts)
 *   EXECUTE   by id from the cache; an id not there (never prepared here, evicted, or the node
 *             restarted) is Unprepared 0x2500 with the id, and the driver re-prepares
 *   BATCH     query and prepared children, their values decoded with each child's types,
 *             as one LOGGED, UNLOGGED or COUNTER batch
 *   each      the request's consistency, page size and paging state (node-independent: the
 *             next page may come to another node), client timestamp (flag 0x20) as the write
 *             timestamp, the connection's keyspace (USE answers Set_keyspace; the connection
 *             keeps it, so this backend's Database session never moves)
 *
 * With auth (src/auth, a NodeAuth of the node), the authenticator is the server's, and each
 * request of a logged-in connection runs with that role's access control, which authorizes
 * the statement before it runs and runs role and permission statements.
 *
 * The serial consistency is read by the message layer and accepted; it would matter only for
 * lightweight transactions. A prepared statement outlives schema changes: when the schema
 * version moved since it was prepared, it is prepared again under the same id (a changed
 * table, new result columns), and forgotten if that now fails (its table was dropped), so
 * the client sees the error the statement now gets.
 */

import type { Database, RawQueryOptions } from '../../api/database.js';
import type { Authenticator } from '../../auth/authenticator.js';
import type { NodeAuth } from '../../auth/node-auth.js';
import type { StatementAccess } from '../../cql/executor/statement-access.js';
import type { BatchQuery } from '../../api/query-options.js';
import { assert } from '../../lib/assert.js';
import type { PreparedStatement } from '../../cql/prepare/prepared-statement.js';
import type { BatchRequest } from '../messages/batch.js';
import type { ExecuteRequest } from '../messages/execute.js';
import type { PrepareRequest } from '../messages/prepare.js';
import type { QueryParameters } from '../messages/query-parameters.js';
import { VOID_RESULT, type PreparedResult, type Result } from '../messages/result.js';
import { bytesEqual } from '../../storage/model/byte-order.js';
import { UnpreparedError } from '../unprepared-error.js';
import { bindParameters } from './bind-parameters.js';
import { protocolLimits } from './native-server-options.js';
import { PreparedStatementCache } from './prepared-statement-cache.js';
import { preparedResultOf } from './prepared-result-of.js';
import type { ProtocolBackend, SessionView } from './protocol-backend.js';
import { resultOfExecution } from './result-of-execution.js';

export class DatabaseBackend implements ProtocolBackend {
  /** PREPAREd statements, by id in hex. */
  private readonly prepared = new PreparedStatementCache(protocolLimits.preparedStatementsPerNodeMax);
  /** Statements QUERY prepared to decode their values, by keyspace and text. */
  private readonly implicit = new PreparedStatementCache(protocolLimits.preparedStatementsPerNodeMax);

  readonly authenticator: Authenticator | undefined;
  /** Each logged-in connection's access control, kept as long as its session. */
  private readonly accesses = new WeakMap<SessionView, StatementAccess>();

  constructor(
    private readonly db: Database,
    private readonly auth: NodeAuth | null = null,
  ) {
    this.authenticator = auth?.authenticator;
  }

  async query(query: string, parameters: QueryParameters, session: SessionView): Promise<Result> {
    const keyspace = parameters.keyspace ?? session.keyspace;
    const params = parameters.values.length === 0 ? [] : bindParameters(await this.implicitlyPrepared(query, keyspace), parameters);
    const { statement, result } = await this.db.executeRaw(query, params, runOptions(parameters, keyspace, this.accessOf(session)));
    return resultOfExecution(statement, result, keyspace);
  }

  async prepare(request: PrepareRequest, session: SessionView): Promise<PreparedResult> {
    const prepared = await this.prepareIn(request.query, request.keyspace ?? session.keyspace);
    this.prepared.set(prepared.id.toString('hex'), prepared);
    return preparedResultOf(prepared);
  }

  async execute(request: ExecuteRequest, session: SessionView): Promise<Result> {
    const prepared = this.current(request.id) ?? (await this.lookup(request.id));
    const params = bindParameters(prepared, request.parameters);
    // A statement runs in the keyspace it was prepared in (its unqualified names were bound there).
    const keyspace = prepared.keyspace ?? session.keyspace;
    const { statement, result } = await this.db.executeRaw(prepared.query, params, runOptions(request.parameters, keyspace, this.accessOf(session)));
    return resultOfExecution(statement, result, keyspace);
  }

  async batch(request: BatchRequest, session: SessionView): Promise<Result> {
    let keyspace = request.keyspace ?? session.keyspace;
    const queries: BatchQuery[] = [];
    for (const child of request.statements) {
      if (child.kind === 'prepared') {
        const prepared = await this.lookup(child.id);
        keyspace ??= prepared.keyspace;
        queries.push({ query: prepared.query, params: bindParameters(prepared, { values: child.values, valueNames: null }) });
      } else if (child.values.length === 0) {
        queries.push({ query: child.query });
      } else {
        const prepared = await this.implicitlyPrepared(child.query, keyspace);
        queries.push({ query: child.query, params: bindParameters(prepared, { values: child.values, valueNames: null }) });
      }
    }
    await this.db.batch(queries, {
      consistency: request.consistency,
      logged: request.batchType === 'LOGGED',
      counter: request.batchType === 'COUNTER',
      ...(keyspace === null ? {} : { keyspace }),
      ...(request.defaultTimestamp === null ? {} : { timestamp: request.defaultTimestamp }),
      ...access(this.accessOf(session)),
    });
    return VOID_RESULT;
  }

  /** The connection's access control: none without auth, or before a login. */
  private accessOf(session: SessionView): StatementAccess | undefined {
    if (this.auth === null || session.user === undefined || session.user === null) return undefined;
    let access = this.accesses.get(session);
    if (access === undefined) this.accesses.set(session, (access = this.auth.accessFor(session.user)));
    return access;
  }

  /**
   * A PREPAREd statement by id when it is known and the schema has not moved: no promise to
   * wait for. The most recent statement is matched on its id bytes, without the id's hex key.
   */
  private current(id: Uint8Array): PreparedStatement | null {
    const recent = this.prepared.mostRecentStatement;
    const known = recent !== undefined && bytesEqual(recent.id, id) ? recent : this.prepared.get(hexOf(id));
    return known !== undefined && known.schemaVersion === this.db.schemaVersion ? known : null;
  }

  /** A PREPAREd statement by id, prepared again if the schema moved since; Unprepared if unknown. */
  private async lookup(id: Uint8Array): Promise<PreparedStatement> {
    const key = hexOf(id);
    const known = this.prepared.get(key);
    if (known === undefined) throw new UnpreparedError(id);
    if (known.schemaVersion === this.db.schemaVersion) return known;
    let again: PreparedStatement;
    try {
      again = await this.prepareIn(known.query, known.keyspace);
    } catch (error) {
      this.prepared.delete(key);
      throw error;
    }
    assert(again.id.toString('hex') === key, `statement ${key} prepared again as ${again.id.toString('hex')}`);
    this.prepared.set(key, again);
    return again;
  }

  private async implicitlyPrepared(query: string, keyspace: string | null): Promise<PreparedStatement> {
    const key = `${keyspace ?? ''}\u0000${query}`;
    const known = this.implicit.get(key);
    if (known !== undefined && known.schemaVersion === this.db.schemaVersion) return known;
    const prepared = await this.prepareIn(query, keyspace);
    this.implicit.set(key, prepared);
    return prepared;
  }

  private prepareIn(query: string, keyspace: string | null): Promise<PreparedStatement> {
    return this.db.prepare(query, keyspace === null ? {} : { keyspace });
  }
}

/** A statement id as the caches' key (hex, read in place: no copy of the id). */
function hexOf(id: Uint8Array): string {
  return Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString('hex');
}

function access(given: StatementAccess | undefined): { readonly access?: StatementAccess } {
  return given === undefined ? {} : { access: given };
}

function runOptions(parameters: QueryParameters, keyspace: string | null, given: StatementAccess | undefined): RawQueryOptions {
  const { pageSize } = parameters;
  return {
    ...access(given),
    consistency: parameters.consistency,
    keyspace,
    // No page size, or one <= 0, asks for every row at once (spec 4.1.4).
    fetchSize: pageSize === null || pageSize <= 0 ? Infinity : pageSize,
    pageState: parameters.pagingState,
    timestamp: parameters.defaultTimestamp,
  };
}
