/**
 * The operators shared by WHERE relations and IF conditions: Cassandra's `relationType`
 * (`=`, `<`, `<=`, `>`, `>=`, `!=`) and the values of `IN` (`(t, ...)` or a marker for the list).
 */

import type { BindMarker } from '../ast/bind-marker.js';
import type { Term } from '../ast/term.js';
import type { TokenKind } from '../lexer/token-kind.js';
import { isBindMarkerStart, parseBindMarker } from './parse-bind-marker.js';
import { parseParenthesizedTerms } from './parse-term.js';
import type { TokenStream } from './token-stream.js';

export type ComparisonOperator = '=' | '<' | '<=' | '>' | '>=' | '!=';

const COMPARISONS: ReadonlyMap<TokenKind, ComparisonOperator> = new Map<TokenKind, ComparisonOperator>([
  ['equals', '='],
  ['lessThan', '<'],
  ['lessThanOrEqual', '<='],
  ['greaterThan', '>'],
  ['greaterThanOrEqual', '>='],
  ['notEquals', '!='],
]);

/** Consumes a comparison operator if one is next. */
export function acceptComparison(stream: TokenStream): ComparisonOperator | null {
  const operator = COMPARISONS.get(stream.peek().kind);
  if (operator === undefined) return null;
  stream.next();
  return operator;
}

/** True when the token `ahead` is a comparison operator. */
export function isComparisonAt(stream: TokenStream, ahead: number): boolean {
  return COMPARISONS.has(stream.peek(ahead).kind);
}

/** After IN: `(t, ...)` (possibly empty) or one marker standing for the whole list. */
export function parseInValues(stream: TokenStream): Term[] | BindMarker {
  if (isBindMarkerStart(stream)) return parseBindMarker(stream);
  return parseParenthesizedTerms(stream);
}
