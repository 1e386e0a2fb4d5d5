/**
 * Read-before-write statements (counter updates, list element updates by index) lock the
 * partitions they read, not their table: concurrent increments of many partitions all land,
 * a statement on one partition goes on while another partition's read is held, and two batches
 * over the same partitions in opposite orders both complete. Run on a real engine through a
 * proxy that can hold one partition's reads (executor-on-engine.ts).
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { useExecutorOnEngine } from './executor-on-engine.js';

const s = useExecutorOnEngine();

/** Resolves with `work`'s outcome, or rejects when it is not done within `ms`. */
function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const keyHex = (k: number): string => k.toString(16).padStart(8, '0');

async function countersOf(table: string): Promise<Map<number, number>> {
  return new Map((await s.execute(`SELECT k, c FROM ${table}`)).map(([k, c]) => [Number(k), Number(c)]));
}

beforeAll(async () => {
  await s.execute('CREATE TABLE hits (k int PRIMARY KEY, c counter)');
  await s.execute('CREATE TABLE pairs (k int PRIMARY KEY, c counter)');
  await s.execute('CREATE TABLE held (k int PRIMARY KEY, c counter)');
  await s.execute('CREATE TABLE lists (k int PRIMARY KEY, l list<int>)');
});

describe('partition locks of read-before-write statements', () => {
  it('concurrent increments of many partitions all land', async () => {
    const partitions = 40;
    const perPartition = 15;
    const updates: Array<Promise<unknown>> = [];
    for (let round = 0; round < perPartition; round++) {
      for (let k = 0; k < partitions; k++) updates.push(s.execute(`UPDATE hits SET c = c + ${k + 1} WHERE k = ${k}`));
    }
    await within(60_000, Promise.all(updates), 'increments');
    const counters = await countersOf('hits');
    expect(counters.size).toBe(partitions);
    for (let k = 0; k < partitions; k++) expect(counters.get(k)).toBe((k + 1) * perPartition);
    expect([...counters.values()].reduce((a, b) => a + b, 0)).toBe((perPartition * partitions * (partitions + 1)) / 2);
  });

  it('two batches over the same partitions in opposite orders both complete, many times over', async () => {
    const batches: Array<Promise<unknown>> = [];
    for (let i = 0; i < 30; i++) {
      batches.push(s.execute('BEGIN COUNTER BATCH UPDATE pairs SET c = c + 1 WHERE k = 1; UPDATE pairs SET c = c + 1 WHERE k = 2; APPLY BATCH'));
      batches.push(s.execute('BEGIN COUNTER BATCH UPDATE pairs SET c = c + 10 WHERE k = 2; UPDATE pairs SET c = c + 10 WHERE k = 1; APPLY BATCH'));
      batches.push(s.execute('BEGIN COUNTER BATCH UPDATE pairs SET c = c + 100 WHERE k IN (2, 3); UPDATE pairs SET c = c + 100 WHERE k = 1; APPLY BATCH'));
    }
    await within(20_000, Promise.all(batches), 'opposite-order batches');
    expect(await countersOf('pairs')).toEqual(
      new Map([
        [1, 30 * 111],
        [2, 30 * 111],
        [3, 30 * 100],
      ]),
    );
  });

  it('a statement on another partition of the table goes on while one partition is held; the held one waits its turn', async () => {
    const release = s.proxy.holdReads(s.tableId('held'), keyHex(1));
    try {
      const first = s.execute('UPDATE held SET c = c + 1 WHERE k = 1');
      // The same partition queues behind the held statement; another partition does not.
      const second = s.execute('UPDATE held SET c = c + 2 WHERE k = 1');
      await within(10_000, s.execute('UPDATE held SET c = c + 5 WHERE k = 2'), 'an increment of another partition');
      expect(await countersOf('held')).toEqual(new Map([[2, 5]]));
      release();
      await within(10_000, Promise.all([first, second]), 'the held partition');
    } finally {
      release();
    }
    expect(await countersOf('held')).toEqual(
      new Map([
        [1, 3],
        [2, 5],
      ]),
    );
  });

  it('concurrent list deletions by index on two partitions each remove the element after the one before', async () => {
    for (const k of [2, 3]) await s.execute(`UPDATE lists SET l = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] WHERE k = ${k}`);
    const deletions: Array<Promise<unknown>> = [];
    // Each reads the list's paths and removes what is first then: five of them remove five elements.
    for (let i = 0; i < 5; i++) for (const k of [2, 3]) deletions.push(s.execute(`DELETE l[0] FROM lists WHERE k = ${k}`));
    await within(30_000, Promise.all(deletions), 'list deletions');
    expect(await s.execute('SELECT l FROM lists WHERE k IN (2, 3)')).toEqual([[[5, 6, 7, 8, 9]], [[5, 6, 7, 8, 9]]]);
  });
});
