/**
 * Which live replicas a read contacts (Cassandra 3.x ConsistencyLevel.filterForQuery): the
 * coordinator sends the data request to the first and digest requests to the rest, and waits
 * for blockFor of them.
 *
 * - EACH_QUORUM under NetworkTopologyStrategy: a quorum from each datacenter (all of the local
 *   one with DC_LOCAL read repair, everything with GLOBAL). The local datacenter comes first
 *   so the data request stays local (Cassandra walks a HashMap here, in no stated order).
 * - Otherwise the replicas as given (sorted by proximity, nearest first: the snitch's job), with
 *   the local datacenter's moved to the front, stably, for the datacenter-local levels; then
 *   NONE: the first blockFor; GLOBAL: all; DC_LOCAL: every local one, topped up with remote ones
 *   up to blockFor.
 *
 * Writes need no such choice: they go to every live replica (plus pending ones) and wait for
 * blockForWrite answers.
 */

import type { Endpoint } from '../ring/endpoint.js';
import type { NetworkTopologyStrategy } from '../replication/network-topology-strategy.js';
import type { ReplicationStrategy } from '../replication/replication-strategy.js';
import { assertNever } from '../../lib/assert.js';
import { blockFor, isDatacenterLocal, localQuorumFor, type ConsistencyLevel } from './consistency-level.js';

/** Cassandra's ReadRepairDecision: whether this read also repairs, and where. */
export type ReadRepairDecision = 'NONE' | 'GLOBAL' | 'DC_LOCAL';

export function replicasToContactForRead(
  level: ConsistencyLevel,
  strategy: ReplicationStrategy,
  liveReplicas: readonly Endpoint[],
  localDatacenter: string,
  readRepair: ReadRepairDecision,
): readonly Endpoint[] {
  if (level === 'EACH_QUORUM' && strategy.kind === 'NetworkTopologyStrategy') {
    return eachQuorumReplicas(strategy, liveReplicas, localDatacenter, readRepair);
  }
  const ordered = isDatacenterLocal(level) ? localFirst(liveReplicas, localDatacenter) : liveReplicas;
  const needed = blockFor(level, strategy, localDatacenter);
  switch (readRepair) {
    case 'NONE':
      return ordered.slice(0, needed);
    case 'GLOBAL':
      return ordered;
    case 'DC_LOCAL': {
      const local = ordered.filter((replica) => replica.datacenter === localDatacenter);
      const remote = ordered.filter((replica) => replica.datacenter !== localDatacenter);
      return local.length >= needed ? local : [...local, ...remote.slice(0, needed - local.length)];
    }
    default:
      return assertNever(readRepair, 'read repair decision');
  }
}

function eachQuorumReplicas(
  strategy: NetworkTopologyStrategy,
  liveReplicas: readonly Endpoint[],
  localDatacenter: string,
  readRepair: ReadRepairDecision,
): readonly Endpoint[] {
  if (readRepair === 'GLOBAL') return liveReplicas;
  const datacenters = [...strategy.datacenters()].sort((a, b) =>
    a === localDatacenter ? -1 : b === localDatacenter ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  const chosen: Endpoint[] = [];
  for (const datacenter of datacenters) {
    const inDatacenter = liveReplicas.filter((replica) => replica.datacenter === datacenter);
    const all = readRepair === 'DC_LOCAL' && datacenter === localDatacenter;
    chosen.push(...(all ? inDatacenter : inDatacenter.slice(0, localQuorumFor(strategy, datacenter))));
  }
  return chosen;
}

function localFirst(replicas: readonly Endpoint[], localDatacenter: string): readonly Endpoint[] {
  return [
    ...replicas.filter((replica) => replica.datacenter === localDatacenter),
    ...replicas.filter((replica) => replica.datacenter !== localDatacenter),
  ];
}
