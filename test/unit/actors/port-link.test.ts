import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../../src/actors/envelope.js';
import { PortLink } from '../../../src/actors/port-link.js';
import { waitUntil } from './manual-runtime.js';

const to = { node: 'n1', kind: 'k', id: 'a' };

describe('PortLink', () => {
  it('carries envelopes in order, batched per microtask, with Uint8Array values intact', async () => {
    const channel = new MessageChannel();
    const received: Envelope[] = [];
    let portMessages = 0;
    channel.port2.on('message', () => (portMessages += 1));
    const sender = new PortLink(channel.port1, () => undefined);
    const receiver = new PortLink(channel.port2, (envelope) => received.push(envelope));
    for (let i = 0; i < 1_000; i += 1) sender.send({ kind: 'tell', to, body: { kind: 'n', i, bytes: new Uint8Array([i & 0xff, 1]) } });
    await waitUntil(() => received.length === 1_000);
    expect(portMessages).toBe(1);
    received.forEach((envelope, i) => {
      expect(envelope.kind).toBe('tell');
      const body = (envelope as { body: { i: number; bytes: Uint8Array } }).body;
      expect(body.i).toBe(i);
      expect(body.bytes).toBeInstanceOf(Uint8Array);
      expect([...body.bytes]).toEqual([i & 0xff, 1]);
    });
    sender.close();
    receiver.close();
  });

  it('keeps order when a reply with a transfer list (structured clone) follows packed envelopes', async () => {
    const channel = new MessageChannel();
    const received: Envelope[] = [];
    const sender = new PortLink(channel.port1, () => undefined);
    const receiver = new PortLink(channel.port2, (envelope) => received.push(envelope));
    sender.send({ kind: 'tell', to, body: 'first' });
    const big = new Uint8Array(1 << 16).fill(3);
    sender.send({ kind: 'reply', correlationId: 7, value: big }, [big.buffer]);
    sender.send({ kind: 'tell', to, body: 'last' });
    await waitUntil(() => received.length === 3);
    expect(received.map((e) => e.kind)).toEqual(['tell', 'reply', 'tell']);
    expect(big.byteLength).toBe(0); // moved, not copied
    expect((received[1] as { value: Uint8Array }).value.byteLength).toBe(1 << 16);
    sender.close();
    receiver.close();
  });

  it('throws at the sender when a message cannot be packed', () => {
    const channel = new MessageChannel();
    const sender = new PortLink(channel.port1, () => undefined);
    expect(() => sender.send({ kind: 'tell', to, body: { big: 2n ** 70n } })).toThrow();
    sender.close();
    channel.port2.close();
  });
});
