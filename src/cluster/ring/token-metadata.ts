/**
 * An immutable view of the ring (Cassandra's TokenMetadata): the nodes, their tokens, and the
 * sorted ring those tokens make.
 *
 * The ring holds the tokens of `normal` and `leaving` nodes. Each ring token t_i ends a
 * primary range (t_{i-1}, t_i], the first range wrapping from the last token:
 *
 *   ring:  t0        t1            t2      t3
 *          |---------|-------------|-------|--------->  (back to t0)
 *   range  (t3, t0]  (t0, t1]      (t1, t2] (t2, t3]
 *
 * so the owner of a token t is the node holding the first ring token >= t, wrapping to t0.
 * A `joining` node's tokens are known (no other node may take them) but stay out of the ring
 * until it becomes normal, as Cassandra's bootstrap tokens do; pending ranges are not modelled
 * yet. Every change returns a new TokenMetadata, so a reader (a coordinator routing a write, a
 * replica cache keyed by this object) never sees a ring half-way through a change.
 */

import { assert } from '../../lib/assert.js';
import { MAX_TOKEN, MIN_TOKEN, type Token } from '../../storage/model/token.js';
import { isInRing, type Endpoint, type EndpointStatus, type HostId } from './endpoint.js';
import { RING_TOKEN_COUNT, TokenRange } from './token-range.js';

/** A node and the tokens it holds (sorted ascending once inside TokenMetadata). */
export interface EndpointTokens {
  readonly endpoint: Endpoint;
  readonly tokens: readonly Token[];
}

/** The ring members of one datacenter, grouped by rack (Cassandra's TokenMetadata.Topology). */
export interface DatacenterTopology {
  readonly nodeCount: number;
  /** Rack name -> host ids of that rack, both sorted. */
  readonly racks: ReadonlyMap<string, readonly HostId[]>;
}

export class TokenMetadata {
  static readonly EMPTY = new TokenMetadata(new Map());

  /** Ring tokens, ascending, and the node holding each (same index). */
  private readonly ring: readonly Token[];
  private readonly ringOwners: readonly Endpoint[];
  /** Every token of every node, joining nodes included, to refuse a second holder. */
  private readonly holderByToken: ReadonlyMap<Token, HostId>;
  private readonly topology: ReadonlyMap<string, DatacenterTopology>;

  private constructor(private readonly nodes: ReadonlyMap<HostId, EndpointTokens>) {
    const holderByToken = new Map<Token, HostId>();
    const ringEntries: Array<{ token: Token; endpoint: Endpoint }> = [];
    for (const { endpoint, tokens } of nodes.values()) {
      for (const token of tokens) {
        const holder = holderByToken.get(token);
        if (holder !== undefined) {
          assert(false, `token ${token} held by both ${holder} and ${endpoint.hostId}`);
        }
        holderByToken.set(token, endpoint.hostId);
        if (isInRing(endpoint)) ringEntries.push({ token, endpoint });
      }
    }
    ringEntries.sort((a, b) => compareTokens(a.token, b.token));
    this.ring = Object.freeze(ringEntries.map((entry) => entry.token));
    this.ringOwners = Object.freeze(ringEntries.map((entry) => entry.endpoint));
    this.holderByToken = holderByToken;
    this.topology = buildTopology([...nodes.values()].map((node) => node.endpoint).filter(isInRing));
  }

  static of(nodes: Iterable<EndpointTokens>): TokenMetadata {
    const byHostId = new Map<HostId, EndpointTokens>();
    for (const { endpoint, tokens } of nodes) {
      assert(!byHostId.has(endpoint.hostId), `host id ${endpoint.hostId} listed twice`);
      byHostId.set(endpoint.hostId, nodeTokens(endpoint, tokens));
    }
    return new TokenMetadata(byHostId);
  }

  /** A copy with the node added, or replaced (same host id) with these tokens. */
  withNode(endpoint: Endpoint, tokens: readonly Token[]): TokenMetadata {
    const nodes = new Map(this.nodes);
    nodes.set(endpoint.hostId, nodeTokens(endpoint, tokens));
    return new TokenMetadata(nodes);
  }

  /** A copy with the node's status changed (joining -> normal moves its tokens into the ring). */
  withStatus(hostId: HostId, status: EndpointStatus): TokenMetadata {
    const node = this.nodes.get(hostId);
    assert(node !== undefined, `unknown host id ${hostId}`);
    return this.withNode({ ...node.endpoint, status }, node.tokens);
  }

  /** A copy without the node (after it has left, or was removed). */
  withoutNode(hostId: HostId): TokenMetadata {
    assert(this.nodes.has(hostId), `unknown host id ${hostId}`);
    const nodes = new Map(this.nodes);
    nodes.delete(hostId);
    return new TokenMetadata(nodes);
  }

  /** The nodes of one datacenter alone: the ring NetworkTopologyStrategy walks per datacenter. */
  inDatacenter(datacenter: string): TokenMetadata {
    const nodes = new Map<HostId, EndpointTokens>();
    for (const [hostId, node] of this.nodes) {
      if (node.endpoint.datacenter === datacenter) nodes.set(hostId, node);
    }
    return new TokenMetadata(nodes);
  }

  /** All nodes, joining ones included, by host id. */
  endpoints(): readonly Endpoint[] {
    return [...this.nodes.values()]
      .map((node) => node.endpoint)
      .sort((a, b) => (a.hostId < b.hostId ? -1 : a.hostId > b.hostId ? 1 : 0));
  }

  endpoint(hostId: HostId): Endpoint | undefined {
    return this.nodes.get(hostId)?.endpoint;
  }

  /** The node's tokens, ascending (a joining node's too); empty for an unknown host. */
  tokensOf(hostId: HostId): readonly Token[] {
    return this.nodes.get(hostId)?.tokens ?? [];
  }

  /** The host holding `token` as a node token, ring member or joining; undefined if none. */
  holderOf(token: Token): HostId | undefined {
    return this.holderByToken.get(token);
  }

  /** The ring's tokens, ascending (normal and leaving nodes). */
  sortedTokens(): readonly Token[] {
    return this.ring;
  }

  isEmpty(): boolean {
    return this.ring.length === 0;
  }

  /** Index in sortedTokens() of the first ring token >= token, wrapping to 0 past the last. */
  ringIndexFor(token: Token): number {
    assert(this.ring.length > 0, 'the ring is empty');
    let low = 0;
    let high = this.ring.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.ring[mid]! < token) low = mid + 1;
      else high = mid;
    }
    return low === this.ring.length ? 0 : low;
  }

  /** The node holding sortedTokens()[index]. */
  ownerAt(index: number): Endpoint {
    const owner = this.ringOwners[index];
    assert(owner !== undefined, `ring index ${index} out of bounds (${this.ringOwners.length})`);
    return owner;
  }

  /** The primary range ending at sortedTokens()[index]: (previous ring token, that token]. */
  rangeAt(index: number): TokenRange {
    const right = this.ring[index];
    assert(right !== undefined, `ring index ${index} out of bounds (${this.ring.length})`);
    const left = this.ring[index === 0 ? this.ring.length - 1 : index - 1]!;
    return TokenRange.create(left, right);
  }

  /** The primary owner of a token: the node holding the first ring token >= it, wrapping. */
  ownerOf(token: Token): Endpoint {
    return this.ownerAt(this.ringIndexFor(token));
  }

  /** The primary range (between consecutive ring tokens) that contains the token. */
  primaryRangeOf(token: Token): TokenRange {
    return this.rangeAt(this.ringIndexFor(token));
  }

  /** The node's primary ranges, in ring order; empty for a joining or unknown node. */
  rangesOf(hostId: HostId): readonly TokenRange[] {
    const ranges: TokenRange[] = [];
    for (let i = 0; i < this.ring.length; i++) {
      if (this.ringOwners[i]!.hostId === hostId) ranges.push(this.rangeAt(i));
    }
    return ranges;
  }

  /**
   * Each node's share of the ring by primary ranges, in [0, 1]; the shares of the ring
   * members sum to 1. Joining nodes are listed with 0.
   */
  ownership(): ReadonlyMap<HostId, number> {
    const owned = new Map<HostId, bigint>();
    for (const hostId of this.nodes.keys()) owned.set(hostId, 0n);
    for (let i = 0; i < this.ring.length; i++) {
      const hostId = this.ringOwners[i]!.hostId;
      owned.set(hostId, owned.get(hostId)! + TokenRange.size(this.rangeAt(i)));
    }
    const shares = new Map<HostId, number>();
    for (const [hostId, tokens] of owned) shares.set(hostId, Number(tokens) / Number(RING_TOKEN_COUNT));
    return shares;
  }

  /** Ring members per datacenter, by rack (Topology: what NetworkTopologyStrategy counts). */
  datacenters(): ReadonlyMap<string, DatacenterTopology> {
    return this.topology;
  }
}

function nodeTokens(endpoint: Endpoint, tokens: readonly Token[]): EndpointTokens {
  assert(tokens.length > 0, `node ${endpoint.hostId} has no tokens`);
  const sorted = [...tokens].sort(compareTokens);
  for (let i = 0; i < sorted.length; i++) {
    const token = sorted[i]!;
    // MIN_TOKEN is the ring's minimum: no key has it, so a node holding it would own an
    // empty-looking range (Murmur3Partitioner never hands it out).
    if (token === MIN_TOKEN) assert(false, 'MIN_TOKEN is never a node token');
    if (token < MIN_TOKEN || token > MAX_TOKEN) assert(false, `token ${token} outside the ring`);
    if (i > 0 && token === sorted[i - 1]) assert(false, `token ${token} listed twice`);
  }
  return Object.freeze({ endpoint: Object.freeze({ ...endpoint }), tokens: Object.freeze(sorted) });
}

export function compareTokens(a: Token, b: Token): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function buildTopology(members: readonly Endpoint[]): ReadonlyMap<string, DatacenterTopology> {
  const byDatacenter = new Map<string, Map<string, HostId[]>>();
  for (const endpoint of members) {
    let racks = byDatacenter.get(endpoint.datacenter);
    if (racks === undefined) byDatacenter.set(endpoint.datacenter, (racks = new Map()));
    let hosts = racks.get(endpoint.rack);
    if (hosts === undefined) racks.set(endpoint.rack, (hosts = []));
    hosts.push(endpoint.hostId);
  }
  const topology = new Map<string, DatacenterTopology>();
  for (const datacenter of [...byDatacenter.keys()].sort()) {
    const racks = byDatacenter.get(datacenter)!;
    const sortedRacks = new Map<string, readonly HostId[]>();
    let nodeCount = 0;
    for (const rack of [...racks.keys()].sort()) {
      const hosts = racks.get(rack)!.sort();
      sortedRacks.set(rack, Object.freeze(hosts));
      nodeCount += hosts.length;
    }
    topology.set(datacenter, Object.freeze({ nodeCount, racks: sortedRacks }));
  }
  return topology;
}
