/**
 * DESCRIBE / DESC, after the verb (Cassandra 4's `describeStatement`, which the server runs):
 *
 *   CLUSTER | [FULL] SCHEMA | KEYSPACES | KEYSPACE [ks] | TABLES | TABLE [ks.]t | TYPES
 *   | TYPE [ks.]t | [ks.]name
 *
 * `cluster`, `keyspaces`, `tables` and `types` are unreserved, yet always the keyword here (as
 * Parser.g's predicates decide); `type` is the keyword only when a name follows. Valid CQL not
 * built yet (ONLY KEYSPACE, INDEX, MATERIALIZED VIEW, FUNCTION(S), AGGREGATE(S), WITH
 * INTERNALS) is an InvalidRequestError.
 */

import { DescribeStatement, type DescribeTarget } from '../ast/describe-statement.js';
import { EXPECTING_KEYSPACE } from './parse-keyspace-statements.js';
import { isName, parseName, parseQualifiedName } from './parse-names.js';
import { EXPECTING_TABLE } from './parse-table-statements.js';
import type { TokenStream } from './token-stream.js';
import { unsupported } from './unsupported.js';

/** Targets that are one word and nothing more. */
const LISTINGS: ReadonlyMap<string, DescribeTarget> = new Map<string, DescribeTarget>([
  ['cluster', 'cluster'],
  ['schema', 'schema'],
  ['keyspaces', 'keyspaces'],
  ['tables', 'tables'],
  ['columnfamilies', 'tables'],
  ['types', 'types'],
]);

/** DESCRIBE forms not built yet, and whether each needs a word after it to be that form. */
const NOT_BUILT: ReadonlyMap<string, 'alone' | 'before-name'> = new Map([
  ['index', 'alone'],
  ['materialized', 'alone'],
  ['functions', 'alone'],
  ['aggregates', 'alone'],
  ['only', 'before-name'],
  ['function', 'before-name'],
  ['aggregate', 'before-name'],
] as const);

export function parseDescribe(stream: TokenStream): DescribeStatement {
  const statement = parseTarget(stream);
  if (stream.isKeyword('with') && stream.isKeyword('internals', 1)) throw unsupported('DESCRIBE ... WITH INTERNALS is');
  return statement;
}

function parseTarget(stream: TokenStream): DescribeStatement {
  const word = stream.peek();
  if (word.kind === 'keyword') {
    const listing = LISTINGS.get(word.text);
    if (listing !== undefined) {
      stream.next();
      return describe(listing, null, null);
    }
    if (stream.acceptKeyword('full')) {
      stream.expectKeyword('schema');
      return describe('full-schema', null, null);
    }
    if (stream.acceptKeyword('keyspace')) {
      return describe('keyspace', isName(stream.peek()) ? parseName(stream, EXPECTING_KEYSPACE) : null, null);
    }
    if (stream.acceptKeyword('table') || stream.acceptKeyword('columnfamily')) {
      const table = parseQualifiedName(stream, EXPECTING_TABLE);
      return describe('table', table.keyspace, table.name);
    }
    if (word.text === 'type' && isName(stream.peek(1))) {
      stream.next();
      const type = parseQualifiedName(stream, 'a type name');
      return describe('type', type.keyspace, type.name);
    }
    const notBuilt = NOT_BUILT.get(word.text);
    const nameFollows = isName(stream.peek(1)) || stream.isKeyword('keyspace', 1);
    if (notBuilt === 'alone' || (notBuilt === 'before-name' && nameFollows)) {
      throw unsupported(`DESCRIBE ${word.text.toUpperCase()} is`);
    }
  }
  const name = parseQualifiedName(stream, 'a keyspace, table or type name');
  return describe('name', name.keyspace, name.name);
}

function describe(target: DescribeTarget, keyspace: string | null, name: string | null): DescribeStatement {
  return DescribeStatement.create({ target, keyspace, name });
}
