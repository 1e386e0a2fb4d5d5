/**
 * `parseStatement(source)`: one CQL statement, optionally ended by `;`, to its AST. Recursive
 * descent over `tokenize`'s tokens, dispatching on the first keyword (and for CREATE, ALTER,
 * DROP on the object word) to one file per statement family.
 *
 * Errors: malformed text is a CqlSyntaxError at the offending token (`line L:C mismatched input
 * 'x' expecting ...`, `no viable alternative at input 'x'`); valid CQL of a kind not built yet
 * (CREATE INDEX, CREATE FUNCTION, ...) is an InvalidRequestError naming the kind.
 *
 * One TokenStream serves the whole statement, so bind markers are numbered statement-wide
 * (`bindMarkersOf` in ../ast lists them).
 */

import type { Statement } from '../ast/statement.js';
import { tokenize } from '../lexer/lexer.js';
import { parseBatch } from './parse-batch.js';
import { parseDelete } from './parse-delete.js';
import { parseDescribe } from './parse-describe.js';
import { parseInsert } from './parse-insert.js';
import { parseAlterKeyspace, parseCreateKeyspace, parseDropKeyspace } from './parse-keyspace-statements.js';
import { parseSelect } from './parse-select.js';
import { parseGrant, parseList, parseRevoke } from './parse-permission-statements.js';
import { parseAlterRole, parseAlterUser, parseCreateRole, parseCreateUser, parseDropRole, parseDropUser } from './parse-role-statements.js';
import { parseAlterTable, parseCreateTable, parseDropTable } from './parse-table-statements.js';
import { parseCreateType, parseDropType } from './parse-type-statements.js';
import { parseUpdate } from './parse-update.js';
import { parseTruncate, parseUse } from './parse-use-truncate.js';
import { TokenStream } from './token-stream.js';
import { unsupported } from './unsupported.js';

type Family = (stream: TokenStream) => Statement;

/** For each verb with an object word: object word -> parser (after the word). */
const BY_OBJECT: ReadonlyMap<string, ReadonlyMap<string, Family>> = new Map([
  ['create', new Map<string, Family>([
    ['keyspace', parseCreateKeyspace],
    ['schema', parseCreateKeyspace],
    ['table', parseCreateTable],
    ['columnfamily', parseCreateTable],
    ['type', parseCreateType],
    ['role', parseCreateRole],
    ['user', parseCreateUser],
  ])],
  ['alter', new Map<string, Family>([
    ['keyspace', parseAlterKeyspace],
    ['schema', parseAlterKeyspace],
    ['table', parseAlterTable],
    ['columnfamily', parseAlterTable],
    ['role', parseAlterRole],
    ['user', parseAlterUser],
  ])],
  ['drop', new Map<string, Family>([
    ['keyspace', parseDropKeyspace],
    ['schema', parseDropKeyspace],
    ['table', parseDropTable],
    ['columnfamily', parseDropTable],
    ['type', parseDropType],
    ['role', parseDropRole],
    ['user', parseDropUser],
  ])],
]);

/** Object words of CREATE/ALTER/DROP that are valid CQL but not built yet. */
const UNSUPPORTED_OBJECTS: ReadonlySet<string> = new Set([
  'index', 'custom', 'materialized', 'function', 'aggregate', 'or', 'trigger', 'type',
]);

/** Verbs whose parser starts right after the verb. */
const BY_VERB: ReadonlyMap<string, Family> = new Map<string, Family>([
  ['use', parseUse],
  ['truncate', parseTruncate],
  ['select', parseSelect],
  ['insert', parseInsert],
  ['update', parseUpdate],
  ['delete', parseDelete],
  ['begin', parseBatch],
  ['describe', parseDescribe],
  ['desc', parseDescribe],
  ['grant', parseGrant],
  ['revoke', parseRevoke],
  ['list', parseList],
]);

export function parseStatement(source: string): Statement {
  const stream = new TokenStream(tokenize(source));
  const statement = parseFirstKeyword(stream);
  stream.accept('semicolon');
  if (!stream.is('end')) throw stream.mismatched('<EOF>');
  return statement;
}

function parseFirstKeyword(stream: TokenStream): Statement {
  const verb = stream.peek();
  if (verb.kind !== 'keyword') throw stream.noViableAlternative();
  const byVerb = BY_VERB.get(verb.text);
  if (byVerb !== undefined) {
    stream.next();
    return byVerb(stream);
  }
  const objects = BY_OBJECT.get(verb.text);
  if (objects !== undefined) {
    stream.next();
    const object = stream.peek();
    const family = object.kind === 'keyword' ? objects.get(object.text) : undefined;
    if (family !== undefined) {
      stream.next();
      return family(stream);
    }
    if (object.kind === 'keyword' && UNSUPPORTED_OBJECTS.has(object.text)) throw unsupportedStatement(`${verb.text} ${object.text}`);
    throw stream.noViableAlternative();
  }
  throw stream.noViableAlternative();
}

function unsupportedStatement(what: string): Error {
  return unsupported(`${what.toUpperCase()} statements are`);
}
