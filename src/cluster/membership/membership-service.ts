/**
 * One node's membership: its operation mode, the changes it runs (join, decommission,
 * removenode), what it serves for other nodes' changes (restoreReplicas), its pending ranges
 * for the write path, and the ring's clean-up after others' changes: a node that LEFT or was
 * removed is removed from gossip (Gossiper.removeEndpoint, which quarantines it), as
 * StorageService.excise does; one that lost its tokens to a replacement is evicted from gossip
 * as well (Gossiper.replacedEndpoint).
 *
 * The changes themselves live in bootstrap.ts, decommission.ts and remove-node.ts; this object
 * keeps the one-at-a-time rule and the mode, and is what ClusterNode and the node tool call.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import type { Token } from '../../storage/model/token.js';
import type { Endpoint as GossipEndpoint } from '../gossip/endpoint.js';
import { GossipStatus, statusWord } from '../gossip/gossip-status.js';
import { Verb } from '../messaging/verb.js';
import type { HostId } from '../ring/endpoint.js';
import type { ReplicationStrategy } from '../replication/replication-strategy.js';
import type { StreamSummary } from '../streaming/stream-summary.js';
import { joinRing, type JoinHooks, type JoinOutcome } from './bootstrap.js';
import { leaveRing } from './decommission.js';
import type { JoinRequest } from './join-request.js';
import type { MembershipHost, MembershipOptions } from './membership-host.js';
import type { OperationMode } from './operation-mode.js';
import { PendingRangeCache } from './pending-range-cache.js';
import type { PendingReplicas } from './pending-ranges.js';
import { NO_REMOVALS, forceRemoveCompletion, removalTarget, removeNode, restoreReplicas, startRemoval, type NodeRemoval, type RemovalSummary } from './remove-node.js';

export interface MembershipHooks extends JoinHooks {
  /** After LEFT has been announced: stop the node for good. */
  readonly afterLeaving: () => Promise<void>;
}

export class MembershipService {
  private modeNow: OperationMode = 'STARTING';
  /** The removenode this node coordinates, if any. */
  private removing: NodeRemoval | null = null;
  private readonly pending = new PendingRangeCache();
  private readonly forgotten = new Set<GossipEndpoint>();
  private joined: JoinOutcome | null = null;

  constructor(
    private readonly host: MembershipHost,
    private readonly options: MembershipOptions,
    private readonly hooks: MembershipHooks,
  ) {}

  /** Starts answering other nodes' changes and cleaning up after them. */
  serve(): void {
    const { gossiper, messaging } = this.host;
    messaging.handle(Verb.restoreReplicas, (payload) => restoreReplicas(this.host, payload));
    gossiper.register({
      onJoin: (endpoint, state) => this.onStatus(endpoint, state.applicationState('STATUS')?.value),
      onChange: (endpoint, key, value) => {
        if (key === 'STATUS') this.onStatus(endpoint, value.value);
      },
    });
  }

  mode(): OperationMode {
    return this.modeNow;
  }

  /** A node that starts as a ring member (its tokens already announced NORMAL). */
  markNormal(): void {
    this.modeNow = 'NORMAL';
  }

  /** The write path's pending replicas of a token (pending-ranges.ts). */
  pendingReplicasFor(strategy: ReplicationStrategy, token: Token): PendingReplicas {
    return this.pending.pendingRanges(strategy, this.host.ringView.state()).pendingFor(token);
  }

  /**
   * Bootstraps or replaces (bootstrap.ts); resolves once the node is NORMAL. `resumeTokens`:
   * an interrupted bootstrap's tokens, taken again (bootstrap-progress.ts).
   */
  async join(request: JoinRequest, resumeTokens: readonly Token[] | null = null): Promise<JoinOutcome> {
    this.expectMode('STARTING', 'join');
    this.modeNow = 'JOINING';
    const outcome = await joinRing(this.host, this.options, request, this.hooks, resumeTokens);
    this.modeNow = 'NORMAL';
    this.joined = outcome;
    return outcome;
  }

  /** What this node's join did, once it is NORMAL (null for a node that started a member). */
  joinOutcome(): JoinOutcome | null {
    return this.joined;
  }

  /** Leaves the ring (decommission.ts) and announces it; the node keeps running until `afterLeaving`. */
  async leave(): Promise<StreamSummary[]> {
    this.expectMode('NORMAL', 'decommission');
    if (this.removing !== null) throw new InvalidRequestError(`a removal of ${this.removing.target.hostId} is under way on this node`);
    this.modeNow = 'LEAVING';
    try {
      const streams = await leaveRing(this.host, this.options);
      this.modeNow = 'DECOMMISSIONED';
      return streams;
    } catch (error) {
      // A refusal leaves nothing changed; a failed push leaves the node LEAVING, still a replica.
      if (error instanceof InvalidRequestError) this.modeNow = 'NORMAL';
      throw error;
    }
  }

  /** nodetool decommission: leave, then stop the node. */
  async decommission(): Promise<StreamSummary[]> {
    const streams = await this.leave();
    await this.afterLeaving();
    return streams;
  }

  /** Stops the node for good once it has left (the node tool does this after its reply). */
  afterLeaving(): Promise<void> {
    return this.hooks.afterLeaving();
  }

  /** nodetool removenode <hostId> (remove-node.ts), run on a live node for a dead one. */
  async removeNode(hostId: HostId): Promise<RemovalSummary> {
    this.expectMode('NORMAL', 'removenode');
    if (this.removing !== null) throw new InvalidRequestError(`Node is already being removed (${this.removing.target.hostId}). Wait for it to complete, or use 'removenode force' if this has failed.`);
    const removal = startRemoval(this.host, removalTarget(this.host, hostId));
    this.removing = removal;
    try {
      return await removeNode(this.host, this.options, removal);
    } finally {
      this.removing = null;
    }
  }

  /** nodetool removenode status. */
  removalStatus(): string {
    return `RemovalStatus: ${this.removing === null ? NO_REMOVALS : this.removing.status()}`;
  }

  /** nodetool removenode force (remove-node.ts forceRemoveCompletion). */
  forceRemoveCompletion(): Promise<string> {
    return forceRemoveCompletion(this.host, this.options, this.removing);
  }

  /**
   * A replacement took every token of the node at `address`: its gossip state is evicted, not
   * only removed (Gossiper.replacedEndpoint), so the ring cannot place it again when the
   * replacement leaves or is removed (simulator seed 18).
   */
  forgetDisplaced(address: string): void {
    // Not from inside the ring lookup that found it: removing notifies the gossip listeners.
    queueMicrotask(() => {
      if (this.host.gossiper.isEnabled()) this.host.gossiper.replacedEndpoint(address as GossipEndpoint);
    });
  }

  private onStatus(endpoint: GossipEndpoint, status: string | undefined): void {
    if (endpoint === this.host.gossiper.localEndpoint) return;
    const word = statusWord(status);
    if (word === GossipStatus.left || word === GossipStatus.removed) {
      // Not from inside the gossiper's listener loop: removing notifies the listeners again.
      queueMicrotask(() => this.forget(endpoint));
    } else {
      this.forgotten.delete(endpoint);
    }
  }

  private forget(endpoint: GossipEndpoint): void {
    if (this.forgotten.has(endpoint) || !this.host.gossiper.isEnabled()) return;
    this.forgotten.add(endpoint);
    this.host.gossiper.removeEndpoint(endpoint);
  }

  private expectMode(mode: OperationMode, operation: string): void {
    if (this.modeNow !== mode) throw new InvalidRequestError(`cannot ${operation}: this node is ${this.modeNow}, not ${mode}`);
  }
}
