import { describe, expect, it } from 'vitest';
import { ReplicaAcks, type AckNeeds } from '../../../../src/cluster/coordinator/replica-acks.js';
import { ManualTimers } from '../../actors/manual-runtime.js';

const dcOf: Record<string, string> = { a1: 'dc1', a2: 'dc1', a3: 'dc1', b1: 'dc2', b2: 'dc2', b3: 'dc2' };

function needs(required: Record<string, number>, groupOf: (r: string) => string | null = () => '*'): AckNeeds {
  return { required: new Map(Object.entries(required)), groupOf };
}

describe('ReplicaAcks', () => {
  it('is met when the required acks arrive, and counts each', async () => {
    const timers = new ManualTimers();
    const acks = new ReplicaAcks(needs({ '*': 2 }), ['a1', 'a2', 'a3'], 2000, timers);
    acks.ack('a1');
    acks.ack('a3');
    expect(await acks.outcome).toEqual({ kind: 'met', received: 2 });
    expect(timers.pending).toBe(0);
  });

  it('times out with the acks that did arrive', async () => {
    const timers = new ManualTimers();
    const acks = new ReplicaAcks(needs({ '*': 2 }), ['a1', 'a2', 'a3'], 2000, timers);
    acks.ack('a2');
    timers.advance(2000);
    expect(await acks.outcome).toEqual({ kind: 'timeout', received: 1, blockFor: 2 });
    acks.ack('a3'); // late: ignored
    expect(await acks.outcome).toEqual({ kind: 'timeout', received: 1, blockFor: 2 });
  });

  it('fails as soon as too many replicas failed for the rest to meet it', async () => {
    const timers = new ManualTimers();
    const acks = new ReplicaAcks(needs({ '*': 2 }), ['a1', 'a2', 'a3'], 2000, timers);
    acks.fail('a1', 'disk full');
    acks.ack('a2');
    acks.fail('a3', 'disk full');
    expect(await acks.outcome).toEqual({ kind: 'failed', received: 1, blockFor: 2, failures: 2, detail: 'disk full' });
  });

  it('LOCAL_QUORUM: remote datacenter acks do not count', async () => {
    const timers = new ManualTimers();
    const local = needs({ dc1: 2 }, (r) => (dcOf[r] === 'dc1' ? 'dc1' : null));
    const acks = new ReplicaAcks(local, ['a1', 'a2', 'a3', 'b1', 'b2', 'b3'], 2000, timers);
    acks.ack('b1');
    acks.ack('b2');
    acks.ack('b3');
    acks.ack('a1');
    timers.advance(2000);
    expect(await acks.outcome).toEqual({ kind: 'timeout', received: 1, blockFor: 2 });
  });

  it('EACH_QUORUM: every datacenter needs its own quorum', async () => {
    const timers = new ManualTimers();
    const each = needs({ dc1: 2, dc2: 2 }, (r) => dcOf[r]!);
    const acks = new ReplicaAcks(each, ['a1', 'a2', 'a3', 'b1', 'b2', 'b3'], 2000, timers);
    acks.ack('a1');
    acks.ack('a2');
    acks.ack('a3');
    acks.ack('b1');
    let settled = false;
    void acks.outcome.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    acks.ack('b3');
    expect(await acks.outcome).toEqual({ kind: 'met', received: 5 });
  });

  it('needing nothing (ANY with a hint stored) is met at once', async () => {
    const acks = new ReplicaAcks(needs({}), [], 2000, new ManualTimers());
    expect(await acks.outcome).toEqual({ kind: 'met', received: 0 });
  });
});
