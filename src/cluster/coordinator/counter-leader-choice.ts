/**
 * Which replica leads a counter write (Cassandra's StorageProxy.findSuitableReplica): a live
 * natural replica of the partition. The coordinator itself when it is one, saving the hop;
 * otherwise one of the live replicas of its datacenter, taken in turn so that a coordinator's
 * counter writes spread over them (Cassandra picks at random; a turn keeps the choice
 * deterministic under the simulator); with none there, the nearest live replica, unless the
 * level is datacenter-local, which must not involve other datacenters. Pending replicas never
 * lead: they may not own the range after all.
 */

import { blockFor, isDatacenterLocal, type ConsistencyLevel } from '../consistency/consistency-level.js';
import { UnavailableError } from '../consistency/unavailable-error.js';
import type { Endpoint } from '../ring/endpoint.js';
import type { ReplicationStrategy } from '../replication/replication-strategy.js';
import { byProximity } from './cluster-view.js';

export function chooseCounterLeader(
  liveReplicas: readonly Endpoint[],
  self: Endpoint,
  level: ConsistencyLevel,
  strategy: ReplicationStrategy,
  turn: number,
): Endpoint {
  const unavailable = (): UnavailableError => new UnavailableError(level, blockFor(level, strategy, self.datacenter), 0);
  if (liveReplicas.length === 0) throw unavailable();
  const own = liveReplicas.find((replica) => replica.hostId === self.hostId);
  if (own !== undefined) return own;
  const local = liveReplicas.filter((replica) => replica.datacenter === self.datacenter);
  if (local.length > 0) return local[Math.abs(turn) % local.length]!;
  if (isDatacenterLocal(level)) throw unavailable();
  return byProximity(liveReplicas, self)[0]!;
}
