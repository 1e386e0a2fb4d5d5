/**
 * DELETE, after the verb (Cassandra's `deleteStatement`):
 *
 *   DELETE [target, ...] FROM [ks.]t [USING TIMESTAMP ts] WHERE relations
 *     [IF EXISTS | IF condition AND ...]
 *
 * where a target is `c`, `c[term]` (a map key or list index) or `c.field` (a UDT field).
 */

import { DeleteStatement } from '../ast/delete-statement.js';
import { DeleteTarget } from '../ast/delete-target.js';
import { parseIfClause } from './parse-conditions.js';
import { parseName, parseQualifiedName } from './parse-names.js';
import { EXPECTING_TABLE } from './parse-table-statements.js';
import { parseTerm } from './parse-term.js';
import { parseUsingClause } from './parse-using.js';
import { parseWhereClause } from './parse-where.js';
import type { TokenStream } from './token-stream.js';

export function parseDelete(stream: TokenStream): DeleteStatement {
  const targets: DeleteTarget[] = [];
  if (!stream.isKeyword('from')) {
    do targets.push(parseDeleteTarget(stream));
    while (stream.accept('comma'));
  }
  stream.expectKeyword('from');
  const table = parseQualifiedName(stream, EXPECTING_TABLE);
  const using = parseUsingClause(stream, 'timestamp-only');
  stream.expectKeyword('where');
  const where = parseWhereClause(stream);
  const { ifExists, conditions } = parseIfClause(stream);
  return DeleteStatement.create({ table, targets, using, where, ifExists, conditions });
}

function parseDeleteTarget(stream: TokenStream): DeleteTarget {
  const column = parseName(stream, 'a column name');
  if (stream.accept('leftBracket')) {
    const elementKey = parseTerm(stream);
    stream.expect('rightBracket');
    return DeleteTarget.create({ column, elementKey, field: null });
  }
  if (stream.accept('dot')) {
    return DeleteTarget.create({ column, elementKey: null, field: parseName(stream, 'a field name') });
  }
  return DeleteTarget.create({ column, elementKey: null, field: null });
}
