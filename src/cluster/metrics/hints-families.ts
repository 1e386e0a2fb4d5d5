/**
 * The metric names a node's hinted handoff reports under (Cassandra's TotalHints,
 * HintsSucceeded, HintsFailed, Hints_not_stored...), so whichever service keeps the counts
 * registers a collector (AdminPlugins.registerCollector) that maps its counts through this.
 */

import { counterFamily, gaugeFamily, type MetricFamily } from './metric-family.js';

export interface HintCounts {
  /** Hints stored and not yet delivered, over every target. */
  readonly pending: number;
  readonly created: number;
  readonly delivered: number;
  /** Deliveries refused or unanswered (sent again later). */
  readonly failed: number;
  /** Hints given up: not stored (target down too long), expired, or for a node that left. */
  readonly dropped: number;
}

export function hintsFamilies(counts: HintCounts): MetricFamily[] {
  const one = (value: number) => [{ labels: {}, value }];
  return [
    gaugeFamily('sibyl_hints_pending', 'Hints stored and not yet delivered.', one(counts.pending)),
    counterFamily('sibyl_hints_created_total', 'Hints stored for replicas that did not answer.', one(counts.created)),
    counterFamily('sibyl_hints_delivered_total', 'Hints their replica acknowledged.', one(counts.delivered)),
    counterFamily('sibyl_hints_failed_total', 'Hint deliveries refused or unanswered (retried later).', one(counts.failed)),
    counterFamily('sibyl_hints_dropped_total', 'Hints given up: not stored, expired, or for a node that left.', one(counts.dropped)),
  ];
}
