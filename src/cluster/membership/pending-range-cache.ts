/**
 * Pending ranges computed once per ring state and keyspace strategy. RingState is immutable
 * (a change makes a new one) and strategies are one object per keyspace, so both serve as
 * WeakMap keys: no invalidation, and old entries go with their ring.
 */

import type { ReplicationStrategy } from '../replication/replication-strategy.js';
import { computePendingRanges, type PendingRanges } from './pending-ranges.js';
import type { RingState } from './ring-state.js';

export class PendingRangeCache {
  private readonly byState = new WeakMap<RingState, WeakMap<ReplicationStrategy, PendingRanges>>();

  pendingRanges(strategy: ReplicationStrategy, state: RingState): PendingRanges {
    let byStrategy = this.byState.get(state);
    if (byStrategy === undefined) this.byState.set(state, (byStrategy = new WeakMap()));
    let ranges = byStrategy.get(strategy);
    if (ranges === undefined) byStrategy.set(strategy, (ranges = computePendingRanges(strategy, state)));
    return ranges;
  }
}
