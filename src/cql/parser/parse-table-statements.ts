/**
 * CREATE / ALTER / DROP TABLE (or COLUMNFAMILY); each starts after the `TABLE` word. Cassandra's
 * `createTableStatement`, `alterTableStatement` and `dropTableStatement` (4.1/5.0 Parser.g),
 * without COMPACT STORAGE (refused since 4.0), ALTER ... TYPE, RENAME, masking and
 * DROP ... USING TIMESTAMP.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import { CqlSyntaxError } from '../cql-syntax-error.js';
import { AddColumnsAction, AlterOptionsAction, DropColumnsAction, type AlterTableAction } from '../ast/alter-table-action.js';
import { AlterTableStatement } from '../ast/alter-table-statement.js';
import { ClusteringOrder } from '../ast/clustering-order.js';
import { ColumnDefinition } from '../ast/column-definition.js';
import { CreateTableStatement } from '../ast/create-table-statement.js';
import { DropTableStatement } from '../ast/drop-table-statement.js';
import { PrimaryKey } from '../ast/primary-key.js';
import type { Property } from '../ast/property.js';
import { parseIfExists, parseIfNotExists, parseName, parseQualifiedName } from './parse-names.js';
import { parseProperties } from './parse-options.js';
import { parseType } from './parse-type.js';
import type { TokenStream } from './token-stream.js';

export const EXPECTING_TABLE = 'a table name';
const EXPECTING_COLUMN = 'a column name';

/** `[IF NOT EXISTS] [ks.]t (definitions) [WITH ...]`. */
export function parseCreateTable(stream: TokenStream): CreateTableStatement {
  const ifNotExists = parseIfNotExists(stream);
  const table = parseQualifiedName(stream, EXPECTING_TABLE);
  const columns: ColumnDefinition[] = [];
  let primaryKey: PrimaryKey | null = null;
  stream.expect('leftParen');
  let first = true;
  do {
    // Cassandra allows a trailing comma: `(k int PRIMARY KEY, )`.
    if (!first && stream.is('rightParen')) break;
    first = false;
    if (stream.isKeyword('primary')) {
      const primary = stream.peek();
      if (primaryKey !== null) {
        throw new CqlSyntaxError(primary, 'Multiple PRIMARY KEYs specified (exactly one required)');
      }
      primaryKey = parsePrimaryKeyClause(stream);
    } else {
      columns.push(parseColumnDefinition(stream, true));
    }
  } while (stream.accept('comma'));
  stream.expect('rightParen');

  const clusteringOrder: ClusteringOrder[] = [];
  let options: Property[] = [];
  if (stream.acceptKeyword('with')) {
    options = parseProperties(stream, (s) => parseTableOnlyClause(s, clusteringOrder));
  }
  return CreateTableStatement.create({ table, ifNotExists, columns, primaryKey, clusteringOrder, options });
}

/** `name type [STATIC] [PRIMARY KEY]` (PRIMARY KEY only when `inCreate`). */
function parseColumnDefinition(stream: TokenStream, inCreate: boolean): ColumnDefinition {
  const name = parseName(stream, EXPECTING_COLUMN);
  const type = parseType(stream);
  const isStatic = stream.acceptKeyword('static');
  let isPrimaryKey = false;
  if (inCreate && stream.acceptKeyword('primary')) {
    stream.expectKeyword('key');
    isPrimaryKey = true;
  }
  return ColumnDefinition.create({ name, type, isStatic, isPrimaryKey });
}

/** `PRIMARY KEY (pk | (pk1, pk2, ...) [, ck ...])`. */
function parsePrimaryKeyClause(stream: TokenStream): PrimaryKey {
  stream.expectKeyword('primary');
  stream.expectKeyword('key');
  stream.expect('leftParen');
  const partitionKey: string[] = [];
  if (stream.accept('leftParen')) {
    partitionKey.push(...parseNameList(stream));
    stream.expect('rightParen');
  } else {
    partitionKey.push(parseName(stream, EXPECTING_COLUMN));
  }
  const clustering: string[] = [];
  while (stream.accept('comma')) clustering.push(parseName(stream, EXPECTING_COLUMN));
  stream.expect('rightParen');
  return PrimaryKey.create({ partitionKey, clustering });
}

/** `name (, name)*`. */
function parseNameList(stream: TokenStream): string[] {
  const names = [parseName(stream, EXPECTING_COLUMN)];
  while (stream.accept('comma')) names.push(parseName(stream, EXPECTING_COLUMN));
  return names;
}

/** CREATE TABLE's WITH clauses that are not `name = value`: CLUSTERING ORDER BY, COMPACT STORAGE. */
function parseTableOnlyClause(stream: TokenStream, clusteringOrder: ClusteringOrder[]): boolean {
  if (stream.isKeyword('compact') && stream.isKeyword('storage', 1)) {
    throw new InvalidRequestError('Compact tables are not allowed in Cassandra starting with 4.0 version.');
  }
  if (!stream.isKeyword('clustering') || !stream.isKeyword('order', 1)) return false;
  stream.next();
  stream.next();
  stream.expectKeyword('by');
  stream.expect('leftParen');
  do {
    const column = parseName(stream, EXPECTING_COLUMN);
    let order: 'asc' | 'desc';
    if (stream.acceptKeyword('asc')) order = 'asc';
    else if (stream.acceptKeyword('desc')) order = 'desc';
    else throw stream.mismatched('ASC or DESC');
    clusteringOrder.push(ClusteringOrder.create({ column, order }));
  } while (stream.accept('comma'));
  stream.expect('rightParen');
  return true;
}

/** `[IF EXISTS] [ks.]t ADD ... | DROP ... | WITH ...`. */
export function parseAlterTable(stream: TokenStream): AlterTableStatement {
  const ifExists = parseIfExists(stream);
  const table = parseQualifiedName(stream, EXPECTING_TABLE);
  return AlterTableStatement.create({ table, ifExists, action: parseAlterTableAction(stream) });
}

function parseAlterTableAction(stream: TokenStream): AlterTableAction {
  if (stream.acceptKeyword('add')) {
    const ifNotExists = parseIfNotExists(stream);
    const columns: ColumnDefinition[] = [];
    if (stream.accept('leftParen')) {
      do columns.push(parseColumnDefinition(stream, false));
      while (stream.accept('comma'));
      stream.expect('rightParen');
    } else {
      columns.push(parseColumnDefinition(stream, false));
    }
    return AddColumnsAction.create({ ifNotExists, columns });
  }
  if (stream.acceptKeyword('drop')) {
    const ifExists = parseIfExists(stream);
    let columns: string[];
    if (stream.accept('leftParen')) {
      columns = parseNameList(stream);
      stream.expect('rightParen');
    } else {
      columns = [parseName(stream, EXPECTING_COLUMN)];
    }
    return DropColumnsAction.create({ ifExists, columns });
  }
  if (stream.acceptKeyword('with')) return AlterOptionsAction.create({ options: parseProperties(stream) });
  // Cassandra 4 parses ALTER <column> TYPE and refuses it with this text in every case.
  if (stream.isKeyword('alter')) throw new InvalidRequestError('Altering column types is no longer supported');
  if (stream.isKeyword('rename')) throw new InvalidRequestError('ALTER TABLE ... RENAME is not supported yet');
  throw stream.mismatched('ADD, DROP or WITH');
}

/** `[IF EXISTS] [ks.]t`. */
export function parseDropTable(stream: TokenStream): DropTableStatement {
  const ifExists = parseIfExists(stream);
  return DropTableStatement.create({ table: parseQualifiedName(stream, EXPECTING_TABLE), ifExists });
}
