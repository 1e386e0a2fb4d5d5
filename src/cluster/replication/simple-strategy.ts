/**
 * SimpleStrategy (Cassandra's locator/SimpleStrategy.java): the replicas of a token are the
 * first `replication_factor` distinct nodes met walking the ring clockwise from the token's
 * primary range, datacenters and racks ignored. With fewer nodes than the factor, every node.
 */

import { assert } from '../../lib/assert.js';
import type { Token } from '../../storage/model/token.js';
import type { Endpoint, HostId } from '../ring/endpoint.js';
import type { TokenMetadata } from '../ring/token-metadata.js';
import { NaturalReplicaCache } from './natural-replica-cache.js';
import type { ReplicasForToken } from './replicas-for-token.js';

export class SimpleStrategy {
  readonly kind = 'SimpleStrategy';
  private readonly cache = new NaturalReplicaCache((index, metadata) =>
    this.computeNaturalReplicas(index, metadata),
  );

  constructor(private readonly factor: number) {
    assert(Number.isInteger(factor) && factor >= 0, `bad replication factor ${factor}`);
  }

  replicationFactor(): number {
    return this.factor;
  }

  /** The ordered replicas of a token, cached per ring range. */
  replicasFor(token: Token, metadata: TokenMetadata): ReplicasForToken {
    return this.cache.replicasFor(token, metadata);
  }

  /** The replicas of the range ending at ring index `ringIndex`, cached. */
  replicasAt(ringIndex: number, metadata: TokenMetadata): ReplicasForToken {
    return this.cache.replicasAt(ringIndex, metadata);
  }

  /** The walk itself, uncached: from ringIndex clockwise, each node once, until the factor. */
  computeNaturalReplicas(ringIndex: number, metadata: TokenMetadata): ReplicasForToken {
    const ringSize = metadata.sortedTokens().length;
    const replicas: Endpoint[] = [];
    const seen = new Set<HostId>();
    for (let step = 0; step < ringSize && replicas.length < this.factor; step++) {
      const owner = metadata.ownerAt((ringIndex + step) % ringSize);
      if (seen.has(owner.hostId)) continue;
      seen.add(owner.hostId);
      replicas.push(owner);
    }
    return replicas;
  }
}
