/**
 * Which ranges change replicas between two rings, and how (Cassandra's
 * StorageService.getChangedReplicasForLeaving and RangeStreamer's calculation of what a new
 * node fetches, in one shape): for each segment of the two rings (ring-segments.ts) whose
 * replica sets differ, the replicas before and after, the nodes that gain it and the nodes that
 * lose it. Adjacent segments with the same change are merged into one range.
 *
 * Both rings are TokenMetadata, so joining nodes, leaving nodes, removals and replacements are
 * all "the ring now" against "the ring when this change is done".
 */

import type { Endpoint } from '../ring/endpoint.js';
import type { TokenMetadata } from '../ring/token-metadata.js';
import { TokenRange } from '../ring/token-range.js';
import type { ReplicasForToken } from '../replication/replicas-for-token.js';
import type { ReplicationStrategy } from '../replication/replication-strategy.js';
import { cutPoints, segmentAt } from './ring-segments.js';

export interface RangeMovement {
  readonly range: TokenRange;
  readonly before: ReplicasForToken;
  readonly after: ReplicasForToken;
  /** In `after` but not in `before`: they must receive the range's data. */
  readonly gained: readonly Endpoint[];
  /** In `before` but not in `after`: they hold data they will no longer own. */
  readonly lost: readonly Endpoint[];
}

export function computeRangeMovements(strategy: ReplicationStrategy, before: TokenMetadata, after: TokenMetadata): RangeMovement[] {
  const points = cutPoints([before, after]);
  const movements: RangeMovement[] = [];
  for (let index = 0; index < points.length; index++) {
    const right = points[index]!;
    const was = before.isEmpty() ? [] : strategy.replicasFor(right, before);
    const will = after.isEmpty() ? [] : strategy.replicasFor(right, after);
    const gained = minus(will, was);
    const lost = minus(was, will);
    if (gained.length === 0 && lost.length === 0) continue;
    const range = segmentAt(points, index);
    const previous = movements.at(-1);
    if (previous !== undefined && previous.range.right === range.left && sameHosts(previous.before, was) && sameHosts(previous.after, will)) {
      movements[movements.length - 1] = { ...previous, range: TokenRange.create(previous.range.left, range.right) };
    } else {
      movements.push({ range, before: was, after: will, gained, lost });
    }
  }
  return movements;
}

/** The endpoints of `from` whose host is not in `without`, in `from`'s order. */
export function minus(from: readonly Endpoint[], without: readonly Endpoint[]): Endpoint[] {
  return from.filter((e) => !without.some((w) => w.hostId === e.hostId));
}

function sameHosts(a: readonly Endpoint[], b: readonly Endpoint[]): boolean {
  return a.length === b.length && a.every((e, i) => e.hostId === b[i]!.hostId);
}
