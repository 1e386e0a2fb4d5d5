/**
 * The replicas of a counter write's partition as the node sees them now: the natural ones (a
 * leader is one of them), the pending ones (they get the write too), and which are alive; and
 * the Unavailable check on them, the one WriteCoordinator makes before it sends
 * (membership/pending-write.ts). The coordinator makes it before choosing a leader, and the
 * leader again before it applies anything: a write that cannot meet its level changes nothing.
 */

import type { ConsistencyLevel } from '../consistency/consistency-level.js';
import { assureSufficientLiveForWrite } from '../membership/pending-write.js';
import { NO_PENDING, type PendingReplicas } from '../membership/pending-ranges.js';
import type { Endpoint } from '../ring/endpoint.js';
import { murmur3Token } from '../ring/murmur3.js';
import type { ReplicasForToken } from '../replication/replicas-for-token.js';
import type { ReplicationStrategy } from '../replication/replication-strategy.js';
import type { PendingReplicaView } from './write-coordinator.js';

export interface CounterReplicas {
  readonly natural: ReplicasForToken;
  readonly pending: PendingReplicas;
  /** The live natural replicas: the candidates to lead. */
  readonly liveNatural: readonly Endpoint[];
  /** The live natural and pending replicas: who can acknowledge the write. */
  readonly liveTargets: readonly Endpoint[];
}

export function counterReplicasOf(view: PendingReplicaView, strategy: ReplicationStrategy, key: Uint8Array): CounterReplicas {
  const token = murmur3Token(key);
  const natural = strategy.replicasFor(token, view.ring());
  const pending = view.pendingReplicasFor?.(strategy, token) ?? NO_PENDING;
  const liveNatural = natural.filter((replica) => view.isAlive(replica));
  const liveTargets = pending.length === 0 ? liveNatural : [...liveNatural, ...pending.filter((replica) => view.isAlive(replica))];
  return { natural, pending, liveNatural, liveTargets };
}

/** Throws UnavailableError unless enough replicas are alive for `level` (pending ones raising the bar). */
export function assureCounterWriteAvailable(replicas: CounterReplicas, level: ConsistencyLevel, strategy: ReplicationStrategy, localDatacenter: string): void {
  assureSufficientLiveForWrite(level, strategy, replicas.liveTargets, replicas.pending, localDatacenter);
}
