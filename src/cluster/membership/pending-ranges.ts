/**
 * Pending ranges (Cassandra's TokenMetadata.calculatePendingRanges and PendingRangeMaps): while
 * nodes join, leave or replace a dead node, the ranges whose replica set is about to change
 * have pending replicas, the nodes that will own them once the change completes. Writes go to
 * the natural replicas and the pending ones, and wait for one more acknowledgement per pending
 * replica (ConsistencyLevel.blockForWrite), so a write made during the change is on enough
 * owners afterwards whichever way it ends; reads keep to the natural replicas, which hold the
 * data until the change is done.
 *
 * Computed as Cassandra does, from the ring now (`current`, joining nodes outside it):
 *   1. allLeft = current without its leaving nodes (a decommission, or a node being removed).
 *      Each range's replicas in allLeft that are not replicas now are pending.
 *   2. Each joining node J, alone: in allLeft with J normal, the ranges J replicates are
 *      pending for J (concurrent joins each count on their own, as they may finish in any order).
 *   3. Each replacement R of a dead node D: in allLeft with D's tokens given to R, the ranges R
 *      replicates are pending for R.
 * The result is kept on the segments of every ring involved (ring-segments.ts), so a lookup is
 * one binary search; the pending lists are interned, so equal lists are one object, which the
 * write coordinator groups mutations by.
 */

import { assert } from '../../lib/assert.js';
import type { Token } from '../../storage/model/token.js';
import type { Endpoint, HostId } from '../ring/endpoint.js';
import type { TokenMetadata } from '../ring/token-metadata.js';
import { TokenRange } from '../ring/token-range.js';
import type { ReplicationStrategy } from '../replication/replication-strategy.js';
import { minus } from './range-movement.js';
import { cutPoints, segmentAt, segmentIndexFor } from './ring-segments.js';
import type { RingState } from './ring-state.js';

/** The pending replicas of a token: nodes about to replicate it (empty almost always). */
export type PendingReplicas = readonly Endpoint[];

export const NO_PENDING: PendingReplicas = Object.freeze([]);

/** One range and its pending replicas, as `entries()` lists them. */
export interface PendingRange {
  readonly range: TokenRange;
  readonly pending: PendingReplicas;
}

export class PendingRanges {
  static readonly NONE = new PendingRanges([], []);

  /**
   * @param points segment ends, ascending (ring-segments.ts)
   * @param pendingAt the pending replicas of each segment (same index)
   */
  private constructor(
    private readonly points: readonly Token[],
    private readonly pendingAt: readonly PendingReplicas[],
  ) {
    assert(points.length === pendingAt.length, 'one pending list per segment');
  }

  static of(points: readonly Token[], pendingAt: readonly PendingReplicas[]): PendingRanges {
    return pendingAt.every((p) => p.length === 0) ? PendingRanges.NONE : new PendingRanges(points, pendingAt);
  }

  isEmpty(): boolean {
    return this.points.length === 0;
  }

  /** The pending replicas of a token (NO_PENDING when none): one binary search. */
  pendingFor(token: Token): PendingReplicas {
    if (this.points.length === 0) return NO_PENDING;
    return this.pendingAt[segmentIndexFor(this.points, token)]!;
  }

  /** Ranges with pending replicas, adjacent ones with the same replicas merged, in ring order. */
  entries(): PendingRange[] {
    const entries: PendingRange[] = [];
    for (let index = 0; index < this.points.length; index++) {
      const pending = this.pendingAt[index]!;
      if (pending.length === 0) continue;
      const range = segmentAt(this.points, index);
      const previous = entries.at(-1);
      if (previous !== undefined && previous.pending === pending && previous.range.right === range.left) {
        entries[entries.length - 1] = { range: TokenRange.create(previous.range.left, range.right), pending };
      } else {
        entries.push({ range, pending });
      }
    }
    return entries;
  }

  /** The ranges a node is pending for, merged where adjacent, in ring order. */
  rangesOf(hostId: HostId): TokenRange[] {
    const ranges: TokenRange[] = [];
    for (let index = 0; index < this.points.length; index++) {
      if (!this.pendingAt[index]!.some((e) => e.hostId === hostId)) continue;
      const range = segmentAt(this.points, index);
      const previous = ranges.at(-1);
      if (previous !== undefined && previous.right === range.left) ranges[ranges.length - 1] = TokenRange.create(previous.left, range.right);
      else ranges.push(range);
    }
    return ranges;
  }
}

/** The rings each change ends in, and which of their new replicas count as pending. */
interface FutureRing {
  readonly ring: TokenMetadata;
  /** Only this node's gains are pending (a join or a replacement); null: every gain (leaves). */
  readonly only: HostId | null;
}

export function computePendingRanges(strategy: ReplicationStrategy, state: RingState): PendingRanges {
  const current = state.metadata;
  const endpoints = current.endpoints();
  const leaving = endpoints.filter((e) => e.status === 'leaving');
  const joining = endpoints.filter((e) => e.status === 'joining');
  if (leaving.length === 0 && joining.length === 0 && state.replacements.length === 0) return PendingRanges.NONE;

  let allLeft = current;
  for (const node of leaving) allLeft = allLeft.withoutNode(node.hostId);
  const futures: FutureRing[] = [];
  if (leaving.length > 0) futures.push({ ring: allLeft, only: null });
  for (const node of joining) futures.push({ ring: allLeft.withStatus(node.hostId, 'normal'), only: node.hostId });
  for (const { endpoint, tokens, replaced } of state.replacements) {
    const withoutReplaced = allLeft.endpoint(replaced) === undefined ? allLeft : allLeft.withoutNode(replaced);
    futures.push({ ring: withoutReplaced.withNode({ ...endpoint, status: 'normal' }, tokens), only: endpoint.hostId });
  }

  const points = cutPoints([current, ...futures.map((f) => f.ring)]);
  const interned = new Map<string, PendingReplicas>();
  const pendingAt = points.map((right) => {
    const natural = current.isEmpty() ? [] : strategy.replicasFor(right, current);
    const pending: Endpoint[] = [];
    for (const future of futures) {
      if (future.ring.isEmpty()) continue;
      for (const gained of minus(strategy.replicasFor(right, future.ring), natural)) {
        if (future.only !== null && gained.hostId !== future.only) continue;
        if (!pending.some((p) => p.hostId === gained.hostId)) pending.push(gained);
      }
    }
    return intern(interned, pending);
  });
  return PendingRanges.of(points, pendingAt);
}

function intern(interned: Map<string, PendingReplicas>, pending: Endpoint[]): PendingReplicas {
  if (pending.length === 0) return NO_PENDING;
  const key = pending.map((e) => e.hostId).join('\u0000');
  let shared = interned.get(key);
  if (shared === undefined) interned.set(key, (shared = Object.freeze(pending)));
  return shared;
}
