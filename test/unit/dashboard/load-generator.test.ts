/**
 * The load generator's pacing against a target that answers when told: rate x elapsed
 * operations per tick, reads only of written keys, at most IN_FLIGHT_MAX outstanding (the rest
 * skipped, not queued), failures counted with the last error, per-second reports, and a stop
 * that waits for what is outstanding.
 */

import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/lib/random.js';
import { IN_FLIGHT_MAX, KEY_POPULATION, LoadGenerator, type LoadTarget } from '../../../src/dashboard/load-generator.js';

class HeldTarget implements LoadTarget {
  readonly description = 'held';
  prepared = 0;
  readonly writes: number[] = [];
  readonly reads: number[] = [];
  private readonly pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];

  async prepare(): Promise<void> {
    this.prepared++;
  }
  write(key: number): Promise<void> {
    this.writes.push(key);
    return this.hold();
  }
  read(key: number): Promise<void> {
    this.reads.push(key);
    return this.hold();
  }
  answerAll(error: Error | null = null): void {
    for (const p of this.pending.splice(0)) if (error === null) p.resolve();
    else p.reject(error);
  }
  private hold(): Promise<void> {
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('LoadGenerator', () => {
  it('starts rate x elapsed operations, reads only written keys, and reports per second', async () => {
    const target = new HeldTarget();
    const load = new LoadGenerator(target, new SeededRandom(1));
    await load.setRates({ writesPerSecond: 100, readsPerSecond: 50 }, 0);
    expect(target.prepared).toBe(1);
    for (let t = 100; t <= 1000; t += 100) {
      load.tick(t);
      target.answerAll();
      await settle();
    }
    expect(target.writes).toHaveLength(100);
    expect(target.writes.slice(0, 3)).toEqual([0, 1, 2]);
    expect(target.reads.length).toBeGreaterThanOrEqual(49);
    expect(target.reads.every((key) => key < 100)).toBe(true);
    const report = load.report(1000);
    expect(report.writesOkPerSecond).toBe(100);
    expect(report.readsOkPerSecond).toBe(target.reads.length);
    expect(report.skippedPerSecond).toBe(0);
  });

  it('skips what would pass the in-flight bound, and counts failures', async () => {
    const target = new HeldTarget();
    const load = new LoadGenerator(target, new SeededRandom(2));
    await load.setRates({ writesPerSecond: IN_FLIGHT_MAX * 2, readsPerSecond: 0 }, 0);
    load.tick(1000);
    expect(target.writes).toHaveLength(IN_FLIGHT_MAX);
    target.answerAll(new Error('Unavailable'));
    await settle();
    const report = load.report(1000);
    expect(report.skippedPerSecond).toBe(IN_FLIGHT_MAX);
    expect(report.writeFailuresPerSecond).toBe(IN_FLIGHT_MAX);
    expect(report.lastError?.message).toBe('write: Unavailable');
  });

  it('wraps the key population, and stops after what is outstanding', async () => {
    const target = new HeldTarget();
    const load = new LoadGenerator(target, new SeededRandom(3));
    await load.setRates({ writesPerSecond: 200, readsPerSecond: 0 }, 0);
    for (let i = 0; i < KEY_POPULATION / 200 + 1; i++) {
      load.tick((i + 1) * 1000);
      target.answerAll();
      await settle();
    }
    expect(target.writes.at(-1)).toBe(199);
    load.tick(1_000_000);
    let stopped = false;
    const stopping = load.stop(1_000_000).then(() => void (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    target.answerAll();
    await stopping;
    load.tick(2_000_000);
    expect(target.writes.length).toBe(KEY_POPULATION + 200 + 200);
  });

  it('refuses a rate out of bounds', async () => {
    const load = new LoadGenerator(new HeldTarget(), new SeededRandom(4));
    await expect(load.setRates({ writesPerSecond: -5, readsPerSecond: 0 }, 0)).rejects.toThrow();
  });
});
