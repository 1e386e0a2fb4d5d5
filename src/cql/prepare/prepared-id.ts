/**
 * Cassandra's prepared statement id (QueryProcessor.computeId): the MD5 of the query text's
 * UTF-8 bytes, prefixed by the session keyspace's name. Since 4.0.2 (CASSANDRA-15252, once
 * every node runs it) the prefix is left out when the statement is fully qualified, so a
 * statement naming its keyspace has one id whatever the session's keyspace; an unqualified one
 * keeps the prefix, so the same text prepared in two keyspaces gets two ids. Fully qualified
 * (QualifiedStatement.isFullyQualified): SELECT, INSERT, UPDATE, DELETE and TRUNCATE that name
 * their keyspace, and a BATCH whose statements all do; no other statement is.
 */

import { createHash } from 'node:crypto';
import type { Statement } from '../ast/statement.js';

export function computePreparedId(query: string, keyspace: string | null): Buffer {
  return createHash('md5').update(Buffer.from(keyspace === null ? query : keyspace + query, 'utf8')).digest();
}

/** The id a statement prepared in `sessionKeyspace` gets. */
export function preparedIdOf(query: string, statement: Statement, sessionKeyspace: string | null): Buffer {
  return computePreparedId(query, isFullyQualified(statement) ? null : sessionKeyspace);
}

export function isFullyQualified(statement: Statement): boolean {
  switch (statement.kind) {
    case 'SelectStatement':
    case 'InsertStatement':
    case 'UpdateStatement':
    case 'DeleteStatement':
    case 'TruncateStatement':
      return statement.table.keyspace !== null;
    case 'BatchStatement':
      return statement.statements.every((child) => child.table.keyspace !== null);
    default:
      return false;
  }
}
