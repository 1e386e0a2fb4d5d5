/**
 * The executor's seam to access control (Cassandra's ClientState as statements see it): given
 * in `ExecutionContext.access` for a session that logged in, or whose cluster checks
 * permissions. Without one (the in-process API, a server without auth) nothing is checked and
 * the role and permission statements are refused as for Cassandra's anonymous user.
 * src/auth implements it (client-access.ts).
 */

import type { AccessStatement } from '../ast/access-statement.js';
import type { Statement } from '../ast/statement.js';
import type { SchemaChange } from '../catalog/schema-change.js';
import { UnauthorizedError } from '../../lib/errors.js';
import type { ExecutionContext } from './execution-context.js';
import type { ExecutionResult } from './execution-result.js';

export interface StatementAccess {
  /** Refuses the statement (UnauthorizedError) unless the session may run it; before it runs. */
  authorize(statement: Statement, context: ExecutionContext): Promise<void>;
  /** Runs CREATE ROLE, GRANT, LIST PERMISSIONS and the rest. */
  executeAccessStatement(statement: AccessStatement, context: ExecutionContext): Promise<ExecutionResult>;
  /** After a schema change the session made: its creator gets every permission on a new keyspace or table; a dropped one's are revoked. */
  afterSchemaChange(change: SchemaChange, context: ExecutionContext): Promise<void>;
}

/** The session's access control, or Cassandra's refusal of an anonymous one. */
export function requireAccess(context: ExecutionContext): StatementAccess {
  if (context.access === undefined) throw new UnauthorizedError('You have not logged in');
  return context.access;
}
