/**
 * Too few live replicas to even try a request at its consistency level (Cassandra's
 * UnavailableException, native protocol error 0x1000 whose body carries the consistency level,
 * the replicas required and the replicas known alive). Raised before any replica is contacted,
 * so the request had no effect anywhere.
 */

import { CqlErrorCode, SibylError } from '../../lib/errors.js';
import type { ConsistencyLevel } from './consistency-level.js';

export class UnavailableError extends SibylError {
  override readonly name = 'UnavailableError';
  readonly code = CqlErrorCode.unavailable;

  constructor(
    readonly consistency: ConsistencyLevel,
    readonly required: number,
    readonly alive: number,
    /** Set for EACH_QUORUM: the datacenter that fell short. */
    readonly datacenter?: string,
  ) {
    super(
      `Cannot achieve consistency level ${consistency}${datacenter === undefined ? '' : ` in DC ${datacenter}`}` +
        ` (required ${required}, alive ${alive})`,
    );
  }
}
