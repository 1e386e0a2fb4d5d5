/**
 * NetworkTopologyStrategy (Cassandra's locator/NetworkTopologyStrategy.java): a replication
 * factor per datacenter, replicas spread over distinct racks first.
 *
 * One clockwise walk over the whole ring from the token's primary range serves every
 * datacenter at once. Each node met is offered to its datacenter, which accepts it when
 *   - its rack has not been used yet in that datacenter (a new rack always wins), or
 *   - it is in a used rack, but the datacenter has fewer racks than its factor, so some racks
 *     must repeat: the first `factor - rackCount` such nodes are accepted ("acceptable rack
 *     repeats"), the rest are skipped so the remaining slots go to unseen racks.
 * A datacenter is done when it holds min(factor, its node count) replicas; the walk stops when
 * every datacenter is done or the ring is exhausted. Replicas come out in the order met, so the
 * walk's first node is the first replica. A datacenter with factor 0, or with no ring members,
 * gets no replicas; a factor for an unknown datacenter is allowed (Cassandra allows it too).
 */

import { assert } from '../../lib/assert.js';
import type { Token } from '../../storage/model/token.js';
import type { Endpoint, HostId } from '../ring/endpoint.js';
import type { TokenMetadata } from '../ring/token-metadata.js';
import { NaturalReplicaCache } from './natural-replica-cache.js';
import type { ReplicasForToken } from './replicas-for-token.js';

export class NetworkTopologyStrategy {
  readonly kind = 'NetworkTopologyStrategy';
  private readonly factors: ReadonlyMap<string, number>;
  private readonly cache = new NaturalReplicaCache((index, metadata) =>
    this.computeNaturalReplicas(index, metadata),
  );

  /** @param factors datacenter name -> replicas wanted there */
  constructor(factors: ReadonlyMap<string, number>) {
    for (const [datacenter, factor] of factors) {
      assert(Number.isInteger(factor) && factor >= 0, `bad replication factor ${factor} for ${datacenter}`);
    }
    this.factors = new Map([...factors].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** The sum of the datacenters' factors (what ALL and QUORUM count). */
  replicationFactor(): number {
    let total = 0;
    for (const factor of this.factors.values()) total += factor;
    return total;
  }

  /** The factor of one datacenter; 0 for a datacenter the keyspace does not name. */
  replicationFactorIn(datacenter: string): number {
    return this.factors.get(datacenter) ?? 0;
  }

  /**
   * The datacenters that hold replicas (factor above 0), sorted: those EACH_QUORUM waits on. A
   * datacenter named with factor 0 holds nothing, so no quorum can be asked of it.
   */
  datacenters(): readonly string[] {
    return [...this.factors].filter(([, factor]) => factor > 0).map(([datacenter]) => datacenter);
  }

  replicasFor(token: Token, metadata: TokenMetadata): ReplicasForToken {
    return this.cache.replicasFor(token, metadata);
  }

  replicasAt(ringIndex: number, metadata: TokenMetadata): ReplicasForToken {
    return this.cache.replicasAt(ringIndex, metadata);
  }

  /** The one-pass walk described above, uncached. */
  computeNaturalReplicas(ringIndex: number, metadata: TokenMetadata): ReplicasForToken {
    const replicas: Endpoint[] = [];
    const chosen = new Set<HostId>();
    const fills = new Map<string, DatacenterFill>();
    const topology = metadata.datacenters();
    for (const [datacenter, factor] of this.factors) {
      const members = topology.get(datacenter);
      if (factor === 0 || members === undefined) continue;
      fills.set(datacenter, {
        replicasLeft: Math.min(factor, members.nodeCount),
        rackRepeatsLeft: factor - members.racks.size,
        racksSeen: new Set(),
      });
    }
    let datacentersLeft = fills.size;
    const ringSize = metadata.sortedTokens().length;
    for (let step = 0; step < ringSize && datacentersLeft > 0; step++) {
      const node = metadata.ownerAt((ringIndex + step) % ringSize);
      const fill = fills.get(node.datacenter);
      if (fill === undefined || fill.replicasLeft === 0 || chosen.has(node.hostId)) continue;
      if (fill.racksSeen.has(node.rack)) {
        // A node of a used rack: only while the datacenter has too few racks for its factor.
        if (fill.rackRepeatsLeft <= 0) continue;
        fill.rackRepeatsLeft--;
      } else {
        fill.racksSeen.add(node.rack);
      }
      chosen.add(node.hostId);
      replicas.push(node);
      fill.replicasLeft--;
      if (fill.replicasLeft === 0) datacentersLeft--;
    }
    return replicas;
  }
}

interface DatacenterFill {
  replicasLeft: number;
  rackRepeatsLeft: number;
  readonly racksSeen: Set<string>;
}
