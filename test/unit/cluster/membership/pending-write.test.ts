/**
 * Writes to a range with pending replicas: each pending replica raises the acks needed by one
 * in the group its answer counts toward, and Unavailable is judged against that raised bar
 * (ConsistencyLevel.blockForWrite, assureSufficientLiveReplicasForWrite).
 */

import { describe, expect, it } from 'vitest';
import { UnavailableError } from '../../../../src/cluster/consistency/unavailable-error.js';
import { ReplicaAcks } from '../../../../src/cluster/coordinator/replica-acks.js';
import { ackNeedsForWrite, assureSufficientLiveForWrite } from '../../../../src/cluster/membership/pending-write.js';
import { NetworkTopologyStrategy } from '../../../../src/cluster/replication/network-topology-strategy.js';
import { SimpleStrategy } from '../../../../src/cluster/replication/simple-strategy.js';
import type { Timers } from '../../../../src/actors/timers.js';
import { endpoint } from '../cluster-fixtures.js';

const timers: Timers = { setTimeout: () => ({ timerId: 0 }), clearTimeout: () => undefined };
const [a, b, c, j] = [endpoint('a'), endpoint('b'), endpoint('c'), endpoint('j')];
const total = (needs: ReturnType<typeof ackNeedsForWrite>): number => [...needs.required.values()].reduce((x, y) => x + y, 0);

describe('ackNeedsForWrite', () => {
  const rf2 = new SimpleStrategy(2);

  it("needs blockFor + pending acks, and any target's ack counts", () => {
    expect(total(ackNeedsForWrite('QUORUM', rf2, [a, b], [], 'dc1'))).toBe(2);
    const needs = ackNeedsForWrite('QUORUM', rf2, [a, b], [j], 'dc1');
    expect(total(needs)).toBe(3);
    expect(total(ackNeedsForWrite('ONE', rf2, [a, b], [j], 'dc1'))).toBe(2);
    expect(total(ackNeedsForWrite('ANY', rf2, [a, b], [j], 'dc1'))).toBe(1);

    const acks = new ReplicaAcks(needs, [a.address, b.address, j.address], 1000, timers);
    let met = false;
    void acks.outcome.then((o) => (met = o.kind === 'met'));
    acks.ack(a.address);
    acks.ack(j.address);
    expect(met).toBe(false);
    acks.ack(b.address);
    return acks.outcome.then((o) => expect(o.kind).toBe('met'));
  });

  it("counts only pending replicas of the local datacenter for LOCAL_QUORUM, and each datacenter's own for EACH_QUORUM", () => {
    const nts = new NetworkTopologyStrategy(new Map([['dc1', 2], ['dc2', 2]]));
    const [x, y] = [endpoint('x', 'dc2'), endpoint('y', 'dc2')];
    const remotePending = endpoint('p', 'dc2');
    expect(total(ackNeedsForWrite('LOCAL_QUORUM', nts, [a, b, x, y], [remotePending], 'dc1'))).toBe(2);
    expect(total(ackNeedsForWrite('LOCAL_QUORUM', nts, [a, b, x, y], [j], 'dc1'))).toBe(3);
    const each = ackNeedsForWrite('EACH_QUORUM', nts, [a, b, x, y], [remotePending], 'dc1');
    expect(each.required.get('dc1')).toBe(2);
    expect(each.required.get('dc2')).toBe(3);
    expect(each.groupOf(remotePending.address)).toBe('dc2');
  });
});

describe('assureSufficientLiveForWrite', () => {
  const rf3 = new SimpleStrategy(3);

  it('refuses when the live targets are below blockFor + pending, a down pending replica included', () => {
    expect(() => assureSufficientLiveForWrite('QUORUM', rf3, [a, b, j], [j], 'dc1')).not.toThrow();
    const error = (() => {
      try {
        assureSufficientLiveForWrite('QUORUM', rf3, [a, b], [j], 'dc1');
      } catch (e) {
        return e as UnavailableError;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error!.required).toBe(3);
    expect(error!.alive).toBe(2);
    expect(() => assureSufficientLiveForWrite('QUORUM', rf3, [a, b], [], 'dc1')).not.toThrow();
    expect(() => assureSufficientLiveForWrite('ANY', rf3, [], [j], 'dc1')).not.toThrow();
    expect(() => assureSufficientLiveForWrite('ALL', rf3, [a, b, c], [j], 'dc1')).toThrow(UnavailableError);
  });
});
