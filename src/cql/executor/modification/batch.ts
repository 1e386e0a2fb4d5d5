/**
 * BATCH: every statement's mutations, with the batch's timestamp unless a statement gives its
 * own, written together. A COUNTER batch holds only counter updates and a LOGGED or UNLOGGED
 * one none (Cassandra's rules). On one node, a batch's mutations to one partition are one
 * commit-log entry; a logged batch spanning partitions is not yet written to a batchlog first.
 */

import { InvalidRequestError } from '../../../lib/errors.js';
import type { WriteMutation } from '../../../storage/storage-engine.js';
import type { BatchStatement } from '../../ast/batch-statement.js';
import { nativeCqlType } from '../../types/cql-type.js';
import type { ExecutionContext } from '../execution-context.js';
import { isUnset, termValue } from '../terms.js';

export interface BatchChildRunner {
  mutationsOf(child: BatchStatement['statements'][number], context: ExecutionContext): Promise<{ mutations: WriteMutation[]; isCounter: boolean }>;
}

export async function batchMutations(statement: BatchStatement, context: ExecutionContext, runner: BatchChildRunner): Promise<WriteMutation[]> {
  let timestamp = context.clock.nowMicros();
  if (statement.using.ttl !== null) throw new InvalidRequestError('Global TTL on the BATCH statement is not supported.');
  if (statement.using.timestamp !== null) {
    const value = termValue(statement.using.timestamp, { name: '[timestamp]', type: nativeCqlType('bigint')! }, context);
    if (value === null) throw new InvalidRequestError('Invalid null value of timestamp');
    if (!isUnset(value)) timestamp = BigInt(String(value));
  }
  const childContext: ExecutionContext = { ...context, defaultTimestamp: timestamp };
  const mutations: WriteMutation[] = [];
  for (const child of statement.statements) {
    if (child.kind === 'InsertStatement' && child.ifNotExists) throw new InvalidRequestError('Conditional updates are not supported in batches by Sibyl yet');
    const { mutations: childMutations, isCounter } = await runner.mutationsOf(child, childContext);
    if (statement.type === 'COUNTER' && !isCounter) throw new InvalidRequestError('Only counter mutations are allowed in COUNTER batches');
    if (statement.type !== 'COUNTER' && isCounter) throw new InvalidRequestError('Counter mutations are only allowed in COUNTER batches');
    mutations.push(...childMutations);
  }
  return mutations;
}
