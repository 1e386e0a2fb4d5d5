/**
 * ThreadRestarts: a table change waits for a restarting thread's recovery, but never forever
 * (a thread left down) and not past the engine's close.
 */
import { describe, expect, it } from 'vitest';
import { ThreadRestarts } from '../../../src/storage/thread-restarts.js';

const state = (promise: Promise<void>): Promise<'settled' | 'pending'> =>
  Promise.race([promise.then(() => 'settled' as const), new Promise<'pending'>((r) => setTimeout(() => r('pending'), 20))]);

describe('ThreadRestarts', () => {
  it('holds waiters on a restarting thread until its recovery ends, and no one else', async () => {
    const restarts = new ThreadRestarts();
    expect(await state(restarts.settled(0, 10_000))).toBe('settled');
    restarts.begin(0);
    restarts.begin(0);
    const waiting = restarts.settled(0, 10_000);
    expect(await state(restarts.settled(1, 10_000))).toBe('settled');
    expect(await state(waiting)).toBe('pending');
    restarts.end(0);
    expect(await state(waiting)).toBe('settled');
    expect(await state(restarts.settled(0, 10_000))).toBe('settled');
  });

  it('lets waiters go after their timeout, or at once when everything ends (close)', async () => {
    const restarts = new ThreadRestarts();
    restarts.begin(0);
    restarts.begin(1);
    expect(await state(restarts.settled(0, 5))).toBe('settled');
    const waiting = restarts.settled(1, 10_000);
    restarts.endAll();
    expect(await state(waiting)).toBe('settled');
  });

  it('allSettled waits for every restarting thread, those that begin meanwhile too', async () => {
    const restarts = new ThreadRestarts();
    expect(await state(restarts.allSettled())).toBe('settled');
    restarts.begin(0);
    const waiting = restarts.allSettled();
    restarts.begin(1);
    restarts.end(0);
    expect(await state(waiting)).toBe('pending');
    restarts.end(1);
    expect(await state(waiting)).toBe('settled');
  });
});
