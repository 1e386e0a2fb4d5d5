/**
 * The ring as this node's gossip sees it (Cassandra's StorageService.handleState*): every
 * endpoint with a HOST_ID, DC, RACK, TOKENS and a STATUS that places it, plus this node.
 *
 *   STATUS                   ring status                       (StorageService handler)
 *   NORMAL, shutdown         normal: owns its ranges           handleStateNormal
 *   BOOT                     joining: tokens announced         handleStateBootstrap
 *   BOOT_REPLACE,<address>   replacing the node at <address>   handleStateBootreplacing
 *   LEAVING                  leaving: still owns its ranges    handleStateLeaving
 *   removing,<hostId>        leaving (being removed)           handleStateRemoving
 *   LEFT, removed, other     not in the ring                   handleStateLeft/Removed
 *
 * Two ring members claiming one token (a replacement that went NORMAL while the dead node's
 * state still says NORMAL) resolve as handleStateNormal does: the later start (higher gossip
 * generation) keeps it; this node always keeps its own. A node left with no token is out of
 * the ring, and `onDisplaced` hears of it so its gossip state can be removed.
 *
 * Gossip listeners mark the view stale; it is rebuilt on the next look, so a burst of state
 * changes costs one rebuild, and an unchanged ring keeps its objects (replica and pending-range
 * caches are keyed by them).
 */

import type { Endpoint as GossipEndpoint } from '../gossip/endpoint.js';
import type { EndpointStateView } from '../gossip/endpoint-state.js';
import type { Gossiper } from '../gossip/gossiper.js';
import { GossipStatus, statusWord, tokensOf } from '../gossip/gossip-status.js';
import type { Endpoint, EndpointStatus, HostId } from '../ring/endpoint.js';
import { TokenMetadata, type EndpointTokens } from '../ring/token-metadata.js';
import type { Token } from '../../storage/model/token.js';
import { EMPTY_RING_STATE, type Replacement, type RingState } from '../membership/ring-state.js';

/** Where this node stands: a ring status, or replacing a dead node (by host id). */
export type LocalRingStatus = EndpointStatus | { readonly replacing: HostId };

export interface GossipRingHooks {
  /**
   * A node lost every token to a later node claiming them (it was replaced); called once per
   * address, from inside a ring lookup, so the hook should defer any gossip change it makes.
   */
  onDisplaced?(address: string): void;
}

/** A gossiped node before conflicts are resolved. */
interface Candidate {
  readonly node: EndpointTokens;
  readonly generation: number;
  readonly isSelf: boolean;
}

export class GossipRing {
  private stale = true;
  private current: RingState = EMPTY_RING_STATE;
  private signature = '';
  private readonly endpoints = new Map<string, Endpoint>();
  /** Displaced addresses already reported (each is reported once). */
  private readonly reported = new Set<string>();
  private localStatus: LocalRingStatus;
  private localTokens: readonly Token[];

  constructor(
    private readonly gossiper: Gossiper,
    private readonly self: EndpointTokens,
    private readonly hooks: GossipRingHooks = {},
  ) {
    this.localStatus = self.endpoint.status;
    this.localTokens = self.tokens;
    const invalidate = (): void => {
      this.stale = true;
    };
    gossiper.register({ onJoin: invalidate, onChange: invalidate, onRemove: invalidate, onRestart: invalidate });
  }

  /** The natural ring: normal and leaving nodes own ranges, joining ones are listed outside. */
  ring(): TokenMetadata {
    return this.state().metadata;
  }

  /** The ring with the changes under way (what pending ranges are computed from). */
  state(): RingState {
    if (this.stale) this.rebuild();
    return this.current;
  }

  /** This node's place and tokens changed (bootstrap, replacement, decommission). */
  setLocal(status: LocalRingStatus, tokens: readonly Token[]): void {
    this.localStatus = status;
    this.localTokens = tokens;
    this.stale = true;
  }

  /** The ring Endpoint of a gossip address, if it is in the ring (or joining). */
  endpointAt(address: string): Endpoint | undefined {
    this.state();
    return this.endpoints.get(address);
  }

  private rebuild(): void {
    this.stale = false;
    const candidates: Candidate[] = [];
    const replacing: Array<{ node: EndpointTokens; replacedAddress: string | null; replacedHostId: HostId | null }> = [];
    const localGeneration = this.gossiper.endpointState(this.gossiper.localEndpoint)?.heartBeatState().generation ?? Number.MAX_SAFE_INTEGER;
    if (this.localTokens.length > 0) {
      const status = this.localStatus;
      if (typeof status === 'string') {
        candidates.push({ node: { endpoint: { ...this.self.endpoint, status }, tokens: this.localTokens }, generation: localGeneration, isSelf: true });
      } else {
        replacing.push({ node: { endpoint: { ...this.self.endpoint, status: 'joining' }, tokens: this.localTokens }, replacedAddress: null, replacedHostId: status.replacing });
      }
    }
    for (const address of this.gossiper.knownEndpoints()) {
      if (address === this.self.endpoint.address) continue;
      const state = this.gossiper.endpointState(address);
      const placed = state === undefined ? null : placeOf(address, state);
      if (placed === null) continue;
      if (placed.kind === 'member') candidates.push({ node: placed.node, generation: state!.heartBeatState().generation, isSelf: false });
      else replacing.push({ node: placed.node, replacedAddress: placed.replacedAddress, replacedHostId: null });
    }
    const { members, displaced } = resolveTokenConflicts(candidates);
    const metadata = TokenMetadata.of(members);
    const replacements: Replacement[] = [];
    for (const { node, replacedAddress, replacedHostId } of replacing) {
      const replaced = replacedHostId ?? members.find((m) => m.endpoint.address === replacedAddress)?.endpoint.hostId;
      // The dead node must still be a ring member for its ranges to be pending; else nothing moves.
      if (replaced === undefined || metadata.endpoint(replaced) === undefined) continue;
      replacements.push(Object.freeze({ endpoint: node.endpoint, tokens: node.tokens, replaced }));
    }
    const signature = [
      ...members.map((n) => `${describe(n)}`),
      ...replacements.map((r) => `${describe(r)}>${r.replaced}`),
    ]
      .sort()
      .join('|');
    for (const address of displaced) {
      if (this.reported.has(address)) continue;
      this.reported.add(address);
      this.hooks.onDisplaced?.(address);
    }
    if (signature === this.signature) return;
    this.signature = signature;
    this.current = Object.freeze({ metadata, replacements: Object.freeze(replacements) });
    this.endpoints.clear();
    for (const node of [...members, ...replacements.map((r) => ({ endpoint: r.endpoint }))]) this.endpoints.set(node.endpoint.address, node.endpoint);
  }
}

function describe(node: EndpointTokens): string {
  const e = node.endpoint;
  return `${e.hostId}/${e.address}/${e.datacenter}/${e.rack}/${e.status}/${node.tokens.join(',')}`;
}

type Placement =
  | { readonly kind: 'member'; readonly node: EndpointTokens }
  | { readonly kind: 'replacing'; readonly node: EndpointTokens; readonly replacedAddress: string };

function placeOf(address: GossipEndpoint, state: EndpointStateView): Placement | null {
  const statusText = state.applicationState('STATUS')?.value;
  const word = statusWord(statusText);
  const hostId = state.applicationState('HOST_ID')?.value;
  const tokensText = state.applicationState('TOKENS')?.value;
  if (hostId === undefined || tokensText === undefined) return null;
  const tokens = tokensOf(tokensText).map((t) => BigInt(t));
  if (tokens.length === 0) return null;
  const endpoint = (status: EndpointStatus): Endpoint => ({
    hostId,
    address,
    datacenter: state.applicationState('DC')?.value ?? 'datacenter1',
    rack: state.applicationState('RACK')?.value ?? 'rack1',
    status,
  });
  if (word === GossipStatus.bootstrappingReplace) {
    const replacedAddress = statusText!.slice(word.length + 1);
    return { kind: 'replacing', node: { endpoint: endpoint('joining'), tokens }, replacedAddress };
  }
  const status = ringStatus(word);
  return status === null ? null : { kind: 'member', node: { endpoint: endpoint(status), tokens } };
}

/** A node that is down still owns its ranges; one that said "shutdown" too (it will be back). */
function ringStatus(word: string): EndpointStatus | null {
  switch (word) {
    case GossipStatus.normal:
    case GossipStatus.shutdown:
      return 'normal';
    case GossipStatus.leaving:
    case GossipStatus.removing:
      return 'leaving';
    case GossipStatus.bootstrapping:
      return 'joining';
    default:
      return null;
  }
}

/**
 * Gives each token claimed twice to one claimant: this node first, then a ring member over a
 * joining node, then the later start (higher generation), then the lower address (so every
 * node decides alike). Claimants left with no token are dropped and reported.
 */
function resolveTokenConflicts(candidates: readonly Candidate[]): { members: EndpointTokens[]; displaced: string[] } {
  const winner = new Map<Token, Candidate>();
  for (const candidate of candidates) {
    for (const token of candidate.node.tokens) {
      const holder = winner.get(token);
      if (holder === undefined || outranks(candidate, holder)) winner.set(token, candidate);
    }
  }
  const members: EndpointTokens[] = [];
  const displaced: string[] = [];
  for (const candidate of candidates) {
    const kept = candidate.node.tokens.filter((token) => winner.get(token) === candidate);
    if (kept.length === candidate.node.tokens.length) members.push(candidate.node);
    else if (kept.length > 0) members.push({ endpoint: candidate.node.endpoint, tokens: kept });
    else if (candidate.node.endpoint.status !== 'joining') displaced.push(candidate.node.endpoint.address);
  }
  return { members, displaced };
}

function outranks(a: Candidate, b: Candidate): boolean {
  if (a.isSelf !== b.isSelf) return a.isSelf;
  const aMember = a.node.endpoint.status !== 'joining';
  if (aMember !== (b.node.endpoint.status !== 'joining')) return aMember;
  if (a.generation !== b.generation) return a.generation > b.generation;
  return a.node.endpoint.address < b.node.endpoint.address;
}
