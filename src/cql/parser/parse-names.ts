/**
 * Names: an identifier (lower-cased by the lexer), a quoted identifier (case kept) or an
 * unreserved keyword (`key`, `type`, `ttl`, `timestamp`...), as Cassandra's `ident`, `cident`,
 * `ksName`, `cfName`, `fident` and `noncol_ident` all allow.
 */

import { isUnreservedKeyword } from '../lexer/keywords.js';
import type { Token } from '../lexer/token.js';
import { QualifiedName } from '../ast/qualified-name.js';
import type { TokenStream } from './token-stream.js';

/** True when `token` may stand as a name. */
export function isName(token: Token): boolean {
  switch (token.kind) {
    case 'identifier':
    case 'quotedIdentifier':
      return true;
    case 'keyword':
      return isUnreservedKeyword(token.text);
    default:
      return false;
  }
}

/** A name; `what` words the error (`mismatched input 'x' expecting <what>`). */
export function parseName(stream: TokenStream, what: string): string {
  if (!isName(stream.peek())) throw stream.mismatched(what);
  return stream.next().text;
}

/** `[keyspace.]name`. */
export function parseQualifiedName(stream: TokenStream, what: string): QualifiedName {
  const first = parseName(stream, what);
  if (!stream.accept('dot')) return QualifiedName.create({ keyspace: null, name: first });
  return QualifiedName.create({ keyspace: first, name: parseName(stream, what) });
}

/** `IF NOT EXISTS`, or nothing. */
export function parseIfNotExists(stream: TokenStream): boolean {
  if (!stream.acceptKeyword('if')) return false;
  stream.expectKeyword('not');
  stream.expectKeyword('exists');
  return true;
}

/** `IF EXISTS`, or nothing. */
export function parseIfExists(stream: TokenStream): boolean {
  if (!stream.acceptKeyword('if')) return false;
  stream.expectKeyword('exists');
  return true;
}

/**
 * Unreserved keywords that name columns but never functions: Parser.g's `unreserved_keyword`
 * less `unreserved_function_keyword` (`ttl(c)`, `writetime(c)`, `cast(...)` are selectors of
 * their own; `count` and the reserved `token` are function names).
 */
const NOT_FUNCTION_NAMES: ReadonlySet<string> = new Set(['ttl', 'writetime', 'maxwritetime', 'key', 'cast', 'json', 'distinct']);

/** True when `token` may stand as a function name (Cassandra's `allowedFunctionName`). */
export function isFunctionName(token: Token): boolean {
  if (token.kind === 'keyword' && (token.text === 'token' || token.text === 'count')) return true;
  return isName(token) && !(token.kind === 'keyword' && NOT_FUNCTION_NAMES.has(token.text));
}

/** True when a function call `f(` or `ks.f(` starts `ahead` tokens from the current one. */
export function isFunctionCallAt(stream: TokenStream, ahead = 0): boolean {
  if (isFunctionName(stream.peek(ahead)) && stream.is('leftParen', ahead + 1)) return true;
  return (
    isName(stream.peek(ahead)) &&
    stream.is('dot', ahead + 1) &&
    isFunctionName(stream.peek(ahead + 2)) &&
    stream.is('leftParen', ahead + 3)
  );
}

/** `[ks.]f` of a function call (the caller has checked `isFunctionCallAt`). */
export function parseFunctionName(stream: TokenStream): { readonly keyspace: string | null; readonly name: string } {
  if (stream.is('dot', 1)) {
    const keyspace = parseName(stream, 'a keyspace name');
    stream.expect('dot');
    if (!isFunctionName(stream.peek())) throw stream.mismatched('a function name');
    return { keyspace, name: stream.next().text };
  }
  if (!isFunctionName(stream.peek())) throw stream.mismatched('a function name');
  return { keyspace: null, name: stream.next().text };
}
