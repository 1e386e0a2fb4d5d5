/**
 * The ring as this node's gossip sees it (Cassandra's StorageService.handleState*): every
 * endpoint whose STATUS is NORMAL, with its HOST_ID, DC, RACK and TOKENS, plus this node.
 * Gossip listeners mark it stale; the TokenMetadata is rebuilt on the next look, so a burst
 * of state changes costs one rebuild, and an unchanged ring keeps its object (the replica
 * caches are keyed by it).
 */

import type { Endpoint as GossipEndpoint } from '../gossip/endpoint.js';
import type { EndpointStateView } from '../gossip/endpoint-state.js';
import type { Gossiper } from '../gossip/gossiper.js';
import { GossipStatus, statusWord, tokensOf } from '../gossip/gossip-status.js';
import type { Endpoint, EndpointStatus } from '../ring/endpoint.js';
import { TokenMetadata, type EndpointTokens } from '../ring/token-metadata.js';

export class GossipRing {
  private stale = true;
  private current: TokenMetadata = TokenMetadata.EMPTY;
  private signature = '';
  private readonly endpoints = new Map<string, Endpoint>();

  constructor(
    private readonly gossiper: Gossiper,
    private readonly self: EndpointTokens,
  ) {
    const invalidate = (): void => {
      this.stale = true;
    };
    gossiper.register({ onJoin: invalidate, onChange: invalidate, onRemove: invalidate, onRestart: invalidate });
  }

  ring(): TokenMetadata {
    if (this.stale) this.rebuild();
    return this.current;
  }

  /** The ring Endpoint of a gossip address, if it is in the ring. */
  endpointAt(address: string): Endpoint | undefined {
    this.ring();
    return this.endpoints.get(address);
  }

  private rebuild(): void {
    this.stale = false;
    const nodes: EndpointTokens[] = [this.self];
    for (const address of this.gossiper.knownEndpoints()) {
      if (address === this.self.endpoint.address) continue;
      const node = ringNodeOf(address, this.gossiper.endpointState(address));
      if (node !== null) nodes.push(node);
    }
    const signature = nodes
      .map((n) => `${n.endpoint.hostId}/${n.endpoint.address}/${n.endpoint.datacenter}/${n.endpoint.rack}/${n.endpoint.status}/${n.tokens.join(',')}`)
      .sort()
      .join('|');
    if (signature === this.signature) return;
    this.signature = signature;
    this.current = TokenMetadata.of(nodes);
    this.endpoints.clear();
    for (const node of nodes) this.endpoints.set(node.endpoint.address, node.endpoint);
  }
}

function ringNodeOf(address: GossipEndpoint, state: EndpointStateView | undefined): EndpointTokens | null {
  if (state === undefined) return null;
  const status = ringStatus(statusWord(state.applicationState('STATUS')?.value));
  const hostId = state.applicationState('HOST_ID')?.value;
  const tokensText = state.applicationState('TOKENS')?.value;
  if (status === null || hostId === undefined || tokensText === undefined) return null;
  const tokens = tokensOf(tokensText).map((t) => BigInt(t));
  if (tokens.length === 0) return null;
  const endpoint: Endpoint = {
    hostId,
    address,
    datacenter: state.applicationState('DC')?.value ?? 'datacenter1',
    rack: state.applicationState('RACK')?.value ?? 'rack1',
    status,
  };
  return { endpoint, tokens };
}

/** A node that is down still owns its ranges; one that said "shutdown" too (it will be back). */
function ringStatus(word: string): EndpointStatus | null {
  switch (word) {
    case GossipStatus.normal:
    case GossipStatus.shutdown:
      return 'normal';
    case GossipStatus.leaving:
      return 'leaving';
    case GossipStatus.bootstrapping:
      return 'joining';
    default:
      return null;
  }
}
