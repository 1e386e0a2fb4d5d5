/**
 * removenode: a live node takes a dead node out of the ring without losing a replica
 * (StorageService.removeNode, restoreReplicaCount, forceRemoveCompletion, getRemovalStatus).
 * The node that runs it coordinates:
 *
 *   1. refuse unless the host id is a ring member other than this node, it is down, gossip
 *      here has heard its state since this node started (a state restored from system.peers
 *      has generation 0, and a removal advertised above it would lose to the real one), and
 *      no removal is under way here;
 *   2. plan, per keyspace, which node gains which range from which live replica (stream-plan.ts
 *      planRestore): the gaining nodes are the ones that must confirm (replicatingNodes);
 *   3. gossip on its behalf STATUS removing,<hostId> and REMOVAL_COORDINATOR REMOVER,<ourId>,
 *      at a newer generation (Gossiper.advertiseRemoving). Every node now treats it as leaving:
 *      its ranges' next owners are pending replicas and get writes. Wait ring_delay for that;
 *   4. each gaining node fetches its ranges: this node itself, or the others by a
 *      restoreReplicas request answered when their fetches are written; each answer confirms;
 *   5. gossip STATUS removed,<hostId>,<expiry> on its behalf (Gossiper.advertiseTokenRemoved):
 *      every node drops it from the ring and from gossip; wait a few rounds so one carries it.
 *
 * `removenode status` shows step 4's wait: "Removing token (<first token>). Waiting for
 * replication confirmation from [<hosts>]." `removenode force` ends a removal that will not
 * finish: on the coordinator it stops waiting and goes to step 5 at once (the unconfirmed
 * hosts are reported); on any node it advertises removed for every ring member stuck leaving
 * and down (a removal whose coordinator failed or died, a decommission whose node died).
 * Cassandra forces every leaving member, live ones too; a live one is decommissioning and will
 * finish by itself, so we leave it alone.
 *
 * A fetch that fails fails the removal at once (Cassandra waits for ever): the dead node stays
 * `removing` everywhere until `removenode force`. Ranges whose every other replica is down are
 * reported, not fetched (Cassandra logs them too): their data lives only on nodes that are down.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import { asEndpoint } from '../gossip/endpoint.js';
import { gossipLimits } from '../gossip/gossip-limits.js';
import { Verb } from '../messaging/verb.js';
import type { Endpoint, HostId } from '../ring/endpoint.js';
import { TokenRange } from '../ring/token-range.js';
import { toWireRange } from '../streaming/stream-messages.js';
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
  /** Gaining nodes that had not confirmed when `removenode force` ended the wait. */
  readonly unconfirmed: readonly string[];
}

/**
 * The removal this node coordinates (StorageService's removingNode and replicatingNodes): who
 * still has to confirm, for `removenode status`, and the switch `removenode force` throws.
 */
export class NodeRemoval {
  private readonly waiting = new Set<string>();
  private forcedNow = false;
  private failure: unknown = undefined;
  private signalForced!: () => void;
  private signalEnded!: () => void;
  /** Resolves when `force` is called. */
  readonly forced: Promise<void> = new Promise((resolve) => (this.signalForced = resolve));
  /** Resolves when the removal has ended, done, forced or failed. */
  readonly ended: Promise<void> = new Promise((resolve) => (this.signalEnded = resolve));

  constructor(
    readonly target: Endpoint,
    /** The first of its tokens, which Cassandra's status names. */
    readonly token: string,
  ) {}

  expect(addresses: readonly string[]): void {
    for (const address of addresses) this.waiting.add(address);
  }

  confirm(address: string): void {
    this.waiting.delete(address);
  }

  force(): void {
    this.forcedNow = true;
    this.signalForced();
  }

  isForced(): boolean {
    return this.forcedNow;
  }

  /** The removal is over; `failure` if it threw. */
  end(failure?: unknown): void {
    this.failure = failure;
    this.signalEnded();
  }

  /** Why the removal failed, once it has ended, or undefined. */
  failed(): unknown {
    return this.failure;
  }

  unconfirmed(): string[] {
    return [...this.waiting];
  }

  /** StorageService.getRemovalStatus, hosts without their port as nodetool prints them. */
  status(): string {
    return `Removing token (${this.token}). Waiting for replication confirmation from [${this.unconfirmed().map(hostOf).join(',')}].`;
  }
}

export const NO_REMOVALS = 'No removals in process.';

/** Step 1: the dead ring member to remove, or why not. */
export function removalTarget(host: Pick<MembershipHost, 'self' | 'gossiper' | 'ringView'>, hostId: HostId): Endpoint {
  const target = host.ringView.ring().endpoint(hostId);
  if (target === undefined || target.status === 'joining') throw new InvalidRequestError(`Host ID not found: ${hostId}`);
  if (hostId === host.self.hostId) throw new InvalidRequestError('Cannot remove self');
  if (host.gossiper.isAlive(asEndpoint(target.address))) {
    throw new InvalidRequestError(`Node ${target.address} is alive and owns this ID. Use decommission command to remove it from the ring`);
  }
  // Only a state recorded before this node's restart (system.peers, generation 0): the removal
  // would be advertised at generation 1, below the node's real one, and every other node would
  // ignore it while this one dropped the node (found by the simulator, seed 46).
  if ((host.gossiper.endpointState(asEndpoint(target.address))?.heartBeatState().generation ?? 0) === 0) {
    throw new InvalidRequestError(`Node ${target.address} has not been heard of by gossip since this node started; wait for gossip to settle, or remove it from another node`);
  }
  return target;
}

/** The removal's record for `removenode status` and `force`, made before it starts. */
export function startRemoval(host: MembershipHost, removed: Endpoint): NodeRemoval {
  const token = host.ringView.ring().tokensOf(removed.hostId)[0];
  return new NodeRemoval(removed, token === undefined ? '?' : String(token));
}

export async function removeNode(host: MembershipHost, options: MembershipOptions, removal: NodeRemoval): Promise<RemovalSummary> {
  try {
    const summary = await runRemoval(host, options, removal);
    removal.end();
    return summary;
  } catch (error) {
    removal.end(error);
    throw error;
  }
}

async function runRemoval(host: MembershipHost, options: MembershipOptions, removal: NodeRemoval): Promise<RemovalSummary> {
  const removed = removal.target;
  const address = asEndpoint(removed.address);
  const { requests, unsourced } = restoreRequests(host, removed.hostId);
  removal.expect([...requests.keys()].map((target) => target.address));
  host.gossiper.advertiseRemoving(address, removed.hostId, host.self.hostId);
  await Promise.race([sleep(options.timers, options.ringDelayMs), removal.forced]);

  const restored: Array<RemovalSummary['restored'][number]> = [];
  if (!removal.isForced()) {
    const fetches = Promise.all(
      [...requests].map(async ([target, request]) => {
        const answer = target.hostId === host.self.hostId ? await restoreReplicas(host, request) : await host.messaging.request<RestoreReplicasResponse>(target.address, Verb.restoreReplicas, request, membershipLimits.restoreTimeoutMs);
        removal.confirm(target.address);
        restored.push({ address: target.address, ...answer });
      }),
    );
    // Forced: nobody waits for the fetches any more; one failing later must not go unhandled.
    fetches.catch(() => undefined);
    await Promise.race([fetches, removal.forced]);
  }

  host.gossiper.advertiseTokenRemoved(address, removed.hostId);
  await sleep(options.timers, options.gossipIntervalMs * membershipLimits.removalAdvertiseRounds);
  return { hostId: removed.hostId, address: removed.address, restored, unsourced: unsourced.map(TokenRange.toString), unconfirmed: removal.unconfirmed() };
}

/**
 * nodetool removenode force (StorageService.forceRemoveCompletion). With a removal running
 * here, it stops waiting for confirmations and completes. Otherwise every ring member stuck
 * leaving and down is advertised removed. Answers as nodetool does: the status before forcing,
 * then what was forced.
 */
export async function forceRemoveCompletion(host: MembershipHost, options: MembershipOptions, removal: NodeRemoval | null): Promise<string> {
  if (removal !== null) {
    const status = removal.status();
    const waiting = removal.unconfirmed();
    removal.force();
    await removal.ended;
    if (removal.failed() !== undefined) throw removal.failed();
    const unconfirmed = waiting.length === 0 ? '' : ` without confirmation from [${waiting.map(hostOf).join(',')}]`;
    return `RemovalStatus: ${status}\nForced the removal of ${removal.target.address} (${removal.target.hostId})${unconfirmed}.`;
  }
  const stuck = host.ringView
    .ring()
    .endpoints()
    .filter((e) => e.status === 'leaving' && e.hostId !== host.self.hostId && !host.isAlive(e));
  // Cassandra's nodetool prints the status and its server logs this; neither is an error.
  if (stuck.length === 0) return `RemovalStatus: ${NO_REMOVALS}\nNo nodes to force removal on, call 'removenode' first`;
  for (const endpoint of stuck) host.gossiper.advertiseTokenRemoved(asEndpoint(endpoint.address), endpoint.hostId);
  // Gossiper.advertiseTokenRemoved: "ensure at least one gossip round occurs before returning".
  await sleep(options.timers, options.gossipIntervalMs * gossipLimits.tokenRemovedAdvertiseRounds);
  return `RemovalStatus: ${NO_REMOVALS}\nForced the removal of ${stuck.map((e) => `${e.address} (${e.hostId})`).join(', ')}.`;
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

function hostOf(address: string): string {
  const colon = address.lastIndexOf(':');
  return colon < 0 ? address : address.slice(0, colon);
}
