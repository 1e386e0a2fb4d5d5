/**
 * What a coordinator needs to know of the cluster, as the node sees it right now: itself, the
 * ring, who is alive (the failure detector's verdict), and each table's replication (from its
 * keyspace; null for the local system keyspaces, which never leave the node).
 */

import type { Endpoint } from '../ring/endpoint.js';
import type { TokenMetadata } from '../ring/token-metadata.js';
import type { ReplicationStrategy } from '../replication/replication-strategy.js';

export interface ClusterView {
  readonly self: Endpoint;
  ring(): TokenMetadata;
  isAlive(endpoint: Endpoint): boolean;
  /** The table's keyspace's strategy (one object per keyspace, so replica caches are shared), or null for a node-local table. */
  strategyOf(tableId: number): ReplicationStrategy | null;
  /** The table's speculative_retry option (default '99p'). */
  speculativeRetryOf?(tableId: number): string | undefined;
}

export interface CoordinatorTimeouts {
  /** write_request_timeout (Cassandra: 2 s). */
  readonly writeMs: number;
  /** read_request_timeout (Cassandra: 5 s). */
  readonly readMs: number;
  /** range_request_timeout (Cassandra: 10 s). */
  readonly rangeMs: number;
}

export const DEFAULT_TIMEOUTS: CoordinatorTimeouts = Object.freeze({ writeMs: 2000, readMs: 5000, rangeMs: 10_000 });

/** Replicas nearest first: this node, then its datacenter, then the rest (a static snitch). */
export function byProximity(replicas: readonly Endpoint[], self: Endpoint): Endpoint[] {
  const rank = (e: Endpoint): number => (e.hostId === self.hostId ? 0 : e.datacenter === self.datacenter ? 1 : 2);
  return [...replicas].sort((a, b) => rank(a) - rank(b));
}
