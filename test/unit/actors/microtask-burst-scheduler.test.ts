/**
 * microtaskBurstScheduler (system-timers.ts), the scheduler of undelayed messages between nodes
 * of one process: tasks run after the synchronous run that scheduled them, in order, before
 * any timer or I/O; a throwing task does not stop the rest of its burst.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { microtaskBurstScheduler } from '../../../src/actors/system-timers.js';

describe('microtaskBurstScheduler', () => {
  const listeners: Array<(error: unknown) => void> = [];
  afterEach(() => {
    for (const listener of listeners.splice(0)) process.removeListener('uncaughtException', listener);
  });

  it('runs tasks after the scheduling run, in order, before an immediate', async () => {
    const scheduler = microtaskBurstScheduler();
    const order: string[] = [];
    setImmediate(() => order.push('immediate'));
    scheduler.schedule(() => order.push('a'));
    scheduler.schedule(() => {
      order.push('b');
      // Scheduled while its burst runs: in a later burst, still before the immediate.
      scheduler.schedule(() => order.push('d'));
    });
    scheduler.schedule(() => order.push('c'));
    order.push('sync');
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['sync', 'a', 'b', 'c', 'd', 'immediate']);
  });

  it('rethrows a failing task on its own and still runs the others of its burst', async () => {
    const scheduler = microtaskBurstScheduler();
    const caught: unknown[] = [];
    const listener = (error: unknown): void => void caught.push(error);
    listeners.push(listener);
    process.on('uncaughtException', listener);
    const ran: number[] = [];
    scheduler.schedule(() => ran.push(1));
    scheduler.schedule(() => {
      throw new Error('boom');
    });
    scheduler.schedule(() => ran.push(3));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toEqual([1, 3]);
    expect(caught).toHaveLength(1);
    expect((caught[0] as Error).message).toBe('boom');
  });
});
