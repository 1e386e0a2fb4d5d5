/**
 * Goal: the GossipStage (a node's GossiperActor) hands the gossiper its rounds and messages
 * through a mailbox: nothing runs when they are posted, then each runs on the stage's turn,
 * one at a time, in the order posted; its stats are what tpstats shows (GossipStage: pending,
 * completed, failures); a failure is reported and the next message still runs; once closed,
 * what is posted is dropped and counted.
 * Method: a real Gossiper wired by hand (hand-wire.ts) inside the stage, on hand-driven timers.
 */

import { describe, expect, it } from 'vitest';
import { asEndpoint } from '../../../../src/cluster/gossip/endpoint.js';
import { GOSSIP_STAGE_KIND, GossipStage } from '../../../../src/cluster/gossip/gossip-stage.js';
import type { GossipMessage } from '../../../../src/cluster/gossip/messages.js';
import { ManualTimers } from '../../actors/manual-runtime.js';
import { HandWire, startMs, states } from './hand-wire.js';

const A = '10.0.0.1:7000';
const B = '10.0.0.2:7000';
const a = asEndpoint(A);
const b = asEndpoint(B);

function stagedNode() {
  const wire = new HandWire();
  const seed = wire.add(A, [A]);
  const staged = wire.add(B, [A]);
  seed.start(startMs / 1000, states({ STATUS: 'NORMAL,1' }));
  staged.start(startMs / 1000, states({ STATUS: 'NORMAL,2' }));
  const timers = new ManualTimers();
  const failures: string[] = [];
  const stage = new GossipStage({ gossiper: staged, timers, clock: wire.clock, onFailure: (error) => failures.push(error) });
  const row = () => stage.stats().map((s) => ({ kind: s.ref.kind, pending: s.mailboxDepth, completed: s.processed, failures: s.failures }));
  return { wire, seed, staged, stage, timers, failures, row };
}

describe('GossipStage', () => {
  it('a round waits in the mailbox until the stage runs: tpstats sees it pending, then completed', () => {
    const { wire, stage, timers, row } = stagedNode();
    expect(row()).toEqual([{ kind: GOSSIP_STAGE_KIND, pending: 0, completed: 0, failures: 0 }]);
    stage.tick();
    stage.tick();
    expect(wire.queue).toEqual([]);
    expect(row()).toEqual([{ kind: 'GossipStage', pending: 2, completed: 0, failures: 0 }]);
    timers.advance(0);
    // Two rounds, each a SYN to the seed (no live peer yet).
    expect(wire.queue.map((s) => [s.from, s.to, s.message.kind])).toEqual([
      [b, a, 'gossip-digest-syn'],
      [b, a, 'gossip-digest-syn'],
    ]);
    expect(row()).toEqual([{ kind: 'GossipStage', pending: 0, completed: 2, failures: 0 }]);
  });

  it('handles what was posted in order: a peer message posted before a round runs before it', () => {
    const { wire, seed, stage, timers } = stagedNode();
    stage.tick();
    timers.advance(0);
    const syn = wire.queue.shift()!;
    seed.receive(syn.from, syn.message);
    const ack = wire.queue.shift()!;
    expect(ack.message.kind).toBe('gossip-digest-ack');
    stage.deliver(ack.from, ack.message);
    stage.tick();
    timers.advance(0);
    expect(wire.queue.map((s) => s.message.kind)).toEqual(['gossip-digest-ack2', 'gossip-digest-syn']);
  });

  it('a message the gossiper fails on is reported, counted, and the next one still runs', () => {
    const { wire, stage, timers, failures, row } = stagedNode();
    stage.deliver(a, { kind: 'no-such-kind' } as unknown as GossipMessage);
    stage.tick();
    timers.advance(0);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/GossipStage of 10.0.0.2:7000: .*gossip message/);
    expect(row()).toEqual([{ kind: 'GossipStage', pending: 0, completed: 2, failures: 1 }]);
    expect(wire.queue.map((s) => s.message.kind)).toEqual(['gossip-digest-syn']);
  });

  it('once closed, what is queued and what comes later is dropped and counted as dead letters', () => {
    const { wire, stage, timers } = stagedNode();
    stage.tick();
    stage.close();
    stage.tick();
    timers.advance(0);
    expect(wire.queue).toEqual([]);
    expect(stage.deadLetters).toBe(2);
    expect(stage.stats()).toEqual([]);
  });
});
