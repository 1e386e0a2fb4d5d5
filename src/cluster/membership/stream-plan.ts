/**
 * Who streams which ranges to whom for a membership change, from the range movements between
 * the ring now and the ring after (range-movement.ts):
 *
 *   planFetch    a joining or replacing node fetches each range it gains (RangeStreamer): from
 *                the replica it displaces (Cassandra's strict source: the node that had every
 *                write the newcomer will be asked for). A bootstrap takes no other source for
 *                such a range (consistent range movement): another holder may lack writes a
 *                QUORUM acknowledged, and the newcomer would then answer in that replica's
 *                place without them. A replace, whose displaced node is the dead one, and a
 *                range with no single displaced replica take the nearest other holder.
 *   planPush     a leaving node sends each range it loses to the nodes that gain it
 *                (StorageService.getChangedReplicasForLeaving + streamRanges).
 *   planRestore  for a node removed while dead, every node that gains one of its ranges
 *                fetches it from the nearest live replica that had it (restoreReplicaCount).
 *
 * Ranges of one peer are merged where adjacent. Pure: liveness comes in as a predicate.
 */

import type { Endpoint, HostId } from '../ring/endpoint.js';
import { TokenRange } from '../ring/token-range.js';
import type { RangeMovement } from './range-movement.js';

export interface StreamTask {
  /** The node the data comes from (a fetch) or goes to (a push). */
  readonly peer: Endpoint;
  readonly ranges: readonly TokenRange[];
}

export interface FetchPlan {
  readonly tasks: readonly StreamTask[];
  /** Ranges no replica could send (every holder down): their data cannot be copied now. */
  readonly unsourced: readonly TokenRange[];
  /** Under consistent range movement: displaced replicas that are down, each with its ranges. */
  readonly strictSourcesDown: readonly StreamTask[];
}

/**
 * What `fetcher` streams in for the change, and from whom; `consistent` (a bootstrap) takes a
 * displaced replica's ranges from it or not at all.
 */
export function planFetch(movements: readonly RangeMovement[], fetcher: Endpoint, canSend: (source: Endpoint) => boolean, consistent = false): FetchPlan {
  const tasks = new TaskList();
  const strictDown = new TaskList();
  const unsourced: TokenRange[] = [];
  for (const movement of movements) {
    if (!movement.gained.some((e) => e.hostId === fetcher.hostId)) continue;
    const strict = strictSource(movement, fetcher);
    if (consistent && strict !== undefined && !canSend(strict)) {
      strictDown.add(strict, movement.range);
      continue;
    }
    const source = chooseSource(movement, fetcher, canSend);
    if (source === undefined) unsourced.push(movement.range);
    else tasks.add(source, movement.range);
  }
  return { tasks: tasks.list(), unsourced, strictSourcesDown: strictDown.list() };
}

/** What `leaver` sends out for the change, and to whom. */
export function planPush(movements: readonly RangeMovement[], leaver: HostId): StreamTask[] {
  const tasks = new TaskList();
  for (const movement of movements) {
    if (!movement.lost.some((e) => e.hostId === leaver)) continue;
    for (const target of movement.gained) tasks.add(target, movement.range);
  }
  return tasks.list();
}

/** A new replica of a removed node's ranges and what it fetches. */
export interface RestoreTask {
  readonly target: Endpoint;
  readonly fetches: readonly StreamTask[];
}

export interface RestorePlan {
  readonly restores: readonly RestoreTask[];
  readonly unsourced: readonly TokenRange[];
}

/** Who fetches what, from whom, to restore the replica count of `removed`'s ranges. */
export function planRestore(movements: readonly RangeMovement[], removed: HostId, canSend: (source: Endpoint) => boolean): RestorePlan {
  const byTarget = new Map<HostId, { target: Endpoint; tasks: TaskList }>();
  const unsourced: TokenRange[] = [];
  for (const movement of movements) {
    if (!movement.lost.some((e) => e.hostId === removed)) continue;
    for (const target of movement.gained) {
      const source = chooseSource(movement, target, (e) => e.hostId !== removed && canSend(e));
      if (source === undefined) {
        unsourced.push(movement.range);
        continue;
      }
      let entry = byTarget.get(target.hostId);
      if (entry === undefined) byTarget.set(target.hostId, (entry = { target, tasks: new TaskList() }));
      entry.tasks.add(source, movement.range);
    }
  }
  return { restores: [...byTarget.values()].map(({ target, tasks }) => ({ target, fetches: tasks.list() })), unsourced };
}

/** The one replica a range movement displaces (other than the fetcher itself), if there is one. */
function strictSource(movement: RangeMovement, fetcher: Endpoint): Endpoint | undefined {
  const strict = movement.lost.length === 1 ? movement.lost[0]! : undefined;
  return strict !== undefined && strict.hostId !== fetcher.hostId ? strict : undefined;
}

/** The displaced replica if it can send, else the nearest holder that can (same rack, same datacenter, any). */
function chooseSource(movement: RangeMovement, fetcher: Endpoint, canSend: (source: Endpoint) => boolean): Endpoint | undefined {
  const strict = strictSource(movement, fetcher);
  if (strict !== undefined && canSend(strict)) return strict;
  const holders = movement.before.filter((e) => e.hostId !== fetcher.hostId && canSend(e));
  const distance = (e: Endpoint): number => (e.datacenter !== fetcher.datacenter ? 2 : e.rack !== fetcher.rack ? 1 : 0);
  return [...holders].sort((a, b) => distance(a) - distance(b))[0];
}

/** Ranges gathered per peer, in the order peers and ranges were first met. */
class TaskList {
  private readonly byPeer = new Map<HostId, { peer: Endpoint; ranges: TokenRange[] }>();

  add(peer: Endpoint, range: TokenRange): void {
    let entry = this.byPeer.get(peer.hostId);
    if (entry === undefined) this.byPeer.set(peer.hostId, (entry = { peer, ranges: [] }));
    const last = entry.ranges.at(-1);
    if (last !== undefined && last.right === range.left) entry.ranges[entry.ranges.length - 1] = TokenRange.create(last.left, range.right);
    else entry.ranges.push(range);
  }

  list(): StreamTask[] {
    return [...this.byPeer.values()].map(({ peer, ranges }) => ({ peer, ranges }));
  }
}
