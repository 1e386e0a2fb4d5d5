/**
 * The selection of a SELECT: `*` or `selector [AS alias], ...` (Cassandra's `selectors`). A
 * selector is a column, `count(*)` / `count(1)`, `writetime(c)` / `maxwritetime(c)` / `ttl(c)`,
 * `CAST(x AS native)`, `[ks.]f(selectors)` (token, count, min, toJson...), or a term (constant,
 * NULL, marker, collection literal, `(type) term`).
 *
 * Valid CQL the AST has no node for (field and element selection `u.f`, `m['k']`, arithmetic,
 * tuples and parenthesized selectors, a type hint on a column) is an InvalidRequestError.
 */

import { CastSelector } from '../ast/cast-selector.js';
import { ColumnSelector } from '../ast/column-selector.js';
import { CountRowsSelector } from '../ast/count-rows-selector.js';
import { FunctionSelector } from '../ast/function-selector.js';
import type { SelectorExpression } from '../ast/selector-expression.js';
import { Selector } from '../ast/selector.js';
import { TermSelector } from '../ast/term-selector.js';
import { TypeHint } from '../ast/type-hint.js';
import { CqlSyntaxError } from '../cql-syntax-error.js';
import { nativeCqlType } from '../types/cql-type.js';
import { isFunctionCallAt, isName, parseFunctionName, parseName } from './parse-names.js';
import { isTermStart, isTypeHintAt, MAX_TERM_DEPTH, parseTerm } from './parse-term.js';
import { parseType } from './parse-type.js';
import type { TokenStream } from './token-stream.js';
import { unsupported } from './unsupported.js';

const EXPECTING_COLUMN = 'a column name';

/** The selectors of `writetime(c)`-like functions, whose one argument is a column. */
const CELL_METADATA_FUNCTIONS: ReadonlySet<string> = new Set(['writetime', 'maxwritetime', 'ttl']);

/** What follows a selector in valid CQL we cannot represent: field, element, arithmetic. */
const SELECTOR_MODIFIERS = new Set(['dot', 'leftBracket', 'plus', 'minus', 'star', 'slash', 'percent']);

/** `*` (null) or the selector list. */
export function parseSelectors(stream: TokenStream): Selector[] | null {
  if (stream.accept('star')) return null;
  const selectors: Selector[] = [];
  do {
    const expression = parseSelectorExpression(stream, 0);
    const alias = stream.acceptKeyword('as') ? parseName(stream, 'an alias') : null;
    selectors.push(Selector.create({ expression, alias }));
  } while (stream.accept('comma'));
  return selectors;
}

/** True when the token `ahead` can start a selection (used to tell `SELECT json ...` apart). */
export function isSelectionStartAt(stream: TokenStream, ahead: number): boolean {
  const token = stream.peek(ahead);
  if (token.kind === 'keyword' && token.text === 'as') return false;
  switch (token.kind) {
    case 'star':
    case 'string':
    case 'integer':
    case 'float':
    case 'boolean':
    case 'uuid':
    case 'blob':
    case 'duration':
    case 'minus':
    case 'questionMark':
    case 'colon':
    case 'leftBracket':
    case 'leftBrace':
    case 'leftParen':
      return true;
    case 'keyword':
      return isName(token) || token.text === 'null' || token.text === 'token';
    default:
      return isName(token);
  }
}

function parseSelectorExpression(stream: TokenStream, depth: number): SelectorExpression {
  const token = stream.peek();
  if (depth >= MAX_TERM_DEPTH) throw new CqlSyntaxError(token, `selector nested deeper than ${MAX_TERM_DEPTH} levels`);
  const expression = parseUnmodifiedSelector(stream, depth);
  const next = stream.peek();
  if (SELECTOR_MODIFIERS.has(next.kind)) {
    throw unsupported(`'${next.raw}' after a selector (field or element selection, arithmetic) is`);
  }
  return expression;
}

function parseUnmodifiedSelector(stream: TokenStream, depth: number): SelectorExpression {
  const token = stream.peek();
  const opensCall = stream.is('leftParen', 1);
  if (opensCall && stream.isKeyword('count') && isCountRows(stream)) {
    for (let i = 0; i < 4; i++) stream.next();
    return CountRowsSelector.create({});
  }
  if (opensCall && token.kind === 'keyword' && CELL_METADATA_FUNCTIONS.has(token.text)) {
    stream.next();
    stream.next();
    const column = ColumnSelector.create({ name: parseName(stream, EXPECTING_COLUMN) });
    if (stream.is('dot') || stream.is('leftBracket')) throw unsupported(`${token.text.toUpperCase()} of a field or element is`);
    stream.expect('rightParen');
    return FunctionSelector.create({ keyspace: null, name: token.text, args: [column] });
  }
  if (opensCall && stream.isKeyword('cast')) return parseCast(stream, depth);
  if (isFunctionCallAt(stream)) return parseFunctionSelector(stream, depth);
  if (isName(token)) {
    stream.next();
    return ColumnSelector.create({ name: token.text });
  }
  if (isTypeHintAt(stream) && !hasTopLevelComma(stream)) return parseTypeHintSelector(stream);
  if (stream.is('leftParen')) throw unsupported('Tuples and parenthesized selectors are');
  if (isTermStart(stream)) return TermSelector.create({ term: parseTerm(stream) });
  throw stream.mismatched('a selector');
}

/** `count(*)` or `count(1)` at the current token. */
function isCountRows(stream: TokenStream): boolean {
  if (!stream.is('rightParen', 3)) return false;
  const argument = stream.peek(2);
  return argument.kind === 'star' || (argument.kind === 'integer' && argument.text === '1');
}

/** `CAST '(' selector AS native_type ')'`. */
function parseCast(stream: TokenStream, depth: number): CastSelector {
  stream.next();
  stream.expect('leftParen');
  const value = parseSelectorExpression(stream, depth + 1);
  stream.expectKeyword('as');
  const typeToken = stream.peek();
  const type = typeToken.kind === 'keyword' ? nativeCqlType(typeToken.text) : null;
  if (type === null) throw stream.mismatched('a native type');
  stream.next();
  stream.expect('rightParen');
  return CastSelector.create({ value, type });
}

function parseFunctionSelector(stream: TokenStream, depth: number): FunctionSelector {
  const { keyspace, name } = parseFunctionName(stream);
  stream.expect('leftParen');
  const args: SelectorExpression[] = [];
  if (!stream.accept('rightParen')) {
    do args.push(parseSelectorExpression(stream, depth + 1));
    while (stream.accept('comma'));
    stream.expect('rightParen');
  }
  return FunctionSelector.create({ keyspace, name, args });
}

/**
 * True when the parentheses opening at the current token hold a comma outside type brackets:
 * `(a, b)` is a tuple of selectors, `(map<int, text>) ?` a type hint.
 */
function hasTopLevelComma(stream: TokenStream): boolean {
  let parens = 0;
  let angles = 0;
  for (let ahead = 0; ; ahead++) {
    const token = stream.peek(ahead);
    if (token.kind === 'end') return false;
    if (token.kind === 'leftParen') parens++;
    else if (token.kind === 'rightParen' && --parens === 0) return false;
    else if (token.kind === 'lessThan') angles++;
    else if (token.kind === 'greaterThan') angles--;
    else if (token.kind === 'comma' && parens === 1 && angles <= 0) return true;
  }
}

/** `(type) term`; `(type) column` and `(selector)` have no node yet. */
function parseTypeHintSelector(stream: TokenStream): TermSelector {
  stream.expect('leftParen');
  const type = parseType(stream);
  stream.expect('rightParen');
  if (!isTermStart(stream)) throw unsupported('Type hints on columns and parenthesized selectors are');
  return TermSelector.create({ term: TypeHint.create({ type, value: parseTerm(stream) }) });
}
