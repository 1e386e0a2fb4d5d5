/**
 * INSERT, after the verb (Cassandra's `insertStatement`):
 *
 *   INSERT INTO [ks.]t '(' c, ... ')' VALUES '(' term, ... ')' [IF NOT EXISTS] [USING ...]
 *   INSERT INTO [ks.]t JSON ('string' | marker) [DEFAULT (NULL | UNSET)] [IF NOT EXISTS] [USING ...]
 *
 * As Cassandra (in its prepare step), as many values as columns are required: an
 * InvalidRequestError `Unmatched column names/values` otherwise.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import { InsertStatement } from '../ast/insert-statement.js';
import type { Term } from '../ast/term.js';
import { isBindMarkerStart, parseBindMarker } from './parse-bind-marker.js';
import { parseLiteral } from './parse-literal.js';
import { parseIfNotExists, parseName, parseQualifiedName } from './parse-names.js';
import { EXPECTING_TABLE } from './parse-table-statements.js';
import { parseTerm } from './parse-term.js';
import { parseUsingClause } from './parse-using.js';
import type { TokenStream } from './token-stream.js';

export function parseInsert(stream: TokenStream): InsertStatement {
  stream.expectKeyword('into');
  const table = parseQualifiedName(stream, EXPECTING_TABLE);
  if (stream.acceptKeyword('json')) {
    const json = parseJsonValue(stream);
    let defaultUnset = false;
    if (stream.acceptKeyword('default')) {
      if (stream.acceptKeyword('unset')) defaultUnset = true;
      else if (!stream.acceptKeyword('null')) throw stream.mismatched('NULL or UNSET');
    }
    const ifNotExists = parseIfNotExists(stream);
    const using = parseUsingClause(stream, 'ttl-and-timestamp');
    return InsertStatement.create({ table, columns: [], values: [], json, defaultUnset, ifNotExists, using });
  }
  if (!stream.is('leftParen')) throw stream.mismatched("'(' or JSON");
  stream.next();
  const columns = [parseName(stream, 'a column name')];
  while (stream.accept('comma')) columns.push(parseName(stream, 'a column name'));
  stream.expect('rightParen');
  stream.expectKeyword('values');
  stream.expect('leftParen');
  const values = [parseTerm(stream)];
  while (stream.accept('comma')) values.push(parseTerm(stream));
  stream.expect('rightParen');
  const ifNotExists = parseIfNotExists(stream);
  const using = parseUsingClause(stream, 'ttl-and-timestamp');
  if (columns.length !== values.length) throw new InvalidRequestError('Unmatched column names/values');
  return InsertStatement.create({ table, columns, values, json: null, defaultUnset: false, ifNotExists, using });
}

/** Cassandra's `jsonValue`: a string literal or a marker. */
function parseJsonValue(stream: TokenStream): Term {
  if (isBindMarkerStart(stream)) return parseBindMarker(stream);
  if (!stream.is('string')) throw stream.mismatched('a string literal or a bind marker');
  return parseLiteral(stream);
}
