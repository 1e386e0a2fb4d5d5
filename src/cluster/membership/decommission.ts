/**
 * A live node leaves the ring (StorageService.decommission, unbootstrap, leaveRing):
 *
 *   1. refuse when it would lose data or cannot leave: not NORMAL, the only ring member, data
 *      still moving to it, or a keyspace whose replication factor the remaining nodes cannot
 *      hold (Cassandra's "Not enough live nodes to maintain replication factor");
 *   2. STATUS LEAVING: every node counts the ranges' next owners as pending replicas, so
 *      writes reach them too; wait ring_delay for that to spread;
 *   3. push each range it replicates to the node that becomes its new replica (stream-plan.ts);
 *   4. hand its undelivered hints (for other nodes, down now) to the nearest live node, which
 *      keeps them for their targets (Cassandra's streamHints; hint-destinations.ts);
 *   5. STATUS LEFT,<token>,<expiry>: every node drops it from the ring; wait ring_delay so
 *      the news spreads before it goes quiet. Its owner then stops it.
 *
 * A failed push or handover leaves it LEAVING, still serving as a replica (Cassandra keeps
 * LEAVING too). Hints this node writes after the handover, while it still coordinates, are
 * lost with it, as in Cassandra.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import { gossipLimits } from '../gossip/gossip-limits.js';
import { statusValue } from '../gossip/gossip-status.js';
import type { TokenMetadata } from '../ring/token-metadata.js';
import type { ReplicationStrategy } from '../replication/replication-strategy.js';
import type { StreamSummary } from '../streaming/stream-summary.js';
import type { MembershipHost, MembershipOptions, ReplicatedKeyspace } from './membership-host.js';
import { hintDestinations } from './hint-destinations.js';
import { computePendingRanges } from './pending-ranges.js';
import { computeRangeMovements } from './range-movement.js';
import { sleep } from './sleep.js';
import { planPush } from './stream-plan.js';

/** Step 1: why this node may not leave now, or null. */
export function decommissionRefusal(host: MembershipHost): string | null {
  const state = host.ringView.state();
  const ring = state.metadata;
  const self = ring.endpoint(host.self.hostId);
  if (self === undefined || self.status !== 'normal') return `Node ${host.self.address} is not a normal member of the ring (${self?.status ?? 'not in the ring'}); it cannot decommission`;
  const others = ring.endpoints().filter((e) => e.hostId !== self.hostId && e.status === 'normal');
  if (others.length === 0) return 'no other normal nodes in the ring; decommission would be pointless';
  for (const keyspace of host.replicatedKeyspaces()) {
    const shortfall = replicationShortfall(keyspace.strategy, ring, self.datacenter);
    if (shortfall !== null) return `Not enough live nodes to maintain replication factor in keyspace ${keyspace.name} (RF = ${shortfall.rf}, N = ${shortfall.nodes}). Perform a forceful decommission to ignore.`;
    if (computePendingRanges(keyspace.strategy, state).rangesOf(self.hostId).length > 0) return 'data is currently moving to this node; unable to leave the ring';
  }
  return null;
}

/** Cassandra's check: the nodes (of this datacenter, under NTS) must outnumber the factor. */
function replicationShortfall(strategy: ReplicationStrategy, ring: TokenMetadata, datacenter: string): { rf: number; nodes: number } | null {
  const rf = strategy.kind === 'NetworkTopologyStrategy' ? strategy.replicationFactorIn(datacenter) : strategy.replicationFactor();
  const nodes = strategy.kind === 'NetworkTopologyStrategy' ? (ring.datacenters().get(datacenter)?.nodeCount ?? 0) : ring.endpoints().filter((e) => e.status !== 'joining').length;
  return rf > 0 && nodes <= rf ? { rf, nodes } : null;
}

export async function leaveRing(host: MembershipHost, options: MembershipOptions): Promise<StreamSummary[]> {
  const refusal = decommissionRefusal(host);
  if (refusal !== null) throw new InvalidRequestError(refusal);
  const tokens = host.ringView.ring().tokensOf(host.self.hostId);
  const tokenTexts = tokens.map(String);

  host.ringView.setLocal('leaving', tokens);
  host.gossiper.addLocalApplicationState('STATUS', statusValue.leaving(tokenTexts));
  await sleep(options.timers, options.ringDelayMs);

  const streams = await pushRanges(host, host.replicatedKeyspaces());
  await host.hints.transferHints(hintDestinations(host));

  host.gossiper.addLocalApplicationState('STATUS', statusValue.left(tokenTexts, options.clock.nowMs() + gossipLimits.expireDelayMs));
  host.ringView.setLocal('normal', []);
  await sleep(options.timers, Math.max(options.ringDelayMs, options.gossipIntervalMs * 2));
  return streams;
}

/** Step 3: every keyspace's ranges to their new replicas. */
async function pushRanges(host: MembershipHost, keyspaces: readonly ReplicatedKeyspace[]): Promise<StreamSummary[]> {
  const now = host.ringView.ring();
  const after = now.withoutNode(host.self.hostId);
  const pushes: Array<Promise<StreamSummary>> = [];
  for (const { strategy, tableIds } of keyspaces) {
    if (tableIds.length === 0) continue;
    for (const task of planPush(computeRangeMovements(strategy, now, after), host.self.hostId)) {
      pushes.push(host.streaming.pushRangesTo(task.peer.address, tableIds, task.ranges));
    }
  }
  return Promise.all(pushes);
}
