/**
 * The acks a consistency level needs from one replica set, as ReplicaAcks counts them: one
 * group of blockFor for the plain levels, the local datacenter alone for LOCAL_*, a quorum per
 * datacenter for EACH_QUORUM under NetworkTopologyStrategy.
 */

import { blockFor, isDatacenterLocal, localQuorumFor, type ConsistencyLevel } from '../consistency/consistency-level.js';
import type { Endpoint } from '../ring/endpoint.js';
import type { ReplicationStrategy } from '../replication/replication-strategy.js';
import type { AckNeeds } from './replica-acks.js';

const ALL_GROUP = '*';

export function ackNeeds(level: ConsistencyLevel, strategy: ReplicationStrategy, replicas: readonly Endpoint[], localDatacenter: string): AckNeeds {
  const datacenterOf = new Map(replicas.map((r) => [r.address, r.datacenter]));
  if (level === 'EACH_QUORUM' && strategy.kind === 'NetworkTopologyStrategy') {
    const required = new Map(strategy.datacenters().map((dc) => [dc, localQuorumFor(strategy, dc)]));
    return { required, groupOf: (address) => datacenterOf.get(address) ?? null };
  }
  const required = new Map([[isDatacenterLocal(level) ? localDatacenter : ALL_GROUP, blockFor(level, strategy, localDatacenter)]]);
  if (!isDatacenterLocal(level)) return { required, groupOf: () => ALL_GROUP };
  return { required, groupOf: (address) => (datacenterOf.get(address) === localDatacenter ? localDatacenter : null) };
}
