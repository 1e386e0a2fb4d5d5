/** USE ks and TRUNCATE [TABLE|COLUMNFAMILY] [ks.]t; each starts after its verb. */

import { TruncateStatement } from '../ast/truncate-statement.js';
import { UseStatement } from '../ast/use-statement.js';
import { EXPECTING_KEYSPACE } from './parse-keyspace-statements.js';
import { parseName, parseQualifiedName } from './parse-names.js';
import { EXPECTING_TABLE } from './parse-table-statements.js';
import type { TokenStream } from './token-stream.js';

export function parseUse(stream: TokenStream): UseStatement {
  return UseStatement.create({ keyspace: parseName(stream, EXPECTING_KEYSPACE) });
}

export function parseTruncate(stream: TokenStream): TruncateStatement {
  if (!stream.acceptKeyword('table')) stream.acceptKeyword('columnfamily');
  return TruncateStatement.create({ table: parseQualifiedName(stream, EXPECTING_TABLE) });
}
