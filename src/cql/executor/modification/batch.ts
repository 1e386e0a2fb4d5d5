/**
 * BATCH: every statement's mutations, with the batch's timestamp unless a statement gives its
 * own, written together. Checked first as Cassandra's BatchStatement.validate checks: no
 * batch-wide TTL, a timestamp on the batch or on its statements but not both, counter updates
 * only in COUNTER or UNLOGGED batches and never beside other writes. On one node, a batch's
 * mutations to one partition are one commit-log entry; a logged batch spanning partitions is
 * not yet written to a batchlog first.
 */

import { InvalidRequestError } from '../../../lib/errors.js';
import type { TableWrite } from '../../rows/bulk-rows.js';
import type { BatchChild, BatchStatement } from '../../ast/batch-statement.js';
import { nativeCqlType } from '../../types/cql-type.js';
import type { ExecutionContext } from '../execution-context.js';
import { isUnset, termValue } from '../terms.js';

export interface BatchChildRunner {
  isCounter(child: BatchChild): boolean;
  mutationsOf(child: BatchChild, context: ExecutionContext): Promise<{ mutations: TableWrite[]; isCounter: boolean }>;
}

export async function batchMutations(statement: BatchStatement, context: ExecutionContext, runner: BatchChildRunner): Promise<TableWrite[]> {
  validateBatch(statement, runner);
  let timestamp = context.clock.nowMicros();
  if (statement.using.timestamp !== null) {
    const value = termValue(statement.using.timestamp, { name: '[timestamp]', type: nativeCqlType('bigint')! }, context);
    if (value === null) throw new InvalidRequestError('Invalid null value of timestamp');
    if (!isUnset(value)) timestamp = BigInt(String(value));
  }
  const childContext: ExecutionContext = { ...context, defaultTimestamp: timestamp };
  const mutations: TableWrite[] = [];
  for (const child of statement.statements) mutations.push(...(await runner.mutationsOf(child, childContext)).mutations);
  return mutations;
}

function validateBatch(statement: BatchStatement, runner: BatchChildRunner): void {
  if (statement.using.ttl !== null) throw new InvalidRequestError('Global TTL on the BATCH statement is not supported.');
  const timestampSet = statement.using.timestamp !== null;
  if (timestampSet && statement.type === 'COUNTER') throw new InvalidRequestError('Cannot provide custom timestamp for counter BATCH');
  let hasCounters = false;
  let hasNonCounters = false;
  for (const child of statement.statements) {
    if (isConditional(child)) throw new InvalidRequestError('Conditional updates are not supported in batches by Sibyl yet');
    if (timestampSet && child.using.timestamp !== null) throw new InvalidRequestError('Timestamp must be set either on BATCH or individual statements');
    const isCounter = runner.isCounter(child);
    if (statement.type === 'COUNTER' && !isCounter) throw new InvalidRequestError('Cannot include non-counter statement in a counter batch');
    if (statement.type === 'LOGGED' && isCounter) throw new InvalidRequestError('Cannot include a counter statement in a logged batch');
    if (isCounter) hasCounters = true;
    else hasNonCounters = true;
  }
  if (hasCounters && hasNonCounters) throw new InvalidRequestError('Counter and non-counter mutations cannot exist in the same batch');
}

function isConditional(child: BatchChild): boolean {
  return child.kind === 'InsertStatement' ? child.ifNotExists : child.ifExists || child.conditions.length > 0;
}
