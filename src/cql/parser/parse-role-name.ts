/**
 * Role and user names, as Cassandra's Parser.g reads them:
 *
 *   userOrRoleName   identifier (lower-cased), "Quoted" or 'string' (case kept), or an
 *                    unreserved keyword: CREATE/ALTER/DROP ROLE, GRANT, REVOKE, LIST ... OF
 *   username         identifier or 'string', case kept as written (RoleName.setName(text,
 *                    true)): the deprecated USER statements; a "quoted" name is refused
 */

import { CqlSyntaxError } from '../cql-syntax-error.js';
import { isName } from './parse-names.js';
import type { TokenStream } from './token-stream.js';

export const EXPECTING_ROLE = 'a role name';

export function parseRoleName(stream: TokenStream): string {
  const token = stream.peek();
  if (token.kind !== 'string' && !isName(token)) throw stream.mismatched(EXPECTING_ROLE);
  return stream.next().text;
}

export function parseUserName(stream: TokenStream): string {
  const token = stream.peek();
  if (token.kind === 'quotedIdentifier') {
    throw new CqlSyntaxError(token, 'Quoted strings are are not supported for user names and USER is deprecated, please use ROLE');
  }
  if (token.kind === 'string') return stream.next().text;
  if (token.kind === 'identifier') return stream.next().raw;
  throw stream.mismatched('a user name');
}
