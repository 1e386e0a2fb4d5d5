/**
 * BATCH: every statement's mutations, with the batch's timestamp unless a statement gives its
 * own, written together. Checked first as Cassandra's BatchStatement.validate checks: no
 * batch-wide TTL, a timestamp on the batch or on its statements but not both, counter updates
 * only in COUNTER or UNLOGGED batches and never beside other writes.
 *
 * Atomicity, as in Cassandra: a LOGGED batch that touches more than one partition goes
 * through the batchlog (src/cql/batchlog: stored as one row of system.batches, applied,
 * removed; replayed whole at the next open after a crash), since partitions on different
 * storage threads have different commit logs. A batch of one partition skips it, as
 * Cassandra's does: the writes of each partition are merged into one mutation
 * (partition-writes.ts), one commit-log record, applied whole and in isolation. UNLOGGED and
 * COUNTER batches never use it: their partitions are applied independently, each whole.
 */

import { InvalidRequestError } from '../../../lib/errors.js';
import type { TableWrite } from '../../rows/bulk-rows.js';
import type { BatchChild, BatchStatement } from '../../ast/batch-statement.js';
import { nativeCqlType } from '../../types/cql-type.js';
import type { ExecutionContext } from '../execution-context.js';
import { isUnset, termValue } from '../terms.js';
import { onePerPartition } from './partition-writes.js';

export interface BatchChildRunner {
  isCounter(child: BatchChild): boolean;
  mutationsOf(child: BatchChild, context: ExecutionContext): Promise<{ mutations: TableWrite[]; isCounter: boolean }>;
}

/**
 * Whether the batch's writes go through the batchlog: LOGGED, and more than one partition.
 * Partitions are told apart by table and key, so a batch over two tables sharing a key is
 * logged (Cassandra groups tables of a keyspace under one key into one mutation; here each
 * table's write is its own record, and need not share a commit-log entry).
 */
export function usesBatchlog(statement: BatchStatement, writes: readonly TableWrite[]): boolean {
  if (statement.type !== 'LOGGED' || writes.length < 2) return false;
  const first = writes[0]!;
  return writes.some((w) => w.tableId !== first.tableId || Buffer.compare(w.key, first.key) !== 0);
}

/** The batch's writes, one per partition. */
export async function batchMutations(statement: BatchStatement, context: ExecutionContext, runner: BatchChildRunner): Promise<readonly TableWrite[]> {
  validateBatch(statement, runner);
  // USING TIMESTAMP wins over the client's default timestamp (protocol flag 0x20), which wins over now.
  let timestamp = context.defaultTimestamp ?? context.clock.nowMicros();
  if (statement.using.timestamp !== null) {
    const value = termValue(statement.using.timestamp, { name: '[timestamp]', type: nativeCqlType('bigint')! }, context);
    if (value === null) throw new InvalidRequestError('Invalid null value of timestamp');
    if (!isUnset(value)) timestamp = BigInt(String(value));
  }
  const childContext: ExecutionContext = { ...context, defaultTimestamp: timestamp };
  const mutations: TableWrite[] = [];
  for (const child of statement.statements) mutations.push(...(await runner.mutationsOf(child, childContext)).mutations);
  return onePerPartition(mutations);
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
