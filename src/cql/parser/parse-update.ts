/**
 * UPDATE, after the verb (Cassandra's `updateStatement`):
 *
 *   UPDATE [ks.]t [USING TTL t AND TIMESTAMP ts] SET assignment, ... WHERE relations
 *     [IF EXISTS | IF condition AND ...]
 *
 * Two SET items on one column must be compatible (Parser.g's addRawUpdate with Operation's
 * isCompatibleWith), else it is a syntax error, `Multiple incompatible setting of column v`:
 * a whole-value `v = x` is compatible with nothing, two `u.f = x` only on different fields;
 * appends, removals, `m[k] = x` and counter increments may repeat (Cassandra applies them all).
 */

import type { AssignmentOperation } from '../ast/assignment-operation.js';
import { UpdateStatement } from '../ast/update-statement.js';
import { CqlSyntaxError } from '../cql-syntax-error.js';
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
  while (stream.accept('comma')) {
    const columnToken = stream.peek();
    const assignment = parseAssignment(stream);
    if (assignments.some((earlier) => earlier.column === assignment.column && !isCompatible(earlier.operation, assignment.operation))) {
      throw new CqlSyntaxError(columnToken, `Multiple incompatible setting of column ${assignment.column}`);
    }
    assignments.push(assignment);
  }
  stream.expectKeyword('where');
  const where = parseWhereClause(stream);
  const { ifExists, conditions } = parseIfClause(stream);
  return UpdateStatement.create({ table, using, assignments, where, ifExists, conditions });
}

/** Operation.RawUpdate.isCompatibleWith, `earlier` being the operation written first. */
function isCompatible(earlier: AssignmentOperation, later: AssignmentOperation): boolean {
  if (earlier.op === 'set') return false;
  if (earlier.op === 'setField' && later.op === 'setField') return earlier.field !== later.field;
  return later.op !== 'set';
}
