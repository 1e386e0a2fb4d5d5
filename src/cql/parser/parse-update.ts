/**
 * UPDATE, after the verb (Cassandra's `updateStatement`):
 *
 *   UPDATE [ks.]t [USING TTL t AND TIMESTAMP ts] SET assignment, ... WHERE relations
 *     [IF EXISTS | IF condition AND ...]
 */

import { UpdateStatement } from '../ast/update-statement.js';
import { parseAssignment } from './parse-assignment.js';
import { parseIfClause } from './parse-conditions.js';
import { parseQualifiedName } from './parse-names.js';
import { EXPECTING_TABLE } from './parse-table-statements.js';
import { parseUsingClause } from './parse-using.js';
import { parseWhereClause } from './parse-where.js';
import type { TokenStream } from './token-stream.js';

export function parseUpdate(stream: TokenStream): UpdateStatement {
  const table = parseQualifiedName(stream, EXPECTING_TABLE);
  const using = parseUsingClause(stream, 'ttl-and-timestamp');
  stream.expectKeyword('set');
  const assignments = [parseAssignment(stream)];
  while (stream.accept('comma')) assignments.push(parseAssignment(stream));
  stream.expectKeyword('where');
  const where = parseWhereClause(stream);
  const { ifExists, conditions } = parseIfClause(stream);
  return UpdateStatement.create({ table, using, assignments, where, ifExists, conditions });
}
