/**
 * The node's hints counts as metric families for its admin server's scrape
 * (metrics/hints-families.ts names them after Cassandra's TotalHints, HintsSucceeded,
 * HintsFailed and Hints_not_stored): pending over every target, and everything given up
 * (not stored past the window, expired, for a node that left, unreadable) as dropped.
 */

import type { MetricCollector } from '../admin/admin-plugins.js';
import { hintsFamilies } from '../metrics/hints-families.js';
import type { HintsService } from './hints-service.js';

export function hintsMetricCollector(hints: HintsService): MetricCollector {
  return () => {
    const m = hints.metrics();
    return hintsFamilies({
      pending: m.pending.reduce((sum, target) => sum + target.count, 0),
      created: m.created,
      delivered: m.delivered,
      failed: m.failed,
      dropped: m.droppedPastWindow + m.droppedExpired + m.droppedRemovedTarget + m.droppedCorrupt,
    });
  };
}
