/**
 * Goal: one Gossiper does what Cassandra's does with each message, step by step: the
 * three-message round, joins, newer versions, restarts, shutdowns, removal and quarantine,
 * dead-state expiry, foreign clusters, the shadow round.
 * Method: two to four gossipers wired by hand (hand-wire.ts): the test ticks them and
 * delivers their messages itself, then checks views, messages and listener events.
 */

import { describe, expect, it } from 'vitest';
import { asEndpoint } from '../../../../src/cluster/gossip/endpoint.js';
import { gossipLimits } from '../../../../src/cluster/gossip/gossip-limits.js';
import { statusValue } from '../../../../src/cluster/gossip/gossip-status.js';
import { HandWire, startMs, states } from './hand-wire.js';

const A = '10.0.0.1:7000';
const B = '10.0.0.2:7000';
const C = '10.0.0.3:7000';
const D = '10.0.0.4:7000';
const a = asEndpoint(A);
const b = asEndpoint(B);
const c = asEndpoint(C);
const generation = startMs / 1000;

describe('Gossiper exchange', () => {
  it('a joining node reaches its seed in SYN, ACK, ACK2, and is marked up after an echo', () => {
    const wire = new HandWire();
    const seed = wire.add(A, [A]);
    const joiner = wire.add(B, [A]);
    seed.start(generation, states({ STATUS: 'NORMAL,1', DC: 'dc1' }));
    joiner.start(generation + 5, states({ STATUS: 'NORMAL,2', DC: 'dc2', SCHEMA: 's1' }));

    joiner.tick(); // nobody is live: it gossips to its seed
    expect(wire.queue.map((s) => [s.to, s.message.kind])).toEqual([[a, 'gossip-digest-syn']]);
    const delivered = wire.deliverAll();
    expect(delivered.map((s) => `${s.from}>${s.to} ${s.message.kind}`)).toEqual([
      `${B}>${A} gossip-digest-syn`,
      `${A}>${B} gossip-digest-ack`,
      `${B}>${A} gossip-digest-ack2`,
      `${A}>${B} echo-request`,
      `${B}>${A} echo-response`,
    ]);
    expect(wire.events).toEqual([`${A} join ${B}`, `${A} alive ${B}`]);
    expect(seed.isAlive(b)).toBe(true);
    expect(seed.endpointState(b)!.applicationState('DC')).toEqual({ value: 'dc2', version: 2 });
    expect(seed.endpointState(b)!.heartBeatState()).toEqual({ generation: generation + 5, version: 4 });
    // The joiner learns of the seed when the seed gossips back.
    seed.tick();
    wire.deliverAll();
    expect(joiner.isAlive(a)).toBe(true);
    expect(joiner.endpointState(a)!.applicationState('STATUS')!.value).toBe('NORMAL,1');
  });

  it('a newer version of one state changes only that state, with one onChange', () => {
    const wire = new HandWire();
    const one = wire.add(A, [A]);
    const two = wire.add(B, [A]);
    one.start(generation, states({ STATUS: 'NORMAL,1', SCHEMA: 's1' }));
    two.start(generation, states({ STATUS: 'NORMAL,2', SCHEMA: 's1' }));
    wire.rounds(3);
    wire.events.length = 0;
    two.addLocalApplicationState('SCHEMA', 's2');
    expect(wire.events).toEqual([`${B} change ${B} SCHEMA=s2`]);
    wire.rounds(2);
    expect(wire.events).toContain(`${A} change ${B} SCHEMA=s2`);
    expect(wire.events.filter((e) => e.startsWith(`${A} change`))).toHaveLength(1);
    expect(one.endpointState(b)!.applicationState('SCHEMA')!.value).toBe('s2');
  });

  it('a restart (higher generation) replaces the old state: onRestart with the old, onJoin with the new', () => {
    const wire = new HandWire();
    const seed = wire.add(A, [A]);
    wire.add(B, [A]).start(generation, states({ STATUS: 'NORMAL,2', LOAD: '10.0', RPC_READY: 'true' }));
    seed.start(generation, states({ STATUS: 'NORMAL,1' }));
    wire.rounds(3);
    expect(seed.endpointState(b)!.applicationState('RPC_READY')).toBeDefined();
    wire.events.length = 0;

    wire.clock.advanceMs(60_000);
    const restarted = wire.replace(B, [A]);
    restarted.start(generation + 61, states({ STATUS: 'NORMAL,2', LOAD: '11.0' }));
    wire.rounds(3);
    expect(wire.events.filter((e) => e.startsWith(A)).slice(0, 3)).toEqual([
      `${A} restart ${B} old-generation=${generation}`,
      `${A} join ${B}`,
      `${A} alive ${B}`,
    ]);
    const seen = seed.endpointState(b)!;
    expect(seen.heartBeatState().generation).toBe(generation + 61);
    expect(seen.applicationState('LOAD')!.value).toBe('11.0');
    expect(seen.applicationState('RPC_READY')).toBeUndefined();
  });

  it('ignores gossip from an older generation and from a generation a year ahead', () => {
    const wire = new HandWire();
    const one = wire.add(A, [A]);
    one.start(generation, []);
    wire.add(B, [A]).start(generation + 10, states({ LOAD: 'now' }));
    wire.rounds(2);
    const stale = { endpoint: b, heartBeat: { generation: generation + 9, version: 1000 }, states: [{ key: 'LOAD' as const, value: 'stale', version: 1000 }] };
    one.receive(c, { kind: 'gossip-digest-ack2', replyTo: generation, states: [stale] });
    expect(one.endpointState(b)!.applicationState('LOAD')!.value).toBe('now');
    const corrupt = { ...stale, heartBeat: { generation: generation + 10 + gossipLimits.generationAheadSecondsMax + 1, version: 1 } };
    one.receive(c, { kind: 'gossip-digest-ack2', replyTo: generation, states: [corrupt] });
    expect(one.endpointState(b)!.heartBeatState().generation).toBe(generation + 10);
  });

  it('ignores gossip about itself', () => {
    const wire = new HandWire();
    const one = wire.add(A, [A]);
    one.start(generation, states({ LOAD: 'mine' }));
    one.receive(b, { kind: 'gossip-digest-ack2', replyTo: generation, states: [{ endpoint: a, heartBeat: { generation: generation + 1, version: 1 }, states: [{ key: 'LOAD', value: 'theirs', version: 1 }] }] });
    expect(one.endpointState(a)!.applicationState('LOAD')!.value).toBe('mine');
    expect(wire.events).toEqual([]);
  });

  it('drops an ACK or ACK2 answering an earlier incarnation of itself (a restart in between)', () => {
    const wire = new HandWire();
    const one = wire.add(A, [A]);
    one.start(generation, []);
    const partial = { endpoint: c, heartBeat: { generation: generation + 3, version: 50 }, states: [{ key: 'LOAD' as const, value: '1.0', version: 49 }] };
    one.receive(b, { kind: 'gossip-digest-ack2', replyTo: generation - 7, states: [partial] });
    one.receive(b, { kind: 'gossip-digest-ack', replyTo: generation - 7, generation: generation + 1, digests: [{ endpoint: a, generation, maxVersion: 0 }], states: [partial] });
    expect(one.endpointState(c)).toBeUndefined();
    expect(wire.queue).toEqual([]);
    one.receive(b, { kind: 'gossip-digest-ack', replyTo: generation, generation: generation + 1, digests: [{ endpoint: a, generation, maxVersion: 0 }], states: [partial] });
    expect(one.endpointState(c)!.applicationState('LOAD')!.value).toBe('1.0');
    const answers = wire.queue.map((s) => s.message).filter((m) => m.kind === 'gossip-digest-ack2');
    expect(answers).toEqual([expect.objectContaining({ replyTo: generation + 1 })]);
  });

  it('drops a SYN from another cluster or partitioner without answering', () => {
    const wire = new HandWire();
    const one = wire.add(A, [A]);
    one.start(generation, []);
    one.receive(b, { kind: 'gossip-digest-syn', clusterName: 'other', partitionerName: 'org.apache.cassandra.dht.Murmur3Partitioner', generation, digests: [{ endpoint: b, generation, maxVersion: 1 }] });
    one.receive(b, { kind: 'gossip-digest-syn', clusterName: 'test', partitionerName: 'RandomPartitioner', generation, digests: [{ endpoint: b, generation, maxVersion: 1 }] });
    expect(wire.queue).toEqual([]);
  });

  it('answers nothing before it starts, and ticks do nothing', () => {
    const wire = new HandWire();
    const idle = wire.add(A, [B]);
    idle.tick();
    idle.receive(b, { kind: 'gossip-digest-syn', clusterName: 'test', partitionerName: 'org.apache.cassandra.dht.Murmur3Partitioner', generation, digests: [{ endpoint: b, generation, maxVersion: 1 }] });
    expect(wire.queue).toEqual([]);
    expect(idle.isEnabled()).toBe(false);
  });

  it('our own state changes take versions above our heartbeat', () => {
    const wire = new HandWire();
    const one = wire.add(A, [A]);
    one.start(generation, states({ STATUS: 'BOOT,1' }));
    wire.rounds(3);
    one.addLocalApplicationState('STATUS', 'NORMAL,1');
    const own = one.endpointState(a)!;
    expect(own.applicationState('STATUS')!.version).toBeGreaterThan(own.heartBeatState().version);
    expect(own.maxVersion()).toBe(own.applicationState('STATUS')!.version);
  });
});

describe('Gossiper up and down', () => {
  it('a clean shutdown is announced: peers mark it down at once, with STATUS shutdown', () => {
    const wire = new HandWire();
    const one = wire.add(A, [A]);
    const two = wire.add(B, [A]);
    const three = wire.add(C, [A]);
    one.start(generation, states({ STATUS: 'NORMAL,1' }));
    two.start(generation, states({ STATUS: 'NORMAL,2' }));
    three.start(generation, states({ STATUS: 'NORMAL,3' }));
    wire.rounds(6);
    expect(one.liveMembers()).toEqual([a, b, c]);
    wire.events.length = 0;
    three.stop();
    wire.deliverAll();
    expect(one.isAlive(c)).toBe(false);
    expect(two.isAlive(c)).toBe(false);
    expect(one.endpointState(c)!.applicationState('STATUS')!.value).toBe('shutdown,true');
    expect(wire.events).toContain(`${A} dead ${C}`);
    expect(wire.events).toContain(`${A} change ${C} STATUS=shutdown,true`);
    // Relayed gossip about the stopped node cannot bring it back: it answers no echo.
    wire.rounds(30);
    expect(one.isAlive(c)).toBe(false);
    expect(wire.events.filter((e) => e.includes(`alive ${C}`))).toEqual([]);
  });

  it('an unreachable peer is convicted, and comes back up when it answers again', () => {
    const wire = new HandWire();
    const one = wire.add(A, [A]);
    const two = wire.add(B, [A]);
    one.start(generation, []);
    two.start(generation, []);
    wire.rounds(20);
    expect(one.isAlive(b)).toBe(true);
    const cut = (s: { from: string; to: string }): boolean => s.from === B || s.to === B;
    let seconds = 0;
    while (one.isAlive(b)) {
      wire.rounds(1, cut);
      seconds++;
    }
    expect(seconds).toBeGreaterThanOrEqual(17);
    expect(seconds).toBeLessThanOrEqual(21);
    expect(one.unreachableMembers()).toEqual([b]);
    expect(one.downtimeMs(b)).toBe(0);
    wire.rounds(5, cut);
    expect(one.downtimeMs(b)).toBe(5_000);
    wire.rounds(3);
    expect(one.isAlive(b)).toBe(true);
    expect(one.unreachableMembers()).toEqual([]);
  });

  it('a lost echo is sent again a round later, not after the 10 s echo timeout', () => {
    const wire = new HandWire();
    const one = wire.add(A, [A]);
    const two = wire.add(B, [A]);
    one.start(generation, []);
    two.start(generation, []);
    let echoesLost = 0;
    const loseFirstEcho = (s: { message: { kind: string } }): boolean => s.message.kind === 'echo-response' && echoesLost++ === 0;
    let seconds = 0;
    while (!one.isAlive(b) && seconds < 10) {
      wire.rounds(1, loseFirstEcho);
      seconds++;
    }
    expect(echoesLost).toBeGreaterThan(0);
    expect(one.isAlive(b)).toBe(true);
    expect(seconds).toBeLessThanOrEqual(3);
  });

  it('removeEndpoint says onRemove and quarantines: gossip about it is ignored for the quarantine delay', () => {
    const wire = new HandWire();
    const one = wire.add(A, [A]);
    const two = wire.add(B, [A]);
    const three = wire.add(C, [A]);
    for (const [g, i] of [[one, 1], [two, 2], [three, 3]] as const) g.start(generation, states({ STATUS: `NORMAL,${i}` }));
    wire.rounds(6);
    three.addLocalApplicationState('STATUS', statusValue.left(['3'], startMs + 3_600_000));
    wire.rounds(4);
    wire.events.length = 0;
    one.removeEndpoint(c);
    expect(wire.events).toEqual([`${A} remove ${C}`]);
    expect(one.liveMembers()).toEqual([a, b]);
    three.addLocalApplicationState('LOAD', 'x');
    wire.rounds(10);
    expect(one.endpointState(c)!.applicationState('LOAD')).toBeUndefined();
    wire.rounds(gossipLimits.quarantineDelayMs / 1000);
    expect(one.endpointState(c)!.applicationState('LOAD')!.value).toBe('x');
  });

  it('a LEFT endpoint held down is forgotten once its expiry passes', () => {
    const wire = new HandWire();
    const one = wire.add(A, [A]);
    const two = wire.add(B, [A]);
    one.start(generation, []);
    two.start(generation, states({ STATUS: 'NORMAL,2' }));
    wire.rounds(4);
    two.addLocalApplicationState('STATUS', statusValue.left(['2'], startMs + 120_000));
    wire.rounds(2);
    expect(one.isAlive(b)).toBe(false); // a dead state is never alive
    two.stop();
    wire.rounds(100);
    expect(one.knownEndpoints()).toEqual([a, b]);
    wire.rounds(30);
    expect(one.knownEndpoints()).toEqual([a]);
  });
});

describe('Gossiper saved endpoints (a restart that remembers the ring)', () => {
  it('holds a saved endpoint down at generation 0 until the endpoint itself is heard, then takes its real state', () => {
    const wire = new HandWire();
    const one = wire.add(A, [A]);
    const two = wire.add(B, [A]);
    two.addSavedEndpoint(a, [['STATUS', 'NORMAL,1'], ['HOST_ID', 'saved-host']]);
    expect(two.endpointState(a)!.heartBeatState()).toEqual({ generation: 0, version: 0 });
    expect(two.isAlive(a)).toBe(false);
    expect(two.unreachableMembers()).toEqual([a]);
    one.start(generation, states({ STATUS: 'NORMAL,1', HOST_ID: 'real-host' }));
    two.start(generation + 1, states({ STATUS: 'NORMAL,2' }));
    wire.rounds(3);
    expect(two.isAlive(a)).toBe(true);
    expect(two.endpointState(a)!.heartBeatState().generation).toBe(generation);
    expect(two.endpointState(a)!.applicationState('HOST_ID')!.value).toBe('real-host');
    expect(wire.events).toContain(`${B} restart ${A} old-generation=0`);
  });

  it('does not teach peers of a saved endpoint that they do not know (no ghost members)', () => {
    const wire = new HandWire();
    const one = wire.add(A, [A]);
    const two = wire.add(B, [A]);
    two.addSavedEndpoint(c, [['STATUS', 'NORMAL,3'], ['HOST_ID', 'gone']]);
    one.start(generation, states({ STATUS: 'NORMAL,1' }));
    two.start(generation, states({ STATUS: 'NORMAL,2' }));
    wire.rounds(5);
    expect(one.knownEndpoints()).toEqual([a, b]);
    expect(two.knownEndpoints()).toEqual([a, b, c]);
    expect(two.isAlive(c)).toBe(false);
  });

  it('keeps what gossip already said of an endpoint over a saved state, and refuses saved states once gossiping', () => {
    const wire = new HandWire();
    const two = wire.add(B, [A]);
    two.addSavedEndpoint(a, [['STATUS', 'NORMAL,1']]);
    two.addSavedEndpoint(a, [['STATUS', 'NORMAL,9']]);
    expect(two.endpointState(a)!.applicationState('STATUS')!.value).toBe('NORMAL,1');
    two.start(generation, states({ STATUS: 'NORMAL,2' }));
    expect(() => two.addSavedEndpoint(c, [['STATUS', 'NORMAL,3']])).toThrow(/saved endpoint in phase gossiping/);
  });
});

describe('Gossiper shadow round', () => {
  function cluster(): HandWire {
    const wire = new HandWire();
    wire.add(A, [A, B]).start(generation, states({ STATUS: 'NORMAL,1', HOST_ID: 'h1' }));
    wire.add(B, [A, B]).start(generation, states({ STATUS: 'NORMAL,2', HOST_ID: 'h2' }));
    wire.rounds(4);
    return wire;
  }

  it('learns every state from a seed without announcing itself', () => {
    const wire = cluster();
    const newcomer = wire.add(D, [A, B]);
    newcomer.startShadowRound();
    expect(wire.queue.map((s) => s.to)).toEqual([a, b]);
    wire.deliverAll();
    expect(newcomer.shadowRoundStatus()).toBe('done');
    const learned = new Map(newcomer.shadowRoundStates().map((s) => [s.endpoint, s]));
    expect([...learned.keys()].sort()).toEqual([a, b]);
    expect(learned.get(b)!.states.find((s) => s.key === 'HOST_ID')!.value).toBe('h2');
    wire.rounds(3);
    expect(wire.events.filter((e) => e.includes(D))).toEqual([]);
    newcomer.start(generation + 10, states({ STATUS: 'NORMAL,4' }));
    wire.rounds(5);
    expect(wire.events).toContain(`${A} alive ${D}`);
  });

  it('finishes empty when every seed is in its own shadow round (a full cluster start)', () => {
    const wire = new HandWire();
    const one = wire.add(A, [A, B]);
    const two = wire.add(B, [A, B]);
    one.startShadowRound();
    two.startShadowRound();
    wire.deliverAll();
    expect(one.shadowRoundStatus()).toBe('done');
    expect(two.shadowRoundStatus()).toBe('done');
    expect(one.shadowRoundStates()).toEqual([]);
  });

  it('a non-seed that hears from no seed fails after twice the ring delay; it re-sends every 5 s', () => {
    const wire = new HandWire();
    const lonely = wire.add(D, [A]);
    lonely.startShadowRound();
    let syns = 0;
    for (let second = 1; second <= 2 * gossipLimits.ringDelayMs / 1000 + 1; second++) {
      syns += wire.queue.length;
      wire.queue.length = 0;
      wire.clock.advanceMs(1_000);
      lonely.tick();
    }
    // At 0, 5, ..., 60 s: Cassandra also sends once more at the limit before giving up.
    expect(syns).toBe(2 * gossipLimits.ringDelayMs / gossipLimits.shadowRoundResendMs + 1);
    expect(lonely.shadowRoundStatus()).toBe('failed');
  });
});
