/**
 * Which replica leads a counter write (counter-leader-choice.ts, Cassandra's
 * findSuitableReplica): this node when it is a live replica, else the live replicas of its
 * datacenter in turn, else the nearest live one unless the level keeps to the datacenter.
 */

import { describe, expect, it } from 'vitest';
import { chooseCounterLeader } from '../../../../src/cluster/coordinator/counter-leader-choice.js';
import { NetworkTopologyStrategy } from '../../../../src/cluster/replication/network-topology-strategy.js';
import { SimpleStrategy } from '../../../../src/cluster/replication/simple-strategy.js';
import { endpoint } from '../cluster-fixtures.js';

const self = endpoint('self', 'dc1');
const a1 = endpoint('a1', 'dc1');
const a2 = endpoint('a2', 'dc1');
const b1 = endpoint('b1', 'dc2');
const b2 = endpoint('b2', 'dc2');
const simple3 = new SimpleStrategy(3);
const nts = new NetworkTopologyStrategy(new Map([['dc1', 2], ['dc2', 2]]));

function unavailableOf(choose: () => unknown): Record<string, unknown> {
  try {
    choose();
  } catch (error) {
    return { ...(error as Record<string, unknown>), name: (error as Error).name };
  }
  throw new Error('expected Unavailable');
}

describe('chooseCounterLeader', () => {
  it('is this node when it is a live replica, whatever the turn', () => {
    for (const turn of [0, 1, 7]) expect(chooseCounterLeader([a1, self, a2], self, 'ONE', simple3, turn)).toBe(self);
  });

  it("takes this datacenter's live replicas in turn, never a remote one while one is local", () => {
    const live = [b1, a1, b2, a2];
    expect([0, 1, 2, 3].map((turn) => chooseCounterLeader(live, self, 'QUORUM', nts, turn).hostId)).toEqual(['a1', 'a2', 'a1', 'a2']);
  });

  it('takes the nearest remote replica when this datacenter has none, except at a datacenter-local level', () => {
    expect(chooseCounterLeader([b2, b1], self, 'ONE', nts, 5)).toBe(b2);
    const refusal = unavailableOf(() => chooseCounterLeader([b1, b2], self, 'LOCAL_QUORUM', nts, 0));
    expect(refusal).toMatchObject({ name: 'UnavailableError', consistency: 'LOCAL_QUORUM', required: 2, alive: 0 });
  });

  it('answers Unavailable with no live replica', () => {
    expect(unavailableOf(() => chooseCounterLeader([], self, 'ALL', simple3, 0))).toMatchObject({ name: 'UnavailableError', consistency: 'ALL', required: 3, alive: 0 });
  });
});
