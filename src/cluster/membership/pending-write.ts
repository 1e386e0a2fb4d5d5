/**
 * A write to a range with pending replicas (ConsistencyLevel.blockForWrite and
 * ReplicaPlans.assureSufficientLiveReplicasForWrite): it goes to the natural replicas and the
 * pending ones, and each pending replica raises the answers needed by one in the group its
 * answer counts toward (every replica for ONE..ALL, the local datacenter for LOCAL_*, its own
 * datacenter for EACH_QUORUM; ANY is unchanged). Unavailable is judged against that raised bar
 * with the live natural and pending replicas, pending ones that are down included in the bar,
 * as Cassandra does: a range moving mid-write still ends with blockFor acknowledged owners
 * whichever way the move ends.
 */

import { assureSufficientLiveNodes, blockForWrite, countIn, isDatacenterLocal, localQuorumFor, type ConsistencyLevel } from '../consistency/consistency-level.js';
import { UnavailableError } from '../consistency/unavailable-error.js';
import { ackNeeds } from '../coordinator/ack-needs.js';
import type { AckNeeds } from '../coordinator/replica-acks.js';
import type { Endpoint } from '../ring/endpoint.js';
import type { ReplicationStrategy } from '../replication/replication-strategy.js';
import type { PendingReplicas } from './pending-ranges.js';

/** The acks a write to `natural` + `pending` needs at `level`. */
export function ackNeedsForWrite(
  level: ConsistencyLevel,
  strategy: ReplicationStrategy,
  natural: readonly Endpoint[],
  pending: PendingReplicas,
  localDatacenter: string,
): AckNeeds {
  if (pending.length === 0) return ackNeeds(level, strategy, natural, localDatacenter);
  const base = ackNeeds(level, strategy, [...natural, ...pending], localDatacenter);
  if (level === 'ANY') return base;
  const required = new Map(base.required);
  for (const replica of pending) {
    const group = base.groupOf(replica.address);
    if (group !== null) required.set(group, (required.get(group) ?? 0) + 1);
  }
  return { required, groupOf: base.groupOf };
}

/** Throws UnavailableError unless enough of the targets are alive for the raised bar. */
export function assureSufficientLiveForWrite(
  level: ConsistencyLevel,
  strategy: ReplicationStrategy,
  liveTargets: readonly Endpoint[],
  pending: PendingReplicas,
  localDatacenter: string,
): void {
  if (pending.length === 0 || level === 'ANY') return assureSufficientLiveNodes(level, strategy, liveTargets, localDatacenter);
  if (level === 'EACH_QUORUM' && strategy.kind === 'NetworkTopologyStrategy') {
    for (const datacenter of strategy.datacenters()) {
      const required = localQuorumFor(strategy, datacenter) + countIn(pending, datacenter);
      const alive = countIn(liveTargets, datacenter);
      if (alive < required) throw new UnavailableError(level, required, alive, datacenter);
    }
    return;
  }
  const required = blockForWrite(level, strategy, localDatacenter, pending);
  const alive = isDatacenterLocal(level) ? countIn(liveTargets, localDatacenter) : liveTargets.length;
  if (alive < required) throw new UnavailableError(level, required, alive);
}
