/**
 * BATCH, after BEGIN (Cassandra's `batchStatement`):
 *
 *   BEGIN [UNLOGGED | COUNTER] BATCH [USING TIMESTAMP ts]
 *     (INSERT ... | UPDATE ... | DELETE ...) [;] ...
 *   APPLY BATCH
 *
 * The children share the stream, so their bind markers are numbered across the whole batch. A
 * batch-wide TTL is refused with Cassandra's InvalidRequest message.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import { BatchStatement, type BatchChild } from '../ast/batch-statement.js';
import { parseDelete } from './parse-delete.js';
import { parseInsert } from './parse-insert.js';
import { parseUpdate } from './parse-update.js';
import { parseUsingClause } from './parse-using.js';
import type { TokenStream } from './token-stream.js';

type ChildParser = (stream: TokenStream) => BatchChild;

const CHILDREN: ReadonlyMap<string, ChildParser> = new Map<string, ChildParser>([
  ['insert', parseInsert],
  ['update', parseUpdate],
  ['delete', parseDelete],
]);

export function parseBatch(stream: TokenStream): BatchStatement {
  let type: BatchStatement['type'] = 'LOGGED';
  if (stream.acceptKeyword('unlogged')) type = 'UNLOGGED';
  else if (stream.acceptKeyword('counter')) type = 'COUNTER';
  stream.expectKeyword('batch');
  const using = parseUsingClause(stream, 'ttl-and-timestamp');
  if (using.ttl !== null) throw new InvalidRequestError('Global TTL on the BATCH statement is not supported.');
  const statements: BatchChild[] = [];
  while (!stream.isKeyword('apply')) {
    const verb = stream.peek();
    const child = verb.kind === 'keyword' ? CHILDREN.get(verb.text) : undefined;
    if (child === undefined) throw stream.mismatched('INSERT, UPDATE, DELETE or APPLY');
    stream.next();
    statements.push(child(stream));
    stream.accept('semicolon');
  }
  stream.expectKeyword('apply');
  stream.expectKeyword('batch');
  return BatchStatement.create({ type, using, statements });
}
