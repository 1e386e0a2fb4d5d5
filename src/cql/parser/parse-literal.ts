/**
 * Constants (Cassandra's `constant` plus NULL) as `Literal`s that keep their source text, and
 * `intValue` (an integer or a bind marker: LIMIT, USING TTL / TIMESTAMP).
 *
 * The lexer never glues a sign to a literal, so a unary minus is folded here: before an integer,
 * a float or a duration it joins the text (`-5`, `-1.5e3`, `-Infinity`, `-2d`); `-NaN` is `NaN`
 * (Cassandra 5 reads both NaN signs as NaN). A minus before anything else is a syntax error.
 */

import { Literal, type LiteralType } from '../ast/literal.js';
import type { Term } from '../ast/term.js';
import type { Token } from '../lexer/token.js';
import { isBindMarkerStart, parseBindMarker } from './parse-bind-marker.js';
import type { TokenStream } from './token-stream.js';

const LITERAL_TYPES: ReadonlyMap<string, LiteralType> = new Map<string, LiteralType>([
  ['string', 'string'],
  ['integer', 'integer'],
  ['float', 'float'],
  ['boolean', 'boolean'],
  ['uuid', 'uuid'],
  ['blob', 'blob'],
  ['duration', 'duration'],
]);

/** True when a constant (or NULL, or a signed number) starts at the current token. */
export function isLiteralStart(stream: TokenStream): boolean {
  const token = stream.peek();
  return LITERAL_TYPES.has(token.kind) || token.kind === 'minus' || stream.isKeyword('null');
}

export function parseLiteral(stream: TokenStream): Literal {
  if (stream.acceptKeyword('null')) return Literal.create({ type: 'null', text: 'null' });
  if (stream.accept('minus')) return parseSignedNumber(stream);
  const token = stream.peek();
  const type = LITERAL_TYPES.get(token.kind);
  if (type === undefined) throw stream.mismatched('a constant');
  stream.next();
  return Literal.create({ type, text: type === 'blob' ? `0x${token.text}` : token.text });
}

/** After a `-`: an integer, a float or a duration, which takes the sign. */
function parseSignedNumber(stream: TokenStream): Literal {
  const token: Token = stream.peek();
  if (token.kind !== 'integer' && token.kind !== 'float' && token.kind !== 'duration') {
    throw stream.mismatched('a number');
  }
  stream.next();
  const text = token.text === 'NaN' ? 'NaN' : `-${token.text}`;
  return Literal.create({ type: token.kind, text });
}

/** Cassandra's `intValue`: `[-]digits` or a bind marker. */
export function parseIntValue(stream: TokenStream): Term {
  if (isBindMarkerStart(stream)) return parseBindMarker(stream);
  const negative = stream.accept('minus');
  const token = stream.peek();
  if (token.kind !== 'integer') throw stream.mismatched(negative ? 'an integer' : 'an integer or a bind marker');
  stream.next();
  return Literal.create({ type: 'integer', text: negative ? `-${token.text}` : token.text });
}
