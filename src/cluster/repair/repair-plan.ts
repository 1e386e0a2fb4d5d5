/**
 * Which ranges a repair on this node covers and with whom (Cassandra's RepairRunnable
 * building its CommonRanges): for each keyspace, the ring ranges this node replicates (or,
 * with -pr, those it is the first replica of), grouped by their replica set, so that one
 * session validates all the ranges a set of replicas shares at once. Ranges this node alone
 * replicates have nothing to compare and are left out. Pure: the ring and strategies in, the
 * sessions out.
 */

import type { TableMetadata } from '../../cql/schema/table-metadata.js';
import type { Endpoint } from '../ring/endpoint.js';
import type { TokenMetadata } from '../ring/token-metadata.js';
import type { TokenRange } from '../ring/token-range.js';
import type { ReplicationStrategy } from '../replication/replication-strategy.js';

export interface KeyspaceToRepair {
  readonly keyspace: string;
  readonly strategy: ReplicationStrategy;
  readonly tables: readonly TableMetadata[];
}

export interface RepairSessionPlan {
  readonly keyspace: string;
  /** The replicas of every range of the session, this node first, then by address. */
  readonly replicas: readonly Endpoint[];
  /** In ring order. */
  readonly ranges: readonly TokenRange[];
  readonly tables: readonly TableMetadata[];
}

export function planRepairSessions(ring: TokenMetadata, self: Endpoint, keyspaces: readonly KeyspaceToRepair[], primaryRangeOnly: boolean): RepairSessionPlan[] {
  const sessions: RepairSessionPlan[] = [];
  const ringSize = ring.sortedTokens().length;
  for (const { keyspace, strategy, tables } of keyspaces) {
    if (tables.length === 0) continue;
    const byReplicaSet = new Map<string, { replicas: Endpoint[]; ranges: TokenRange[] }>();
    for (let index = 0; index < ringSize; index++) {
      const replicas = strategy.replicasAt(index, ring);
      if (!replicas.some((r) => r.hostId === self.hostId)) continue;
      if (primaryRangeOnly && replicas[0]!.hostId !== self.hostId) continue;
      if (replicas.length < 2) continue;
      const ordered = [...replicas].sort((a, b) => (a.hostId === self.hostId ? -1 : b.hostId === self.hostId ? 1 : a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
      const key = ordered.map((r) => r.hostId).join(',');
      let group = byReplicaSet.get(key);
      if (group === undefined) byReplicaSet.set(key, (group = { replicas: ordered, ranges: [] }));
      group.ranges.push(ring.rangeAt(index));
    }
    for (const { replicas, ranges } of byReplicaSet.values()) sessions.push({ keyspace, replicas, ranges, tables });
  }
  return sessions;
}
