import { describe, expect, it } from 'vitest';
import { InProcessTransport } from '../../../../src/cluster/messaging/in-process-transport.js';
import { MessagingService, RemoteFailureError, NoReplyError } from '../../../../src/cluster/messaging/messaging-service.js';
import { Verb } from '../../../../src/cluster/messaging/verb.js';
import { SeededRandom } from '../../../../src/lib/random.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';
import { ManualTimers } from '../../actors/manual-runtime.js';

function pair(transport = new InProcessTransport()) {
  return { transport, a: new MessagingService('127.0.0.1', transport), b: new MessagingService('127.0.0.2', transport) };
}

describe('MessagingService', () => {
  it('answers a request with its handler\'s reply, bytes and bigints intact', async () => {
    const { a, b } = pair();
    b.handle(Verb.echo, (payload, from) => ({ from, payload }));
    const payload = { key: new Uint8Array([1, 2, 255]), token: -9223372036854775807n, n: 3 };
    const reply = await a.request<{ from: string; payload: typeof payload }>('127.0.0.2', Verb.echo, payload, 1000);
    expect(reply.from).toBe('127.0.0.1');
    expect([...reply.payload.key]).toEqual([1, 2, 255]);
    expect(reply.payload.token).toBe(-9223372036854775807n);
    expect(reply.payload.n).toBe(3);
  });

  it('carries a payload that is bytes raw, both ways, empty bytes too', async () => {
    const { a, b } = pair();
    const seen: Uint8Array[] = [];
    b.handle(Verb.read, (payload) => {
      seen.push(payload as Uint8Array);
      return Uint8Array.of(...(payload as Uint8Array), 9);
    });
    const reply = await a.request<Uint8Array>('127.0.0.2', Verb.read, Uint8Array.of(1, 2, 255), 1000);
    expect(seen[0]).toBeInstanceOf(Uint8Array);
    expect([...seen[0]!]).toEqual([1, 2, 255]);
    expect([...reply]).toEqual([1, 2, 255, 9]);
    expect([...(await a.request<Uint8Array>('127.0.0.2', Verb.read, new Uint8Array(0), 1000))]).toEqual([9]);
  });

  it('waits for an async handler and carries a handler\'s failure back with its code', async () => {
    const { a, b } = pair();
    b.handle(Verb.mutation, async () => {
      await new Promise((r) => setTimeout(r, 5));
      throw new InvalidRequestError('unknown table');
    });
    b.handle(Verb.read, async () => 'done');
    await expect(a.request('127.0.0.2', Verb.read, null, 1000)).resolves.toBe('done');
    const failure = await a.request('127.0.0.2', Verb.mutation, null, 1000).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RemoteFailureError);
    expect((failure as RemoteFailureError).code).toBe(0x2200);
    expect((failure as RemoteFailureError).message).toBe('unknown table');
    expect((failure as RemoteFailureError).from).toBe('127.0.0.2');
  });

  it('fails a request to a verb the node does not serve', async () => {
    const { a } = pair();
    await expect(a.request('127.0.0.2', Verb.validation, null, 1000)).rejects.toThrow(/does not serve validation/);
  });

  it('times out a request to a node that is down, and counts it', async () => {
    const timers = new ManualTimers();
    const transport = new InProcessTransport(timers);
    const a = new MessagingService('127.0.0.1', transport, timers);
    const outcome = a.request('127.0.0.9', Verb.mutation, null, 2000).catch((e: unknown) => e);
    timers.advance(1999);
    expect(a.pendingRequests).toBe(1);
    timers.advance(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(NoReplyError);
    expect(a.verbCounters()['mutation']).toEqual({ sent: 1, received: 0, timedOut: 1 });
    expect(transport.counters.lost).toBe(1);
  });

  it('loses messages across a cut link in both directions until healed', async () => {
    const { transport, a, b } = pair();
    b.handle(Verb.echo, () => 'b');
    a.handle(Verb.echo, () => 'a');
    transport.faults.partition(['127.0.0.1'], ['127.0.0.2']);
    await expect(a.request('127.0.0.2', Verb.echo, null, 50)).rejects.toBeInstanceOf(NoReplyError);
    await expect(b.request('127.0.0.1', Verb.echo, null, 50)).rejects.toBeInstanceOf(NoReplyError);
    expect(transport.faults.cutLinks()).toEqual(['127.0.0.1<->127.0.0.2']);
    transport.faults.heal();
    await expect(a.request('127.0.0.2', Verb.echo, null, 1000)).resolves.toBe('b');
  });

  it('ignores a duplicated reply: each request settles once', async () => {
    const transport = new InProcessTransport(undefined, new SeededRandom(7));
    transport.faults.duplicateProbability = 1;
    const { a, b } = pair(transport);
    let handled = 0;
    b.handle(Verb.mutation, () => ++handled);
    const reply = await a.request('127.0.0.2', Verb.mutation, null, 1000);
    await new Promise((r) => setTimeout(r, 20));
    expect(reply).toBe(1);
    expect(handled).toBe(2); // the request arrived twice; the second reply found nothing waiting
    expect(a.pendingRequests).toBe(0);
  });

  it('fails waiting requests at once when the node stops, and a stopped node receives nothing', async () => {
    const { transport, a, b } = pair();
    b.handle(Verb.echo, () => new Promise(() => undefined));
    const waiting = a.request('127.0.0.2', Verb.echo, null, 60_000).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 5));
    a.close();
    expect(String(await waiting)).toMatch(/127.0.0.1 stopped before echo was answered/);
    expect(transport.isBound('127.0.0.1')).toBe(false);
    let got = 0;
    const c = new MessagingService('127.0.0.3', transport);
    c.handle(Verb.echo, () => ++got);
    b.close();
    c.send('127.0.0.2', Verb.echo, null);
    await new Promise((r) => setTimeout(r, 5));
    expect(transport.counters.lost).toBeGreaterThanOrEqual(1);
  });

  it('delivers one-way messages to the handler without a reply', async () => {
    const { a, b } = pair();
    const seen: unknown[] = [];
    b.handle(Verb.gossip, (payload, from) => {
      seen.push([from, payload]);
      return 'ignored';
    });
    a.send('127.0.0.2', Verb.gossip, { digests: [1, 2] });
    await new Promise((r) => setTimeout(r, 5));
    expect(seen).toEqual([['127.0.0.1', { digests: [1, 2] }]]);
    expect(b.verbCounters()['gossip']!.received).toBe(1);
  });
});

describe('InProcessTransport faults', () => {
  it('drops about the configured share of messages, reproducibly for a seed', async () => {
    const run = async (seed: number): Promise<number> => {
      const timers = new ManualTimers();
      const transport = new InProcessTransport(timers, new SeededRandom(seed));
      transport.faults.dropProbability = 0.3;
      let received = 0;
      transport.bind('b', () => received++);
      const a = transport.bind('a', () => undefined);
      for (let i = 0; i < 1000; i++) a.send('b', new Uint8Array([i & 255]));
      timers.advance(1);
      return received;
    };
    const first = await run(42);
    expect(first).toBe(await run(42));
    expect(first).toBeGreaterThan(640);
    expect(first).toBeLessThan(760);
  });

  it('delays each message within the range, and never delivers synchronously', () => {
    const timers = new ManualTimers();
    const transport = new InProcessTransport(timers, new SeededRandom(1));
    transport.faults.delay = { minMs: 10, maxMs: 20 };
    const got: number[] = [];
    transport.bind('b', (_from, message) => got.push(message[0]!));
    const a = transport.bind('a', () => undefined);
    a.send('b', new Uint8Array([1]));
    expect(got).toEqual([]);
    timers.advance(9);
    expect(got).toEqual([]);
    timers.advance(11);
    expect(got).toEqual([1]);
  });

  it('delays the messages of named links only, both ways, until the delay is lifted', () => {
    const timers = new ManualTimers();
    const transport = new InProcessTransport(timers, new SeededRandom(1));
    transport.faults.delayLinks(['a'], ['b'], { minMs: 50, maxMs: 50 });
    const got: string[] = [];
    const a = transport.bind('a', (from) => got.push(`${from}>a`));
    const b = transport.bind('b', (from) => got.push(`${from}>b`));
    const c = transport.bind('c', (from) => got.push(`${from}>c`));
    a.send('b', new Uint8Array([1]));
    b.send('a', new Uint8Array([1]));
    a.send('c', new Uint8Array([1]));
    c.send('b', new Uint8Array([1]));
    timers.advance(1);
    expect(got.sort()).toEqual(['a>c', 'c>b']);
    timers.advance(49);
    expect(got.sort()).toEqual(['a>b', 'a>c', 'b>a', 'c>b']);
    transport.faults.delayLinks(['a'], ['b'], null);
    a.send('b', new Uint8Array([1]));
    timers.advance(1);
    expect(got.filter((g) => g === 'a>b')).toHaveLength(2);
  });

  it('gives the receiver its own copy of the bytes', () => {
    const timers = new ManualTimers();
    const transport = new InProcessTransport(timers);
    let received: Uint8Array | null = null;
    transport.bind('b', (_from, message) => (received = message));
    const a = transport.bind('a', () => undefined);
    const sent = new Uint8Array([1, 2, 3]);
    a.send('b', sent);
    sent[0] = 9;
    timers.advance(0);
    expect([...received!]).toEqual([1, 2, 3]);
  });

  it('refuses binding one address twice', () => {
    const transport = new InProcessTransport();
    transport.bind('a', () => undefined);
    expect(() => transport.bind('a', () => undefined)).toThrow(/already bound/);
  });
});
