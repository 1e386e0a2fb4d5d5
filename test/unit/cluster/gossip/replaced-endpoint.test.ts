/**
 * Goal: Gossiper.replacedEndpoint, what a node does once a replacement took every token of a
 * dead node: onRemove, then the state is gone (not kept as removeEndpoint keeps it), so a ring
 * rebuilt from gossip cannot place the dead node again; a peer that still gossips the old
 * state teaches nobody, within the quarantine or after it; the node itself, restarted with a
 * newer generation, is heard again.
 * Method: gossipers wired by hand (hand-wire.ts); A forgets C while B still holds C's state.
 */

import { describe, expect, it } from 'vitest';
import { asEndpoint } from '../../../../src/cluster/gossip/endpoint.js';
import { gossipLimits } from '../../../../src/cluster/gossip/gossip-limits.js';
import { HandWire, type Sent, startMs, states } from './hand-wire.js';

const A = '10.0.0.1:7000';
const B = '10.0.0.2:7000';
const C = '10.0.0.3:7000';
const a = asEndpoint(A);
const b = asEndpoint(B);
const c = asEndpoint(C);
const generation = startMs / 1000;

const silenceC = (sent: Sent): boolean => sent.from === C || sent.to === C;

/** Three NORMAL nodes that know each other, then C dies (its messages lost from here on). */
function threeNodesCDead(): { wire: HandWire; one: ReturnType<HandWire['add']>; two: ReturnType<HandWire['add']> } {
  const wire = new HandWire();
  const one = wire.add(A, [A]);
  const two = wire.add(B, [A]);
  const three = wire.add(C, [A]);
  one.start(generation, states({ STATUS: 'NORMAL,1', TOKENS: '1', HOST_ID: 'h1' }));
  two.start(generation, states({ STATUS: 'NORMAL,2', TOKENS: '2', HOST_ID: 'h2' }));
  three.start(generation, states({ STATUS: 'NORMAL,3', TOKENS: '3', HOST_ID: 'h3' }));
  wire.rounds(6);
  expect(one.knownEndpoints()).toEqual([a, b, c]);
  wire.rounds(30, silenceC);
  expect(one.isAlive(c)).toBe(false);
  return { wire, one, two };
}

describe('Gossiper.replacedEndpoint', () => {
  it('says onRemove and forgets the state: no NORMAL state with the tokens is left behind', () => {
    const { wire, one } = threeNodesCDead();
    wire.events.length = 0;
    one.replacedEndpoint(c);
    expect(wire.events).toEqual([`${A} remove ${C}`]);
    expect(one.endpointState(c)).toBeUndefined();
    expect(one.knownEndpoints()).toEqual([a, b]);
    expect(one.unreachableMembers()).toEqual([]);
  });

  it('ignores the old state from a peer that still holds it, during the quarantine and after it', () => {
    const { wire, one, two } = threeNodesCDead();
    one.replacedEndpoint(c);
    wire.events.length = 0;
    wire.rounds(10, silenceC);
    expect(two.endpointState(c)?.applicationState('STATUS')?.value).toBe('NORMAL,3');
    expect(one.knownEndpoints()).toEqual([a, b]);
    wire.rounds(gossipLimits.quarantineDelayMs / 1000 + 5, silenceC);
    expect(two.knownEndpoints()).toContain(c);
    expect(one.knownEndpoints()).toEqual([a, b]);
    expect(wire.events).not.toContain(`${A} join ${C}`);
  });

  it('hears the node again when it restarts with a newer generation', () => {
    const { wire, one } = threeNodesCDead();
    one.replacedEndpoint(c);
    wire.rounds(gossipLimits.quarantineDelayMs / 1000 + 2, silenceC);
    const restarted = wire.replace(C, [A]);
    restarted.start(generation + 100, states({ STATUS: 'NORMAL,3', TOKENS: '3', HOST_ID: 'h3' }));
    wire.rounds(6);
    expect(one.endpointState(c)?.heartBeatState().generation).toBe(generation + 100);
    expect(one.isAlive(c)).toBe(true);
  });
});
