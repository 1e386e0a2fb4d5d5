/** CREATE TYPE and DROP TYPE; each starts after the `TYPE` word. */

import { CreateTypeStatement } from '../ast/create-type-statement.js';
import { DropTypeStatement } from '../ast/drop-type-statement.js';
import { FieldDefinition } from '../ast/field-definition.js';
import { parseIfExists, parseIfNotExists, parseName, parseQualifiedName } from './parse-names.js';
import { parseType } from './parse-type.js';
import type { TokenStream } from './token-stream.js';

const EXPECTING_TYPE_NAME = 'a type name';

/** `[IF NOT EXISTS] [ks.]name (field type, ...)`; a trailing comma is allowed, as in Cassandra. */
export function parseCreateType(stream: TokenStream): CreateTypeStatement {
  const ifNotExists = parseIfNotExists(stream);
  const type = parseQualifiedName(stream, EXPECTING_TYPE_NAME);
  stream.expect('leftParen');
  const fields: FieldDefinition[] = [];
  do {
    if (fields.length > 0 && stream.is('rightParen')) break;
    const name = parseName(stream, 'a field name');
    fields.push(FieldDefinition.create({ name, type: parseType(stream) }));
  } while (stream.accept('comma'));
  stream.expect('rightParen');
  return CreateTypeStatement.create({ type, ifNotExists, fields });
}

/** `[IF EXISTS] [ks.]name`. */
export function parseDropType(stream: TokenStream): DropTypeStatement {
  const ifExists = parseIfExists(stream);
  return DropTypeStatement.create({ type: parseQualifiedName(stream, EXPECTING_TYPE_NAME), ifExists });
}
