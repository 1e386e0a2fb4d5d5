/**
 * WHERE clauses: `relation (AND relation)*` (Cassandra 4's `whereClause`, without custom index
 * expressions), where a relation is
 *
 *   c op term | c IN (terms) | c IN marker | c CONTAINS [KEY] term | c LIKE term
 *   c '[' term ']' op term                              (map element)
 *   token '(' c, ... ')' op term                        (op: = < <= > >=)
 *   '(' c, ... ')' op (tuple | marker)                  (multi-column)
 *   '(' c, ... ')' IN ( '(' ')' | marker | '(' (tuple | marker), ... ')' )
 *   '(' relation ')'
 *
 * `(` opens a multi-column relation when a name and then `,` or `)` follow, else a relation in
 * parentheses. Valid CQL the AST has no node for (IS NOT NULL, Cassandra 5's BETWEEN, NOT IN,
 * NOT CONTAINS, `token(...) != x`) is an InvalidRequestError.
 */

import type { BindMarker } from '../ast/bind-marker.js';
import { MultiColumnRelation } from '../ast/multi-column-relation.js';
import type { Relation } from '../ast/relation.js';
import type { RelationOperator } from '../ast/relation-operator.js';
import { SingleColumnRelation } from '../ast/single-column-relation.js';
import { TokenRelation } from '../ast/token-relation.js';
import type { TupleLiteral } from '../ast/tuple-literal.js';
import { CqlSyntaxError } from '../cql-syntax-error.js';
import { isBindMarkerStart, parseBindMarker } from './parse-bind-marker.js';
import { isName, parseName } from './parse-names.js';
import { acceptComparison, parseInValues } from './parse-relation-operator.js';
import { MAX_TERM_DEPTH, parseTerm, parseTupleLiteral } from './parse-term.js';
import type { TokenStream } from './token-stream.js';
import { unsupported } from './unsupported.js';

const EXPECTING_COLUMN = 'a column name';
const EXPECTING_OPERATOR = 'a relation operator';

/** The relations after WHERE (WHERE itself already consumed). */
export function parseWhereClause(stream: TokenStream): Relation[] {
  const relations: Relation[] = [];
  do relations.push(parseRelation(stream, 0));
  while (stream.acceptKeyword('and'));
  return relations;
}

function parseRelation(stream: TokenStream, depth: number): Relation {
  if (depth >= MAX_TERM_DEPTH) throw new CqlSyntaxError(stream.peek(), `relation nested deeper than ${MAX_TERM_DEPTH} levels`);
  if (stream.isKeyword('token') && stream.is('leftParen', 1)) {
    stream.next();
    return parseTokenRelation(stream);
  }
  if (stream.is('leftParen')) {
    const multiColumn = isName(stream.peek(1)) && (stream.is('comma', 2) || stream.is('rightParen', 2));
    if (multiColumn) return parseMultiColumnRelation(stream);
    stream.next();
    const relation = parseRelation(stream, depth + 1);
    stream.expect('rightParen');
    return relation;
  }
  return parseSingleColumnRelation(stream);
}

function parseSingleColumnRelation(stream: TokenStream): SingleColumnRelation {
  const column = parseName(stream, EXPECTING_COLUMN);
  if (stream.accept('leftBracket')) {
    const mapKey = parseTerm(stream);
    stream.expect('rightBracket');
    const operator = acceptComparison(stream);
    if (operator === null) throw stream.mismatched(EXPECTING_OPERATOR);
    return SingleColumnRelation.create({ column, operator, value: parseTerm(stream), inValues: null, mapKey });
  }
  const comparison = acceptComparison(stream);
  if (comparison !== null) return single(column, comparison, parseTerm(stream));
  if (stream.acceptKeyword('in')) {
    return SingleColumnRelation.create({ column, operator: 'IN', value: null, inValues: parseInValues(stream), mapKey: null });
  }
  if (stream.acceptKeyword('contains')) {
    const operator = stream.acceptKeyword('key') ? 'CONTAINS KEY' : 'CONTAINS';
    return single(column, operator, parseTerm(stream));
  }
  if (stream.acceptKeyword('like')) return single(column, 'LIKE', parseTerm(stream));
  refuseUnsupportedOperator(stream);
  throw stream.mismatched(EXPECTING_OPERATOR);
}

function single(column: string, operator: RelationOperator, value: SingleColumnRelation['value']): SingleColumnRelation {
  return SingleColumnRelation.create({ column, operator, value, inValues: null, mapKey: null });
}

/** After `token`: `(c, ...) op term`. */
function parseTokenRelation(stream: TokenStream): TokenRelation {
  const columns = parseColumnTuple(stream);
  const operator = acceptComparison(stream);
  if (operator === '!=') throw unsupported('!= on token() is');
  if (operator === null) {
    refuseUnsupportedOperator(stream);
    throw stream.mismatched(EXPECTING_OPERATOR);
  }
  return TokenRelation.create({ columns, operator, value: parseTerm(stream) });
}

function parseMultiColumnRelation(stream: TokenStream): MultiColumnRelation {
  const columns = parseColumnTuple(stream);
  if (stream.acceptKeyword('in')) {
    return MultiColumnRelation.create({ columns, operator: 'IN', value: null, inValues: parseMultiColumnInValues(stream) });
  }
  const operator = acceptComparison(stream);
  if (operator === null) {
    refuseUnsupportedOperator(stream);
    throw stream.mismatched(EXPECTING_OPERATOR);
  }
  return MultiColumnRelation.create({ columns, operator, value: parseTupleOrMarker(stream), inValues: null });
}

/** `'(' c (',' c)* ')'`. */
function parseColumnTuple(stream: TokenStream): string[] {
  stream.expect('leftParen');
  const columns = [parseName(stream, EXPECTING_COLUMN)];
  while (stream.accept('comma')) columns.push(parseName(stream, EXPECTING_COLUMN));
  stream.expect('rightParen');
  return columns;
}

function parseTupleOrMarker(stream: TokenStream): TupleLiteral | BindMarker {
  return isBindMarkerStart(stream) ? parseBindMarker(stream) : parseTupleLiteral(stream);
}

/** After a multi-column IN: a marker for the list, or `(` tuples or markers `)`, possibly none. */
function parseMultiColumnInValues(stream: TokenStream): (TupleLiteral | BindMarker)[] | BindMarker {
  if (isBindMarkerStart(stream)) return parseBindMarker(stream);
  stream.expect('leftParen');
  const values: (TupleLiteral | BindMarker)[] = [];
  if (stream.accept('rightParen')) return values;
  do values.push(parseTupleOrMarker(stream));
  while (stream.accept('comma'));
  stream.expect('rightParen');
  return values;
}

/** IS NOT NULL, BETWEEN, NOT IN / NOT CONTAINS: valid CQL (4.0 for views, 5.0) not built yet. */
function refuseUnsupportedOperator(stream: TokenStream): void {
  if (stream.isKeyword('is') && stream.isKeyword('not', 1) && stream.isKeyword('null', 2)) {
    throw unsupported('IS NOT NULL relations are');
  }
  if (stream.isKeyword('between')) throw unsupported('BETWEEN relations are');
  if (stream.isKeyword('not') && (stream.isKeyword('in', 1) || stream.isKeyword('contains', 1))) {
    throw unsupported(`NOT ${stream.peek(1).text.toUpperCase()} relations are`);
  }
}
