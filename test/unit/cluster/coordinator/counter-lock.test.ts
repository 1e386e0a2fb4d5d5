/**
 * The leader's counter lock (counter-lock.ts): work on one partition runs one at a time, in
 * arrival order, even when a holder fails; other partitions do not wait; nothing is kept once
 * the work is done.
 */

import { describe, expect, it } from 'vitest';
import { CounterLock } from '../../../../src/cluster/coordinator/counter-lock.js';

function gate(): { readonly opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('CounterLock', () => {
  it('runs the work of one partition one at a time, in order, and other partitions meanwhile', async () => {
    const lock = new CounterLock();
    const log: string[] = [];
    const first = gate();
    const key = Uint8Array.of(1);
    const a = lock.run(1, key, async () => {
      log.push('a start');
      await first.opened;
      log.push('a end');
    });
    const b = lock.run(1, Uint8Array.of(1), async () => void log.push('b'));
    const other = lock.run(1, Uint8Array.of(2), async () => void log.push('other partition'));
    const otherTable = lock.run(2, key, async () => void log.push('other table'));
    await Promise.all([other, otherTable]);
    expect(log).toEqual(['a start', 'other partition', 'other table']);
    first.open();
    await Promise.all([a, b]);
    expect(log).toEqual(['a start', 'other partition', 'other table', 'a end', 'b']);
    expect(lock.size).toBe(0);
  });

  it('releases the partition when its holder fails', async () => {
    const lock = new CounterLock();
    const key = Uint8Array.of(9);
    const failed = lock.run(1, key, async () => {
      throw new Error('read failed');
    });
    const next = lock.run(1, key, async () => 'ran');
    await expect(failed).rejects.toThrow('read failed');
    await expect(next).resolves.toBe('ran');
    expect(lock.size).toBe(0);
  });
});
