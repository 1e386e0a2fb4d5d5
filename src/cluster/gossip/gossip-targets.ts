/**
 * Whom one gossip round sends its SYN to (Gossiper.GossipTask, Cassandra 4.0):
 *
 *   1. one random live member;
 *   2. one random unreachable member with probability unreachable / (live + 1), to notice
 *      when it is back;
 *   3. one random seed, if step 1 did not reach a seed or fewer members are live than there
 *      are seeds: always when no member is live (a joining node), else with probability
 *      seeds / (live + unreachable). Gossiping to seeds keeps groups of nodes from each
 *      settling on a subset of the seeds and never hearing of each other (CASSANDRA-150).
 *
 * Pure: the same inputs and random stream give the same targets.
 */

import type { Random } from '../../lib/random.js';
import type { Endpoint } from './endpoint.js';

export interface GossipMembers {
  /** Sorted, without the local endpoint. */
  readonly live: readonly Endpoint[];
  /** Sorted, without the local endpoint. */
  readonly unreachable: readonly Endpoint[];
  /** Sorted, without the local endpoint. */
  readonly seeds: readonly Endpoint[];
}

/** The SYN's recipients in send order; the same endpoint may appear twice, as in Cassandra. */
export function chooseGossipTargets(members: GossipMembers, random: Random): Endpoint[] {
  const { live, unreachable, seeds } = members;
  const targets: Endpoint[] = [];
  const liveTarget = pickOne(live, random);
  if (liveTarget !== undefined) targets.push(liveTarget);
  const gossipedToSeed = liveTarget !== undefined && seeds.includes(liveTarget);

  if (unreachable.length > 0 && random.next() < unreachable.length / (live.length + 1)) {
    targets.push(pickOne(unreachable, random)!);
  }

  if ((!gossipedToSeed || live.length < seeds.length) && seeds.length > 0) {
    if (live.length === 0) {
      targets.push(pickOne(seeds, random)!);
    } else if (random.next() <= seeds.length / (live.length + unreachable.length)) {
      targets.push(pickOne(seeds, random)!);
    }
  }
  return targets;
}

/** Gossiper.sendGossip's choice: no draw when there is a single candidate. */
function pickOne(candidates: readonly Endpoint[], random: Random): Endpoint | undefined {
  if (candidates.length === 0) return undefined;
  return candidates[candidates.length === 1 ? 0 : random.int(candidates.length)];
}
