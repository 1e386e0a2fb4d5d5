/**
 * Each node's effective ownership under a replication strategy (nodetool status's
 * "Owns (effective)"): the share of the ring whose data it holds as a replica, primary or not.
 * Summed over the nodes this is the number of replicas per token (the replication factor when
 * there are enough nodes). Cost: one replica lookup per ring range.
 */

import type { HostId } from '../ring/endpoint.js';
import type { TokenMetadata } from '../ring/token-metadata.js';
import { RING_TOKEN_COUNT, TokenRange } from '../ring/token-range.js';
import type { ReplicationStrategy } from './replication-strategy.js';

export function computeEffectiveOwnership(
  strategy: ReplicationStrategy,
  metadata: TokenMetadata,
): ReadonlyMap<HostId, number> {
  const held = new Map<HostId, bigint>();
  for (const endpoint of metadata.endpoints()) held.set(endpoint.hostId, 0n);
  const ringSize = metadata.sortedTokens().length;
  for (let index = 0; index < ringSize; index++) {
    const size = TokenRange.size(metadata.rangeAt(index));
    for (const replica of strategy.replicasAt(index, metadata)) {
      held.set(replica.hostId, held.get(replica.hostId)! + size);
    }
  }
  const shares = new Map<HostId, number>();
  for (const [hostId, tokens] of held) shares.set(hostId, Number(tokens) / Number(RING_TOKEN_COUNT));
  return shares;
}
