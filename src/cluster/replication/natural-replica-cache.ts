/**
 * Natural replicas cached per ring range. Every token of one primary range (between two
 * consecutive ring tokens) has the same replicas, so a strategy computes them once per range
 * index of a given TokenMetadata and a coordinator's per-write lookup is a binary search plus
 * an array read. TokenMetadata is immutable, so the cache is keyed by the object itself: a ring
 * change makes a new TokenMetadata and the old entries go with the old object (WeakMap), with
 * no invalidation protocol (Cassandra needs one because its TokenMetadata is mutable).
 */

import type { Token } from '../../storage/model/token.js';
import type { TokenMetadata } from '../ring/token-metadata.js';
import type { ReplicasForToken } from './replicas-for-token.js';

export class NaturalReplicaCache {
  private readonly byMetadata = new WeakMap<TokenMetadata, Array<ReplicasForToken | undefined>>();

  constructor(
    private readonly compute: (ringIndex: number, metadata: TokenMetadata) => ReplicasForToken,
  ) {}

  replicasFor(token: Token, metadata: TokenMetadata): ReplicasForToken {
    if (metadata.isEmpty()) return [];
    return this.replicasAt(metadata.ringIndexFor(token), metadata);
  }

  /** The replicas of the range ending at metadata.sortedTokens()[ringIndex]. */
  replicasAt(ringIndex: number, metadata: TokenMetadata): ReplicasForToken {
    let perRange = this.byMetadata.get(metadata);
    if (perRange === undefined) {
      perRange = new Array<ReplicasForToken | undefined>(metadata.sortedTokens().length);
      this.byMetadata.set(metadata, perRange);
    }
    let replicas = perRange[ringIndex];
    if (replicas === undefined) {
      replicas = Object.freeze(this.compute(ringIndex, metadata));
      perRange[ringIndex] = replicas;
    }
    return replicas;
  }
}
