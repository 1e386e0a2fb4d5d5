/**
 * Goal: doStatusCheck's fat-client rule, as Cassandra's: an endpoint gossip knows that is no
 * ring member (it never announced tokens, or only as a joining node) is removed from gossip
 * once it has been silent for fatClientTimeout (half the quarantine delay), and then
 * quarantined; ring members, nodes that left, and fat clients still talking are kept.
 * Method: gossipers wired by hand; the silent node's messages are dropped, rounds counted.
 */

import { describe, expect, it } from 'vitest';
import { asEndpoint } from '../../../../src/cluster/gossip/endpoint.js';
import { gossipLimits } from '../../../../src/cluster/gossip/gossip-limits.js';
import { statusValue } from '../../../../src/cluster/gossip/gossip-status.js';
import type { Gossiper } from '../../../../src/cluster/gossip/gossiper.js';
import { HandWire, type Sent, startMs, states } from './hand-wire.js';

const A = '10.0.0.1:7000';
const B = '10.0.0.2:7000';
const F = '10.0.0.9:7000';
const a = asEndpoint(A);
const b = asEndpoint(B);
const f = asEndpoint(F);
const generation = startMs / 1000;
/** Rounds after the cut in which B may still relay a heartbeat of F that A had not heard. */
const RELAY_ROUNDS_MAX = 3;

const silence =
  (address: string) =>
  (sent: Sent): boolean =>
    sent.from === address || sent.to === address;

/** Two ring members and one more node gossiping `fStates`; all up after a few rounds. */
function cluster(fStates: Record<string, string>, options: { fatClientTimeoutMs?: number } = {}): { wire: HandWire; one: Gossiper; two: Gossiper; fat: Gossiper } {
  const wire = new HandWire();
  const one = wire.add(A, [A], 'test', options);
  const two = wire.add(B, [A], 'test', options);
  const fat = wire.add(F, [A], 'test', options);
  one.start(generation, states({ STATUS: 'NORMAL,1', TOKENS: '1', HOST_ID: 'h1' }));
  two.start(generation, states({ STATUS: 'NORMAL,2', TOKENS: '2', HOST_ID: 'h2' }));
  fat.start(generation, states(fStates));
  wire.rounds(6);
  expect(one.isAlive(f)).toBe(true);
  return { wire, one, two, fat };
}

/** Rounds of silence from F until `observer` forgets it (bounded). */
function secondsUntilForgotten(wire: HandWire, observer: Gossiper, limit = 200): number {
  let seconds = 0;
  while (observer.knownEndpoints().includes(f) && seconds < limit) {
    wire.rounds(1, silence(F));
    seconds++;
  }
  return seconds;
}

describe('fat clients', () => {
  it('a node that never announced tokens is removed from gossip after fatClientTimeout of silence (onRemove), everywhere', () => {
    const { wire, one, two } = cluster({ HOST_ID: 'f', DC: 'dc1' });
    wire.events.length = 0;
    const seconds = secondsUntilForgotten(wire, one);
    // Silent since the last heartbeat A heard of it (from it, or relayed by B a round or two
    // after the cut): removed at the first status check more than 30 s after that, and
    // convicted as down some 18 s before.
    expect(seconds).toBeGreaterThan(gossipLimits.fatClientTimeoutMs / 1000);
    expect(seconds).toBeLessThanOrEqual(gossipLimits.fatClientTimeoutMs / 1000 + RELAY_ROUNDS_MAX);
    expect(wire.events).toContain(`${A} dead ${F}`);
    expect(wire.events).toContain(`${A} remove ${F}`);
    expect(one.knownEndpoints()).toEqual([a, b]);
    expect(one.unreachableMembers()).toEqual([]);
    wire.rounds(2, silence(F));
    expect(two.knownEndpoints()).toEqual([a, b]);
  });

  it('a removed fat client is quarantined: its gossip is ignored until the quarantine delay passes', () => {
    const { wire, one } = cluster({ HOST_ID: 'f' });
    secondsUntilForgotten(wire, one);
    wire.rounds(10); // it talks again, on the same generation
    expect(one.knownEndpoints()).toEqual([a, b]);
    wire.rounds(gossipLimits.quarantineDelayMs / 1000);
    expect(one.knownEndpoints()).toEqual([a, b, f]);
    expect(one.isAlive(f)).toBe(true);
  });

  it('a joining node (BOOT with tokens) that dies is a fat client too, as bootstrap tokens are not membership', () => {
    const { wire, one } = cluster({ STATUS: statusValue.bootstrapping(['9']), TOKENS: '9', HOST_ID: 'f' });
    expect(secondsUntilForgotten(wire, one)).toBeLessThanOrEqual(gossipLimits.fatClientTimeoutMs / 1000 + RELAY_ROUNDS_MAX);
  });

  it('ring members stay however long they are silent: NORMAL, and shut down with tokens', () => {
    const { wire, one } = cluster({ STATUS: 'NORMAL,9', TOKENS: '9', HOST_ID: 'f' });
    expect(secondsUntilForgotten(wire, one, 120)).toBe(120);
    expect(one.isAlive(f)).toBe(false);

    const stopped = cluster({ STATUS: 'NORMAL,9', TOKENS: '9', HOST_ID: 'f' });
    stopped.fat.stop();
    stopped.wire.deliverAll();
    expect(stopped.one.endpointState(f)!.applicationState('STATUS')!.value).toBe('shutdown,true');
    expect(secondsUntilForgotten(stopped.wire, stopped.one, 120)).toBe(120);
  });

  it('a node that left is not a fat client: it stays until its LEFT expiry', () => {
    const { wire, one, fat } = cluster({ STATUS: 'NORMAL,9', TOKENS: '9', HOST_ID: 'f' });
    fat.addLocalApplicationState('STATUS', statusValue.left(['9'], startMs + 1_000_000));
    wire.rounds(3);
    expect(secondsUntilForgotten(wire, one, 120)).toBe(120);
  });

  it('a fat client that keeps gossiping is kept', () => {
    const { wire, one } = cluster({ HOST_ID: 'f' });
    wire.rounds(3 * (gossipLimits.fatClientTimeoutMs / 1000));
    expect(one.knownEndpoints()).toEqual([a, b, f]);
    expect(one.isAlive(f)).toBe(true);
  });

  it('takes its timeout from the options', () => {
    const { wire, one } = cluster({ HOST_ID: 'f' }, { fatClientTimeoutMs: 5_000 });
    const seconds = secondsUntilForgotten(wire, one);
    expect(seconds).toBeGreaterThan(5);
    expect(seconds).toBeLessThanOrEqual(5 + RELAY_ROUNDS_MAX);
  });
});
