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
