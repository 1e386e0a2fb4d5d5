/**
 * SELECT, after the verb (Cassandra's `selectStatement`):
 *
 *   SELECT [JSON] [DISTINCT] selectors FROM [ks.]t [WHERE relations] [GROUP BY c, ...]
 *     [ORDER BY c [ASC|DESC], ...] [PER PARTITION LIMIT n] [LIMIT n] [ALLOW FILTERING]
 *
 * `json` and `distinct` are also column names: each is the keyword only when a selection
 * follows it (`SELECT json FROM t` selects the column json), as Parser.g's predicates decide.
 */

import { SelectStatement, type SelectOrdering } from '../ast/select-statement.js';
import type { Term } from '../ast/term.js';
import { parseIntValue } from './parse-literal.js';
import { parseName, parseQualifiedName } from './parse-names.js';
import { isSelectionStartAt, parseSelectors } from './parse-selectors.js';
import { EXPECTING_TABLE } from './parse-table-statements.js';
import { parseWhereClause } from './parse-where.js';
import type { TokenStream } from './token-stream.js';
import { unsupported } from './unsupported.js';

const EXPECTING_COLUMN = 'a column name';

export function parseSelect(stream: TokenStream): SelectStatement {
  const json = acceptModifier(stream, 'json');
  const distinct = acceptModifier(stream, 'distinct');
  const selectors = parseSelectors(stream);
  stream.expectKeyword('from');
  const table = parseQualifiedName(stream, EXPECTING_TABLE);
  const where = stream.acceptKeyword('where') ? parseWhereClause(stream) : [];
  const groupBy: string[] = [];
  if (acceptTwoWords(stream, 'group', 'by')) {
    do groupBy.push(parseName(stream, EXPECTING_COLUMN));
    while (stream.accept('comma'));
  }
  const orderBy: SelectOrdering[] = [];
  if (stream.acceptKeyword('order')) {
    stream.expectKeyword('by');
    do orderBy.push(parseOrdering(stream));
    while (stream.accept('comma'));
  }
  let perPartitionLimit: Term | null = null;
  if (acceptTwoWords(stream, 'per', 'partition')) {
    stream.expectKeyword('limit');
    perPartitionLimit = parseIntValue(stream);
  }
  const limit = stream.acceptKeyword('limit') ? parseIntValue(stream) : null;
  let allowFiltering = false;
  if (stream.acceptKeyword('allow')) {
    stream.expectKeyword('filtering');
    allowFiltering = true;
  }
  return SelectStatement.create({
    table, json, distinct, selectors, where, groupBy, orderBy, perPartitionLimit, limit, allowFiltering,
  });
}

/** JSON or DISTINCT, when a selection follows the word (otherwise it is a column name). */
function acceptModifier(stream: TokenStream, word: 'json' | 'distinct'): boolean {
  if (!stream.isKeyword(word) || !isSelectionStartAt(stream, 1)) return false;
  stream.next();
  return true;
}

/** `GROUP BY`, `PER PARTITION`: both words are unreserved, so the first alone decides nothing. */
function acceptTwoWords(stream: TokenStream, first: string, second: string): boolean {
  if (!stream.isKeyword(first)) return false;
  stream.next();
  stream.expectKeyword(second);
  return true;
}

/** `c [ASC | DESC]`. */
function parseOrdering(stream: TokenStream): SelectOrdering {
  const column = parseName(stream, EXPECTING_COLUMN);
  if (stream.isKeyword('ann')) throw unsupported('ORDER BY ... ANN OF is');
  if (stream.acceptKeyword('desc')) return Object.freeze({ column, order: 'DESC' });
  stream.acceptKeyword('asc');
  return Object.freeze({ column, order: 'ASC' });
}
