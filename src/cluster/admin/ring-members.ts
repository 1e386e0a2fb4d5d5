/**
 * The ring's members as one node sees them, for `status`, `ring` and `describecluster`: each
 * endpoint with its listen address (no port), whether this node's failure detector holds it up,
 * its state, and its load (its own measured now, the others' as they last gossiped it).
 */

import { asEndpoint } from '../gossip/endpoint.js';
import type { ClusterNode } from '../node/cluster-node.js';
import type { Endpoint } from '../ring/endpoint.js';
import type { NodeState } from './nodetool-results.js';

export interface RingMember {
  readonly endpoint: Endpoint;
  readonly address: string;
  readonly up: boolean;
  readonly state: NodeState;
  readonly loadBytes: number | null;
}

export function ringMembers(node: ClusterNode, ownLoadBytes: number): RingMember[] {
  return node
    .ring()
    .endpoints()
    .map((endpoint) => {
      const self = endpoint.hostId === node.self.hostId;
      return {
        endpoint,
        address: hostOf(endpoint.address),
        up: self ? node.gossiper.isEnabled() : node.isAlive(endpoint),
        state: endpoint.status,
        loadBytes: self ? ownLoadBytes : gossipedLoad(node, endpoint.address),
      };
    })
    .sort((a, b) => compareAddresses(a.address, b.address));
}

/** The LOAD a peer gossiped (LoadBroadcaster), in bytes. */
function gossipedLoad(node: ClusterNode, address: string): number | null {
  const value = node.gossiper.endpointState(asEndpoint(address))?.applicationState('LOAD')?.value;
  const bytes = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(bytes) ? bytes : null;
}

/** "127.0.0.2:7000" to "127.0.0.2". */
export function hostOf(address: string): string {
  const colon = address.lastIndexOf(':');
  return colon < 0 ? address : address.slice(0, colon);
}

/** Dotted addresses in numeric order (127.0.0.2 before 127.0.0.10). */
export function compareAddresses(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
