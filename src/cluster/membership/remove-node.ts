/**
 * removenode: a live node takes a dead node out of the ring without losing a replica
 * (StorageService.removeNode, restoreReplicaCount, Gossiper.advertiseRemoving and
 * advertiseTokenRemoved). The node that runs it coordinates:
 *
 *   1. refuse unless the host id is a ring member other than this node, it is down, and no
 *      removal is under way here;
 *   2. gossip on its behalf: STATUS removing,<hostId> (and REMOVAL_COORDINATOR), at a newer
 *      generation (gossip-advertisement.ts). Every node now treats it as leaving: its ranges'
 *      next owners are pending replicas and get writes. Wait ring_delay for that to spread;
 *   3. for each keyspace, each node that gains one of its ranges fetches it from a live
 *      replica that has it (stream-plan.ts planRestore): this node itself, or the others by a
 *      restoreReplicas request answered when their fetches are written;
 *   4. gossip STATUS removed,<hostId>,<expiry> on its behalf: every node drops it from the ring
 *      and from gossip; wait a few rounds so at least one carries it.
 *
 * Ranges whose every other replica is down are reported, not fetched (Cassandra logs them
 * too): their data lives only on nodes that are down.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import { asEndpoint } from '../gossip/endpoint.js';
import { gossipLimits } from '../gossip/gossip-limits.js';
import { statusValue } from '../gossip/gossip-status.js';
import { Verb } from '../messaging/verb.js';
import type { Endpoint, HostId } from '../ring/endpoint.js';
import { TokenRange } from '../ring/token-range.js';
import { toWireRange } from '../streaming/stream-messages.js';
import { advertiseOnBehalfOf } from './gossip-advertisement.js';
import { membershipLimits } from './membership-limits.js';
import type { MembershipHost, MembershipOptions } from './membership-host.js';
import { computeRangeMovements } from './range-movement.js';
import { decodeRestoreRequest, type RestoreFetch, type RestoreReplicasRequest, type RestoreReplicasResponse } from './restore-messages.js';
import { sleep } from './sleep.js';
import { planRestore } from './stream-plan.js';

export interface RemovalSummary {
  readonly hostId: HostId;
  readonly address: string;
  /** The nodes that fetched ranges, and what they received. */
  readonly restored: ReadonlyArray<{ readonly address: string; readonly partitions: number; readonly bytes: number }>;
  /** Ranges no live replica held: their data could not be copied. */
  readonly unsourced: readonly string[];
}

/** Step 1: the dead ring member to remove, or why not. */
export function removalTarget(host: MembershipHost, hostId: HostId): Endpoint {
  const target = host.ringView.ring().endpoint(hostId);
  if (target === undefined || target.status === 'joining') throw new InvalidRequestError(`Host ID not found: ${hostId}`);
  if (hostId === host.self.hostId) throw new InvalidRequestError('Cannot remove self');
  if (host.gossiper.isAlive(asEndpoint(target.address))) {
    throw new InvalidRequestError(`Node ${target.address} is alive and owns this ID. Use decommission command to remove it from the ring`);
  }
  return target;
}

export async function removeNode(host: MembershipHost, options: MembershipOptions, removed: Endpoint): Promise<RemovalSummary> {
  const address = asEndpoint(removed.address);
  advertiseOnBehalfOf(host.gossiper, address, [
    ['STATUS', statusValue.removing(removed.hostId)],
    ['REMOVAL_COORDINATOR', host.self.hostId],
  ]);
  await sleep(options.timers, options.ringDelayMs);

  const { requests, unsourced } = restoreRequests(host, removed.hostId);
  const restored = await Promise.all(
    [...requests].map(async ([target, request]) => {
      const answer = target.hostId === host.self.hostId ? await restoreReplicas(host, request) : await host.messaging.request<RestoreReplicasResponse>(target.address, Verb.restoreReplicas, request, membershipLimits.restoreTimeoutMs);
      return { address: target.address, ...answer };
    }),
  );

  advertiseOnBehalfOf(host.gossiper, address, [['STATUS', statusValue.removed(removed.hostId, options.clock.nowMs() + gossipLimits.expireDelayMs)]]);
  await sleep(options.timers, options.gossipIntervalMs * membershipLimits.removalAdvertiseRounds);
  return { hostId: removed.hostId, address: removed.address, restored, unsourced: unsourced.map(TokenRange.toString) };
}

/** Step 3's plan: one request per node that gains ranges, every keyspace in it. */
function restoreRequests(host: MembershipHost, removedHostId: HostId): { requests: Map<Endpoint, RestoreReplicasRequest>; unsourced: TokenRange[] } {
  const now = host.ringView.ring();
  const after = now.withoutNode(removedHostId);
  const byTarget = new Map<HostId, { target: Endpoint; fetches: RestoreFetch[] }>();
  const unsourced: TokenRange[] = [];
  for (const { strategy, tableIds } of host.replicatedKeyspaces()) {
    if (tableIds.length === 0) continue;
    const plan = planRestore(computeRangeMovements(strategy, now, after), removedHostId, (source) => host.isAlive(source));
    unsourced.push(...plan.unsourced);
    for (const { target, fetches } of plan.restores) {
      let entry = byTarget.get(target.hostId);
      if (entry === undefined) byTarget.set(target.hostId, (entry = { target, fetches: [] }));
      for (const fetch of fetches) entry.fetches.push({ source: fetch.peer.address, tableIds, ranges: fetch.ranges.map(toWireRange) });
    }
  }
  const requests = new Map<Endpoint, RestoreReplicasRequest>();
  for (const { target, fetches } of byTarget.values()) requests.set(target, { removedHostId, fetches });
  return { requests, unsourced };
}

/** A gaining node's side of step 3 (the restoreReplicas handler): every fetch, then the totals. */
export async function restoreReplicas(host: MembershipHost, payload: unknown): Promise<RestoreReplicasResponse> {
  const request = decodeRestoreRequest(payload);
  const summaries = await Promise.all(request.fetches.map((fetch) => host.streaming.streamRangesFrom(fetch.source, fetch.tableIds, fetch.ranges)));
  return { partitions: summaries.reduce((n, s) => n + s.partitions, 0), bytes: summaries.reduce((n, s) => n + s.bytes, 0) };
}
