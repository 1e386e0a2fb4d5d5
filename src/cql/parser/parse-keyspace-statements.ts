/**
 * CREATE / ALTER / DROP KEYSPACE (or SCHEMA). Each function starts after the `KEYSPACE` word;
 * the dispatcher in parser.ts has consumed the verb and the object word.
 */

import { AlterKeyspaceStatement } from '../ast/alter-keyspace-statement.js';
import { CreateKeyspaceStatement } from '../ast/create-keyspace-statement.js';
import { DropKeyspaceStatement } from '../ast/drop-keyspace-statement.js';
import { parseIfExists, parseIfNotExists, parseName } from './parse-names.js';
import { parseProperties } from './parse-options.js';
import type { TokenStream } from './token-stream.js';

export const EXPECTING_KEYSPACE = 'a keyspace name';

/** `[IF NOT EXISTS] ks WITH properties`. */
export function parseCreateKeyspace(stream: TokenStream): CreateKeyspaceStatement {
  const ifNotExists = parseIfNotExists(stream);
  const keyspace = parseName(stream, EXPECTING_KEYSPACE);
  stream.expectKeyword('with');
  return CreateKeyspaceStatement.create({ keyspace, ifNotExists, options: parseProperties(stream) });
}

/** `[IF EXISTS] ks WITH properties`. */
export function parseAlterKeyspace(stream: TokenStream): AlterKeyspaceStatement {
  const ifExists = parseIfExists(stream);
  const keyspace = parseName(stream, EXPECTING_KEYSPACE);
  stream.expectKeyword('with');
  return AlterKeyspaceStatement.create({ keyspace, ifExists, options: parseProperties(stream) });
}

/** `[IF EXISTS] ks`. */
export function parseDropKeyspace(stream: TokenStream): DropKeyspaceStatement {
  const ifExists = parseIfExists(stream);
  return DropKeyspaceStatement.create({ keyspace: parseName(stream, EXPECTING_KEYSPACE), ifExists });
}
