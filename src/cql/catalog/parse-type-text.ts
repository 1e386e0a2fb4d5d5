/** A type as system_schema stores it (`frozen<map<text, int>>`, `address`) back to a CqlType. */

import { tokenize } from '../lexer/lexer.js';
import { parseType } from '../parser/parse-type.js';
import { TokenStream } from '../parser/token-stream.js';
import { resolveType, type UserTypeResolver } from '../schema/resolve-type.js';
import type { CqlType } from '../types/cql-type.js';

export function parseTypeText(text: string, keyspace: string, resolveUserType: UserTypeResolver): CqlType {
  const stream = new TokenStream(tokenize(text));
  const expression = parseType(stream);
  if (!stream.is('end')) throw stream.mismatched('<EOF>');
  return resolveType(expression, keyspace, resolveUserType);
}
