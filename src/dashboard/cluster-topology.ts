/**
 * The ring as the dashboard draws it: every node with its datacenter, rack, up/down and state,
 * load, owned share, host id and tokens, joined from one node's `nodetool status` and `ring`
 * answers (each node answers from its own gossip, so the view is that node's: the dashboard
 * asks the first node, in address order, that answers).
 */

import type { NodeState, RingResult, StatusResult } from '../cluster/admin/nodetool-results.js';

export interface TopologyNode {
  readonly address: string;
  readonly datacenter: string;
  readonly rack: string;
  readonly up: boolean;
  readonly state: NodeState;
  readonly loadBytes: number | null;
  /** Share of the ring (1 = all of it): effective ownership where status could judge it. */
  readonly owns: number | null;
  readonly hostId: string;
  /** Its tokens, as decimal strings (Murmur3 tokens do not fit a double). */
  readonly tokens: readonly string[];
}

export interface Topology {
  /** The node whose gossip this view is. */
  readonly seenFrom: string;
  readonly datacenters: ReadonlyArray<{ readonly name: string; readonly nodes: readonly TopologyNode[] }>;
  readonly effectiveOwnership: boolean;
}

export function joinTopology(seenFrom: string, status: StatusResult, ring: RingResult): Topology {
  const tokens = new Map<string, string[]>();
  for (const dc of ring.datacenters) {
    for (const entry of dc.entries) {
      let list = tokens.get(entry.address);
      if (list === undefined) tokens.set(entry.address, (list = []));
      list.push(entry.token);
    }
  }
  return {
    seenFrom,
    effectiveOwnership: status.effective,
    datacenters: status.datacenters.map((dc) => ({
      name: dc.name,
      nodes: dc.nodes.map((n) => ({
        address: n.address,
        datacenter: dc.name,
        rack: n.rack,
        up: n.up,
        state: n.state,
        loadBytes: n.loadBytes,
        owns: n.owns,
        hostId: n.hostId,
        tokens: tokens.get(n.address) ?? [],
      })),
    })),
  };
}

export function topologyNodes(topology: Topology): TopologyNode[] {
  return topology.datacenters.flatMap((dc) => dc.nodes);
}
