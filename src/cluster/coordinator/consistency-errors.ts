/**
 * What a coordinator answers when a consistency level cannot be met, with the fields Cassandra
 * puts in each error (native protocol v4 spec, section 9), so the protocol front can send them
 * and a driver's retry policy can decide: the timeouts with the acks that did arrive, the
 * failures with the replicas that refused. (Unavailable, raised before anything is sent, is
 * cluster/consistency/unavailable-error.ts.)
 */

import { CqlErrorCode, SibylError } from '../../lib/errors.js';
import type { ConsistencyLevel } from '../consistency/consistency-level.js';

/** Cassandra's WriteType: what kind of write timed out or failed (the driver's retry policy reads it). */
export type WriteType = 'SIMPLE' | 'BATCH' | 'UNLOGGED_BATCH' | 'COUNTER' | 'BATCH_LOG' | 'CAS' | 'VIEW' | 'CDC';

export class WriteTimeoutError extends SibylError {
  override readonly name = 'WriteTimeoutError';
  readonly code = CqlErrorCode.writeTimeout;
  constructor(
    readonly consistency: ConsistencyLevel,
    readonly received: number,
    readonly blockFor: number,
    readonly writeType: WriteType,
  ) {
    super(`Operation timed out - received only ${received} responses.`);
  }
}

export class ReadTimeoutError extends SibylError {
  override readonly name = 'ReadTimeoutError';
  readonly code = CqlErrorCode.readTimeout;
  constructor(
    readonly consistency: ConsistencyLevel,
    readonly received: number,
    readonly blockFor: number,
    /** Whether the replica asked for data (not only a digest) answered. */
    readonly dataPresent: boolean,
  ) {
    super(`Operation timed out - received only ${received} responses.`);
  }
}

export class WriteFailureError extends SibylError {
  override readonly name = 'WriteFailureError';
  readonly code = CqlErrorCode.writeFailure;
  constructor(
    readonly consistency: ConsistencyLevel,
    readonly received: number,
    readonly blockFor: number,
    readonly failures: number,
    readonly writeType: WriteType,
    detail: string,
  ) {
    super(`Operation failed - received ${received} responses and ${failures} failures: ${detail}`);
  }
}

export class ReplicaReadFailureError extends SibylError {
  override readonly name = 'ReadFailureError';
  readonly code = CqlErrorCode.readFailure;
  constructor(
    readonly consistency: ConsistencyLevel,
    readonly received: number,
    readonly blockFor: number,
    readonly failures: number,
    readonly dataPresent: boolean,
    detail: string,
  ) {
    super(`Operation failed - received ${received} responses and ${failures} failures: ${detail}`);
  }
}
