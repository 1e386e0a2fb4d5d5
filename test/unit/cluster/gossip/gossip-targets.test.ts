/**
 * Goal: each round's SYN goes where Cassandra's GossipTask sends it, with its probabilities.
 * Method: fixed member sets; exact answers where no chance is involved, frequencies over
 * many seeded draws where it is (tolerance well above the sampling error).
 */

import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src/lib/random.js';
import { type Endpoint, asEndpoint } from '../../../../src/cluster/gossip/endpoint.js';
import { type GossipMembers, chooseGossipTargets } from '../../../../src/cluster/gossip/gossip-targets.js';

const ep = (i: number): Endpoint => asEndpoint(`10.0.0.${i}:7000`);
const range = (from: number, to: number): Endpoint[] => Array.from({ length: to - from + 1 }, (_, i) => ep(from + i));

function frequency(members: GossipMembers, draws: number, counts: (targets: Endpoint[]) => boolean): number {
  const random = new SeededRandom(7);
  let hits = 0;
  for (let i = 0; i < draws; i++) if (counts(chooseGossipTargets(members, random))) hits++;
  return hits / draws;
}

describe('chooseGossipTargets', () => {
  it('a node that knows nobody live gossips to one seed', () => {
    const targets = chooseGossipTargets({ live: [], unreachable: [], seeds: [ep(1), ep(2)] }, new SeededRandom(1));
    expect(targets).toHaveLength(1);
    expect([ep(1), ep(2)]).toContain(targets[0]);
  });

  it('no seeds and nobody unreachable: exactly one live member', () => {
    const live = range(2, 6);
    for (let seed = 0; seed < 50; seed++) {
      const targets = chooseGossipTargets({ live, unreachable: [], seeds: [] }, new SeededRandom(seed));
      expect(targets).toHaveLength(1);
      expect(live).toContain(targets[0]);
    }
  });

  it('nobody at all: nothing to send', () => {
    expect(chooseGossipTargets({ live: [], unreachable: [], seeds: [] }, new SeededRandom(1))).toEqual([]);
  });

  it('reaches an unreachable member with probability unreachable / (live + 1)', () => {
    const members = { live: range(2, 5), unreachable: range(6, 7), seeds: [] };
    const f = frequency(members, 20_000, (targets) => targets.some((t) => members.unreachable.includes(t)));
    expect(f).toBeGreaterThan(2 / 5 - 0.02);
    expect(f).toBeLessThan(2 / 5 + 0.02);
  });

  it('adds a seed with probability seeds / (live + unreachable) when the live pick was no seed', () => {
    const seeds = [ep(1), ep(2)];
    const members = { live: range(3, 6), unreachable: [], seeds };
    const f = frequency(members, 20_000, (targets) => targets.some((t) => seeds.includes(t)));
    expect(f).toBeGreaterThan(2 / 4 - 0.02);
    expect(f).toBeLessThan(2 / 4 + 0.02);
  });

  it('after gossiping to a live seed, no second seed unless fewer are live than seeds', () => {
    const seeds = [ep(1)];
    const onlySeedLive = { live: [ep(1)], unreachable: [], seeds };
    expect(chooseGossipTargets(onlySeedLive, new SeededRandom(3))).toEqual([ep(1)]);
  });

  it('the same random stream gives the same targets', () => {
    const members = { live: range(3, 9), unreachable: range(10, 12), seeds: [ep(1), ep(2)] };
    const run = (): Endpoint[][] => {
      const random = new SeededRandom(99);
      return Array.from({ length: 100 }, () => chooseGossipTargets(members, random));
    };
    expect(run()).toEqual(run());
  });
});
