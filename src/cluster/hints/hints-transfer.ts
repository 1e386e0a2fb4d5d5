/**
 * The handover of a decommissioning node's hints (HintsService.transferHints): where they may
 * go, what went, and the failure that stops a decommission (Cassandra fails unbootstrap when
 * its hints cannot be streamed).
 */

import { SibylError, CqlErrorCode } from '../../lib/errors.js';

/** A live node that may take the hints, nearest first (membership/hint-destinations.ts). */
export interface HintDestination {
  readonly hostId: string;
  /** host:port */
  readonly address: string;
}

export interface HintsTransferSummary {
  /** Hints the destinations took. */
  readonly hints: number;
  /** Targets with hints to hand over. */
  readonly stores: number;
  /** Nodes that took them (host:port). */
  readonly destinations: readonly string[];
}

export class HintsTransferError extends SibylError {
  override readonly name = 'HintsTransferError';
  readonly code = CqlErrorCode.serverError;
}
