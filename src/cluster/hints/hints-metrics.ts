/**
 * What the hints service counts, for the node tool and metrics (Cassandra's HintsServiceMetrics,
 * HintedHandoffMetrics and StorageMetrics.totalHints). Counters run from the node's start;
 * `pending` is read from the stores, so it survives restarts.
 */

export interface HintsPendingByTarget {
  readonly hostId: string;
  /** Hints not yet delivered (readable entries after the dispatch position). */
  readonly count: number;
  /** Their bytes on disk, frames included. */
  readonly bytes: number;
}

export interface HintsMetrics {
  /** Hints stored (Cassandra's TotalHints / Hints_created). */
  readonly created: number;
  /** Hints the target acknowledged (HintsSucceeded). */
  readonly delivered: number;
  /** Deliveries refused or unanswered (HintsFailed + HintsTimedOut); those hints are sent again later. */
  readonly failed: number;
  /** Hints not stored because the target was down longer than max_hint_window (Hints_not_stored). */
  readonly droppedPastWindow: number;
  /** Hints dropped undelivered because they outlived their tables' gc_grace_seconds. */
  readonly droppedExpired: number;
  /** Hints dropped because their target left the ring. */
  readonly droppedRemovedTarget: number;
  /** Entries skipped because their payload failed its checksum. */
  readonly droppedCorrupt: number;
  /** Hints that could not be written (the disk refused). */
  readonly storeErrors: number;
  /** Replica side: hints from other coordinators applied here. */
  readonly applied: number;
  /** Hints handed to another node for delivery when this one decommissioned (HintsService.transferHints). */
  readonly transferredOut: number;
  /** Hints another node handed here, stored for their target. */
  readonly transferredIn: number;
  /** Per target host, those with hints still to deliver. */
  readonly pending: readonly HintsPendingByTarget[];
}

export type HintsCounter = Exclude<keyof HintsMetrics, 'pending'>;

/** The counters as the service bumps them. */
export class HintsCounters {
  private readonly values: Record<HintsCounter, number> = {
    created: 0,
    delivered: 0,
    failed: 0,
    droppedPastWindow: 0,
    droppedExpired: 0,
    droppedRemovedTarget: 0,
    droppedCorrupt: 0,
    storeErrors: 0,
    applied: 0,
    transferredOut: 0,
    transferredIn: 0,
  };

  add(counter: HintsCounter, by = 1): void {
    this.values[counter] += by;
  }

  snapshot(pending: readonly HintsPendingByTarget[]): HintsMetrics {
    return { ...this.values, pending };
  }
}
