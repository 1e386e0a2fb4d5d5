/**
 * Goal: `assassinate` does what Cassandra's Gossiper.assassinateEndpoint does: a silent node
 * gets STATUS LEFT with an expiry at a newer generation, which every gossiper takes over the
 * node's own state; a node still heartbeating is refused after ring_delay; an address gossip
 * never heard of is assassinated too, at a generation a minute ahead.
 * Method: three gossipers wired by hand (hand-wire.ts); the assassination's waits run on the
 * wire's timers, which move with its rounds.
 */

import { describe, expect, it } from 'vitest';
import { asEndpoint } from '../../../../src/cluster/gossip/endpoint.js';
import { assassinateEndpoint } from '../../../../src/cluster/gossip/endpoint-assassination.js';
import { gossipLimits } from '../../../../src/cluster/gossip/gossip-limits.js';
import { statusExpireTimeMs, statusWord } from '../../../../src/cluster/gossip/gossip-status.js';
import type { Gossiper } from '../../../../src/cluster/gossip/gossiper.js';
import { HandWire, type Sent, startMs, states } from './hand-wire.js';

const A = '10.0.0.1:7000';
const B = '10.0.0.2:7000';
const C = '10.0.0.3:7000';
const D = '10.0.0.4:7000';
const c = asEndpoint(C);
const d = asEndpoint(D);
const generation = startMs / 1000;
const RING_DELAY_MS = 30_000;

function threeNodes(): { wire: HandWire; one: Gossiper; two: Gossiper; three: Gossiper } {
  const wire = new HandWire();
  const [one, two, three] = [A, B, C].map((address) => wire.add(address, [A])) as [Gossiper, Gossiper, Gossiper];
  [one, two, three].forEach((g, i) => g.start(generation, states({ STATUS: `NORMAL,${i + 1}`, TOKENS: `${i + 1}`, HOST_ID: `h${i + 1}` })));
  wire.rounds(6);
  return { wire, one, two, three };
}

const isolate =
  (address: string) =>
  (sent: Sent): boolean =>
    sent.from === address || sent.to === address;

function assassinate(by: Gossiper, wire: HandWire, endpoint: typeof c, token = '3'): Promise<void> {
  return assassinateEndpoint(by, endpoint, { timers: wire.timers, ringDelayMs: RING_DELAY_MS, intervalMs: 1_000, tokensOf: () => [token] });
}

describe('assassinate', () => {
  it('gives a silent node LEFT with an expiry at generation + 1: every node drops it, and its own gossip cannot bring it back', async () => {
    const { wire, one, two } = threeNodes();
    const cutC = isolate(C);
    wire.rounds(1, cutC);
    const heartBeat = two.endpointState(c)!.heartBeatState();
    wire.events.length = 0;
    let finished = false;
    const done = assassinate(two, wire, c).then(() => (finished = true));
    // Nothing is written before ring_delay has passed without a word from the node.
    await wire.roundsAsync(RING_DELAY_MS / 1000 - 1, cutC);
    expect(statusWord(two.endpointState(c)!.applicationState('STATUS')!.value)).toBe('NORMAL');
    await wire.roundsAsync(2, cutC);
    const assassinatedAtMs = wire.clock.nowMs();
    const status = two.endpointState(c)!.applicationState('STATUS')!.value;
    expect(status).toMatch(/^LEFT,3,\d+$/);
    expect(statusExpireTimeMs(status)! - assassinatedAtMs).toBeGreaterThanOrEqual(gossipLimits.expireDelayMs - 1_000);
    expect(two.endpointState(c)!.heartBeatState()).toEqual({ generation: heartBeat.generation + 1, version: heartBeat.version });
    expect(finished).toBe(false); // it waits four rounds so the news leaves the node
    await wire.roundsAsync(gossipLimits.assassinateAdvertiseRounds, cutC);
    await done;
    expect(finished).toBe(true);
    // The other node took the newer generation: a restart, then a join in a dead state.
    expect(one.endpointState(c)!.applicationState('STATUS')!.value).toBe(status);
    expect(wire.events).toContain(`${A} restart ${C} old-generation=${generation}`);
    expect(wire.events).toContain(`${A} join ${C}`);
    expect(one.isAlive(c)).toBe(false);
    expect(two.isAlive(c)).toBe(false);
    // The node comes back on its old generation: nobody listens.
    wire.rounds(10);
    expect(one.endpointState(c)!.applicationState('STATUS')!.value).toBe(status);
    expect(one.isAlive(c)).toBe(false);
    expect(wire.events.filter((e) => e.includes(`alive ${C}`))).toEqual([]);
  });

  it('refuses a node whose heartbeat moves during ring_delay: it is alive', async () => {
    const { wire, one, two } = threeNodes();
    const done = assassinate(two, wire, c);
    const refusal = done.catch((error: Error) => error);
    await wire.roundsAsync(RING_DELAY_MS / 1000 + 1);
    expect(String(await refusal)).toMatch(/Endpoint still alive: 10.0.0.3:7000 heartbeat changed while trying to assassinate it/);
    for (const g of [one, two]) expect(statusWord(g.endpointState(c)!.applicationState('STATUS')!.value)).toBe('NORMAL');
    expect(one.isAlive(c)).toBe(true);
  });

  it('refuses a node that restarted during ring_delay (a new generation)', async () => {
    const { wire, two } = threeNodes();
    const refusal = assassinate(two, wire, c).catch((error: Error) => error);
    await wire.roundsAsync(5);
    wire.replace(C, [A]).start(generation + 100, states({ STATUS: 'NORMAL,3', TOKENS: '3', HOST_ID: 'h3' }));
    await wire.roundsAsync(RING_DELAY_MS / 1000);
    expect(String(await refusal)).toMatch(/generation changed while trying to assassinate it/);
  });

  it('assassinates an address gossip never heard of, at a generation a minute ahead, and teaches it to the others as LEFT', async () => {
    const { wire, one, two } = threeNodes();
    const nowMs = wire.clock.nowMs();
    const done = assassinate(two, wire, d, '42');
    // No ring_delay wait: there is no heartbeat to watch.
    expect(two.endpointState(d)).toBeDefined();
    expect(two.endpointState(d)!.heartBeatState()).toEqual({
      generation: Math.floor((nowMs + gossipLimits.assassinateGenerationAheadMs) / 1000),
      version: gossipLimits.assassinateHeartBeatVersion,
    });
    expect(two.endpointState(d)!.applicationState('STATUS')!.value).toMatch(/^LEFT,42,\d+$/);
    await wire.roundsAsync(gossipLimits.assassinateAdvertiseRounds);
    await done;
    expect(one.endpointState(d)!.applicationState('STATUS')!.value).toMatch(/^LEFT,42,/);
    expect(one.isAlive(d)).toBe(false);
    expect(wire.events.filter((e) => e.includes(`alive ${D}`))).toEqual([]);
  });

  it('refuses the local node', async () => {
    const { wire, two } = threeNodes();
    await expect(assassinate(two, wire, asEndpoint(B))).rejects.toThrow(/Cannot assassinate the local node/);
  });
});
