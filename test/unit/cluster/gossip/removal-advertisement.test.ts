/**
 * Goal: Gossiper.advertiseRemoving and advertiseTokenRemoved, as Cassandra's: the node running
 * a removenode writes the dead node's STATUS (removing, then removed with an expiry) at one
 * generation up each time, with REMOVAL_COORDINATOR naming itself, and every gossiper takes
 * it over the dead node's own state; nobody marks the dead node alive.
 * Method: three gossipers wired by hand, the dead one's messages dropped.
 */

import { describe, expect, it } from 'vitest';
import { asEndpoint } from '../../../../src/cluster/gossip/endpoint.js';
import { gossipLimits } from '../../../../src/cluster/gossip/gossip-limits.js';
import { statusExpireTimeMs } from '../../../../src/cluster/gossip/gossip-status.js';
import type { Gossiper } from '../../../../src/cluster/gossip/gossiper.js';
import { HandWire, type Sent, startMs, states } from './hand-wire.js';

const A = '10.0.0.1:7000';
const B = '10.0.0.2:7000';
const C = '10.0.0.3:7000';
const c = asEndpoint(C);
const generation = startMs / 1000;
const deadC = (sent: Sent): boolean => sent.from === C || sent.to === C;

function threeNodesOneDead(): { wire: HandWire; one: Gossiper; two: Gossiper } {
  const wire = new HandWire();
  const [one, two, three] = [A, B, C].map((address) => wire.add(address, [A])) as [Gossiper, Gossiper, Gossiper];
  [one, two, three].forEach((g, i) => g.start(generation, states({ STATUS: `NORMAL,${i + 1}`, TOKENS: `${i + 1}`, HOST_ID: `h${i + 1}`, DC: 'dc1' })));
  wire.rounds(6);
  wire.rounds(25, deadC);
  expect(one.isAlive(c)).toBe(false);
  wire.events.length = 0;
  return { wire, one, two };
}

describe('advertiseRemoving and advertiseTokenRemoved', () => {
  it('removing, then removed with an expiry, each one generation up, reach every node; the dead node stays down', () => {
    const { wire, one, two } = threeNodesOneDead();
    const before = two.endpointState(c)!.heartBeatState();
    two.advertiseRemoving(c, 'h3', 'h2');
    const removing = two.endpointState(c)!;
    expect(removing.heartBeatState()).toEqual({ generation: before.generation + 1, version: before.version });
    expect(removing.applicationState('STATUS')!.value).toBe('removing,h3');
    expect(removing.applicationState('REMOVAL_COORDINATOR')!.value).toBe('REMOVER,h2');
    // The rest of its state is kept: the ring still knows where its ranges were.
    expect(removing.applicationState('TOKENS')!.value).toBe('3');
    expect(removing.applicationState('DC')!.value).toBe('dc1');
    wire.rounds(3, deadC);
    expect(one.endpointState(c)!.applicationState('STATUS')!.value).toBe('removing,h3');
    expect(one.endpointState(c)!.applicationState('REMOVAL_COORDINATOR')!.value).toBe('REMOVER,h2');

    two.advertiseTokenRemoved(c, 'h3');
    const removed = two.endpointState(c)!.applicationState('STATUS')!.value;
    expect(removed).toMatch(/^removed,h3,\d+$/);
    expect(statusExpireTimeMs(removed)).toBe(wire.clock.nowMs() + gossipLimits.expireDelayMs);
    expect(two.endpointState(c)!.heartBeatState().generation).toBe(before.generation + 2);
    wire.rounds(3, deadC);
    expect(one.endpointState(c)!.applicationState('STATUS')!.value).toBe(removed);
    expect(one.isAlive(c)).toBe(false);
    expect(wire.events.filter((e) => e.includes(`alive ${C}`))).toEqual([]);
    // Every node heard each new generation as a restart of the dead node.
    expect(wire.events.filter((e) => e === `${A} restart ${C} old-generation=${generation}`)).toHaveLength(1);
    expect(wire.events).toContain(`${A} restart ${C} old-generation=${generation + 1}`);
  });

  it('takes versions above everything the node has sent before, from our own counter', () => {
    const { two } = threeNodesOneDead();
    const highest = two.endpointState(c)!.maxVersion();
    const ours = two.endpointState(asEndpoint(B))!.maxVersion();
    two.advertiseRemoving(c, 'h3', 'h2');
    expect(two.endpointState(c)!.applicationState('STATUS')!.version).toBeGreaterThan(ours);
    expect(two.endpointState(c)!.maxVersion()).toBeGreaterThanOrEqual(highest);
  });

  it('refuses an endpoint it has no state for, and the local one', () => {
    const { two } = threeNodesOneDead();
    expect(() => two.advertiseRemoving(asEndpoint('10.0.0.99:7000'), 'x', 'h2')).toThrow(/no gossip state/);
    expect(() => two.advertiseTokenRemoved(asEndpoint(B), 'h2')).toThrow(/our own state/);
  });
});
