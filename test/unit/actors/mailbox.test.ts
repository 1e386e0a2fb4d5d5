import { describe, expect, it } from 'vitest';
import { BoundedQueue } from '../../../src/actors/bounded-queue.js';
import { Mailbox } from '../../../src/actors/mailbox.js';

describe('BoundedQueue', () => {
  it('keeps FIFO order across growth and wrap-around and refuses past its bound', () => {
    const queue = new BoundedQueue<number>(40);
    const out: number[] = [];
    for (let i = 0; i < 30; i += 1) expect(queue.push(i)).toBe(true);
    for (let i = 0; i < 20; i += 1) out.push(queue.shift() ?? -1);
    for (let i = 30; i < 60; i += 1) expect(queue.push(i)).toBe(true);
    expect(queue.push(60)).toBe(false);
    expect(queue.isFull()).toBe(true);
    out.push(...queue.drain());
    expect(out).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(queue.shift()).toBeUndefined();
  });
});

describe('Mailbox', () => {
  it('hands out system messages before user messages', () => {
    const mailbox = new Mailbox<string, string>(10);
    mailbox.postUser('u1');
    mailbox.postUser('u2');
    mailbox.postSystem('stop');
    expect(mailbox.next()).toEqual({ queue: 'system', message: 'stop' });
    expect(mailbox.next()).toEqual({ queue: 'user', message: 'u1' });
    expect(mailbox.depth).toBe(1);
  });

  it('bounds the user queue at userDepthMax', () => {
    const mailbox = new Mailbox<string, number>(2);
    expect(mailbox.postUser(1)).toBe(true);
    expect(mailbox.postUser(2)).toBe(true);
    expect(mailbox.postUser(3)).toBe(false);
    expect(mailbox.postSystem('stop')).toBe(true);
  });
});
