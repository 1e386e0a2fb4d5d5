/**
 * Terms, the values written in a statement (Cassandra 4's `term`, without 5.0's arithmetic):
 *
 *   term := constant | NULL | '-' number | marker
 *         | '[' terms ']'                                   list
 *         | '{' '}' | '{' term (',' term)* '}'              empty map, set
 *         | '{' term ':' term (',' term ':' term)* '}'      map
 *         | '{' name ':' term (',' name ':' term)* '}'      user type (keys are identifiers)
 *         | '(' type ')' term                               type hint
 *         | '(' term (',' term)* ')'                        tuple
 *         | [ks '.'] f '(' terms ')'                        function call
 *
 * `(` starts a type hint when a name follows that does not open a function call (a type is a
 * name, `ks.name` or `name<...>`; a term never starts with a bare name). A single parenthesized
 * term is a one-element tuple, as in Cassandra (the value of a `tuple<int>`). Nesting is bounded
 * so that hostile text cannot overflow the stack.
 */

import { FunctionCall } from '../ast/function-call.js';
import { ListLiteral } from '../ast/list-literal.js';
import { MapLiteral, type MapLiteralEntry } from '../ast/map-literal.js';
import { SetLiteral } from '../ast/set-literal.js';
import type { Term } from '../ast/term.js';
import { TupleLiteral } from '../ast/tuple-literal.js';
import { TypeHint } from '../ast/type-hint.js';
import { UserTypeLiteral, type UserTypeLiteralField } from '../ast/user-type-literal.js';
import { CqlSyntaxError } from '../cql-syntax-error.js';
import { isBindMarkerStart, parseBindMarker } from './parse-bind-marker.js';
import { isLiteralStart, parseLiteral } from './parse-literal.js';
import { isFunctionCallAt, isName, parseFunctionName, parseName } from './parse-names.js';
import { parseType } from './parse-type.js';
import type { TokenStream } from './token-stream.js';

/** Deeper term nesting is refused, so that hostile text cannot overflow the stack. */
export const MAX_TERM_DEPTH = 64;

const EXPECTING_TERM = 'a term';

/** True when a term starts at the current token. */
export function isTermStart(stream: TokenStream): boolean {
  return (
    isLiteralStart(stream) ||
    isBindMarkerStart(stream) ||
    stream.is('leftBracket') ||
    stream.is('leftBrace') ||
    stream.is('leftParen') ||
    isFunctionCallAt(stream)
  );
}

/** True when `(` at `ahead` opens a type hint `(type) term` rather than a tuple. */
export function isTypeHintAt(stream: TokenStream, ahead = 0): boolean {
  if (!stream.is('leftParen', ahead)) return false;
  const typeStart = isName(stream.peek(ahead + 1)) || stream.isKeyword('set', ahead + 1);
  return typeStart && !isFunctionCallAt(stream, ahead + 1);
}

export function parseTerm(stream: TokenStream, depth = 0): Term {
  if (depth >= MAX_TERM_DEPTH) throw new CqlSyntaxError(stream.peek(), `term nested deeper than ${MAX_TERM_DEPTH} levels`);
  if (isLiteralStart(stream)) return parseLiteral(stream);
  if (isBindMarkerStart(stream)) return parseBindMarker(stream);
  if (stream.is('leftBracket')) return parseListLiteral(stream, depth);
  if (stream.is('leftBrace')) return parseBraces(stream, depth);
  if (isTypeHintAt(stream)) {
    stream.expect('leftParen');
    const type = parseType(stream);
    stream.expect('rightParen');
    return TypeHint.create({ type, value: parseTerm(stream, depth + 1) });
  }
  if (stream.is('leftParen')) return parseTupleLiteral(stream, depth);
  if (isFunctionCallAt(stream)) return parseFunctionCall(stream, depth);
  throw stream.mismatched(EXPECTING_TERM);
}

/** `'(' term (',' term)* ')'`: at least one element. */
export function parseTupleLiteral(stream: TokenStream, depth = 0): TupleLiteral {
  stream.expect('leftParen');
  const elements = parseTermsUntil(stream, 'rightParen', depth, false);
  return TupleLiteral.create({ elements });
}

/** `'(' [term (',' term)*] ')'`: the values of `IN (...)`, possibly none. */
export function parseParenthesizedTerms(stream: TokenStream, depth = 0): Term[] {
  stream.expect('leftParen');
  return parseTermsUntil(stream, 'rightParen', depth, true);
}

function parseListLiteral(stream: TokenStream, depth: number): ListLiteral {
  stream.expect('leftBracket');
  return ListLiteral.create({ elements: parseTermsUntil(stream, 'rightBracket', depth, true) });
}

/** Terms separated by commas, then the closing token (consumed). */
function parseTermsUntil(stream: TokenStream, close: 'rightParen' | 'rightBracket', depth: number, mayBeEmpty: boolean): Term[] {
  const terms: Term[] = [];
  if (mayBeEmpty && stream.accept(close)) return terms;
  do terms.push(parseTerm(stream, depth + 1));
  while (stream.accept('comma'));
  stream.expect(close);
  return terms;
}

/** `{}`, a set, a map or a user type literal. */
function parseBraces(stream: TokenStream, depth: number): Term {
  stream.expect('leftBrace');
  if (stream.accept('rightBrace')) return MapLiteral.create({ entries: [] });
  if (isName(stream.peek()) && stream.is('colon', 1)) return parseUserTypeFields(stream, depth);
  const first = parseTerm(stream, depth + 1);
  if (!stream.accept('colon')) {
    const elements = [first];
    while (stream.accept('comma')) elements.push(parseTerm(stream, depth + 1));
    stream.expect('rightBrace');
    return SetLiteral.create({ elements });
  }
  const entries: MapLiteralEntry[] = [Object.freeze({ key: first, value: parseTerm(stream, depth + 1) })];
  while (stream.accept('comma')) {
    const key = parseTerm(stream, depth + 1);
    stream.expect('colon');
    entries.push(Object.freeze({ key, value: parseTerm(stream, depth + 1) }));
  }
  stream.expect('rightBrace');
  return MapLiteral.create({ entries });
}

/** After `{`: `name ':' term (',' name ':' term)* '}'`. */
function parseUserTypeFields(stream: TokenStream, depth: number): UserTypeLiteral {
  const fields: UserTypeLiteralField[] = [];
  do {
    const name = parseName(stream, 'a field name');
    stream.expect('colon');
    fields.push(Object.freeze({ name, value: parseTerm(stream, depth + 1) }));
  } while (stream.accept('comma'));
  stream.expect('rightBrace');
  return UserTypeLiteral.create({ fields });
}

function parseFunctionCall(stream: TokenStream, depth: number): FunctionCall {
  const { keyspace, name } = parseFunctionName(stream);
  stream.expect('leftParen');
  return FunctionCall.create({ keyspace, name, args: parseTermsUntil(stream, 'rightParen', depth, true) });
}
