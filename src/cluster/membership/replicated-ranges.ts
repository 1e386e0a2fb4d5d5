/**
 * The ranges a node replicates for one keyspace (Cassandra's StorageService.getLocalReplicas
 * plus the pending ones): every ring range among whose natural replicas the node is, and every
 * range it is a pending replica of (data is moving to it). What lies outside is not the node's
 * to keep: `nodetool cleanup` drops it. Merged where adjacent, in ring order.
 */

import type { TokenSpan } from '../../storage/compaction/token-spans.js';
import { MIN_TOKEN } from '../../storage/model/token.js';
import type { HostId } from '../ring/endpoint.js';
import { TokenRange } from '../ring/token-range.js';
import type { ReplicationStrategy } from '../replication/replication-strategy.js';
import { computePendingRanges } from './pending-ranges.js';
import type { RingState } from './ring-state.js';

export function naturalRangesOf(strategy: ReplicationStrategy, state: RingState, hostId: HostId): TokenRange[] {
  const ring = state.metadata;
  const ranges: TokenRange[] = [];
  const size = ring.sortedTokens().length;
  for (let index = 0; index < size; index++) {
    if (strategy.replicasAt(index, ring).some((replica) => replica.hostId === hostId)) ranges.push(ring.rangeAt(index));
  }
  return mergeAdjacent(ranges);
}

export function pendingRangesOf(strategy: ReplicationStrategy, state: RingState, hostId: HostId): TokenRange[] {
  return computePendingRanges(strategy, state).rangesOf(hostId);
}

/** Natural and pending ranges together (they may overlap: a range is kept if either has it). */
export function replicatedRangesOf(strategy: ReplicationStrategy, state: RingState, hostId: HostId): TokenRange[] {
  return [...naturalRangesOf(strategy, state, hostId), ...pendingRangesOf(strategy, state, hostId)];
}

/** Ranges in ring order with each one starting where the previous ended merged into it. */
function mergeAdjacent(ranges: readonly TokenRange[]): TokenRange[] {
  const merged: TokenRange[] = [];
  for (const range of ranges) {
    const previous = merged.at(-1);
    if (previous !== undefined && previous.right === range.left && !TokenRange.isWrapAround(previous)) {
      merged[merged.length - 1] = TokenRange.create(previous.left, range.right);
    } else merged.push(range);
  }
  return merged;
}

/** Ring ranges as the storage engine's token spans: unwrapped, MIN_TOKEN at either end meaning unbounded. */
export function tokenSpansOf(ranges: readonly TokenRange[]): TokenSpan[] {
  return ranges.flatMap((range) =>
    TokenRange.unwrap(range).map((piece) => ({
      // No key has MIN_TOKEN: "after MIN_TOKEN" is from the ring's start, "up to MIN_TOKEN" (a wrap) to its end.
      ...(piece.left === MIN_TOKEN ? {} : { startToken: piece.left }),
      ...(piece.right === MIN_TOKEN ? {} : { endToken: piece.right }),
    })),
  );
}
