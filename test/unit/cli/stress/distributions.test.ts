// The key distributions, checked statistically with a seeded random: each stays in its bounds
// and has the shape it promises.

import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src/lib/random.js';
import { createDistribution } from '../../../../src/cli/stress/distributions/create-distribution.js';
import { parseDistribution } from '../../../../src/cli/stress/distributions/distribution-spec.js';
import { fnvHash64 } from '../../../../src/cli/stress/distributions/fnv-hash.js';
import { InsertCounter } from '../../../../src/cli/stress/distributions/insert-counter.js';
import { SkewedLatestGenerator } from '../../../../src/cli/stress/distributions/skewed-latest-generator.js';
import { ZipfianGenerator } from '../../../../src/cli/stress/distributions/zipfian-generator.js';

const DRAWS = 100_000;

function draws(text: string, count = DRAWS, seed = 7): number[] {
  const distribution = createDistribution(parseDistribution(text));
  const random = new SeededRandom(seed);
  return Array.from({ length: count }, () => distribution.next(random));
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const stdev = (values: readonly number[]) => {
  const m = mean(values);
  return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length);
};

describe('stress distributions', () => {
  it('seq gives each value in turn and starts over', () => {
    expect(draws('seq(3..6)', 9)).toEqual([3, 4, 5, 6, 3, 4, 5, 6, 3]);
  });

  it('uniform covers its range evenly', () => {
    const values = draws('uniform(1..10)');
    expect(Math.min(...values)).toBe(1);
    expect(Math.max(...values)).toBe(10);
    const counts = new Array(11).fill(0);
    for (const v of values) counts[v]++;
    for (let v = 1; v <= 10; v++) expect(counts[v] / DRAWS).toBeCloseTo(0.1, 1);
  });

  it('gaussian has its mean and stdev, clamped to its bounds', () => {
    const values = draws('gaussian(1..1000,400,50)');
    expect(mean(values)).toBeGreaterThan(398);
    expect(mean(values)).toBeLessThan(402);
    expect(stdev(values)).toBeGreaterThan(48);
    expect(stdev(values)).toBeLessThan(52);
    const clamped = draws('gaussian(1..100,50,100)');
    expect(Math.min(...clamped)).toBe(1);
    expect(Math.max(...clamped)).toBe(100);
    // The default: mean in the middle, stdev a sixth of the range.
    expect(parseDistribution('gaussian(1..101)')).toEqual({ kind: 'gaussian', min: 1, max: 101, mean: 51, stdev: 50 / 3 });
  });

  it('zipfian ranks follow 1/rank^theta: rank 0 is drawn most, then rank 1, ...', () => {
    const zipfian = new ZipfianGenerator(0, 999, 0.99);
    const random = new SeededRandom(3);
    const counts = new Array(1000).fill(0);
    for (let i = 0; i < DRAWS; i++) counts[zipfian.next(random)]++;
    // P(rank r) = (1 / (r+1)^0.99) / zeta(1000): exact for ranks 0 and 1 (Gray's method draws
    // them directly), approximated by a power curve beyond.
    const zeta = Array.from({ length: 1000 }, (_, r) => 1 / (r + 1) ** 0.99).reduce((a, b) => a + b, 0);
    for (const rank of [0, 1]) expect(counts[rank] / DRAWS).toBeCloseTo(1 / (rank + 1) ** 0.99 / zeta, 2);
    const block = (from: number, to: number) => counts.slice(from, to).reduce((a: number, b: number) => a + b, 0);
    expect(counts[0]).toBeGreaterThan(counts[1]);
    expect(block(2, 10)).toBeGreaterThan(block(10, 18));
    expect(block(10, 100)).toBeGreaterThan(block(900, 1000) * 5);
    // The head and the long tail in the proportions the exact law gives, within a few percent.
    const exact = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => 1 / (from + i + 1) ** 0.99 / zeta).reduce((a, b) => a + b, 0);
    expect(block(0, 100) / DRAWS).toBeCloseTo(exact(0, 100), 1);
  });

  it('scrambled zipfian stays in bounds and keeps a few hot keys, not the first ones', () => {
    const values = draws('zipfian(1..10000)');
    expect(Math.min(...values)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...values)).toBeLessThanOrEqual(10_000);
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    const hottest = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 10);
    // The ten hottest keys take about a ninth of the draws (ranks 1-10 of ten billion at 0.99:
    // 2.93 / zeta 26.47), where uniform keys would take a thousandth...
    expect(hottest.reduce((sum, [, c]) => sum + c, 0) / DRAWS).toBeGreaterThan(0.09);
    // ...and are spread by the hash, not keys 1..10.
    expect(hottest.filter(([key]) => key <= 10).length).toBeLessThan(3);
  });

  it('latest favours the newest acknowledged insert and never reads past it', () => {
    const inserts = new InsertCounter(0);
    const latest = new SkewedLatestGenerator(inserts);
    const random = new SeededRandom(5);
    expect(latest.next(random)).toBe(0); // nothing acknowledged yet
    for (let i = 0; i < 1000; i++) inserts.acknowledge(inserts.next());
    const values = Array.from({ length: DRAWS }, () => latest.next(random));
    expect(Math.max(...values)).toBe(999);
    expect(values.filter((v) => v === 999).length / DRAWS).toBeGreaterThan(0.1);
    expect(values.filter((v) => v >= 900).length / DRAWS).toBeGreaterThan(0.6);
  });

  it('the insert counter acknowledges only runs without gaps', () => {
    const inserts = new InsertCounter(10);
    const [a, b, c] = [inserts.next(), inserts.next(), inserts.next()];
    expect(inserts.lastAcknowledged()).toBe(9);
    inserts.acknowledge(b);
    expect(inserts.lastAcknowledged()).toBe(9);
    inserts.acknowledge(a);
    expect(inserts.lastAcknowledged()).toBe(11);
    inserts.acknowledge(c);
    expect(inserts.lastAcknowledged()).toBe(12);
    expect(() => inserts.acknowledge(c)).toThrow();
  });

  it('fnvhash64 matches YCSB (FNV-1a over the long\'s bytes, sign dropped)', () => {
    // Computed by hand from the FNV-1a definition for value 1: byte 0x01 then seven zero bytes.
    let hash = BigInt.asIntN(64, 0xcbf29ce484222325n);
    for (const octet of [1n, 0n, 0n, 0n, 0n, 0n, 0n, 0n]) hash = BigInt.asIntN(64, (hash ^ octet) * 1099511628211n);
    expect(fnvHash64(1)).toBe(hash < 0n ? -hash : hash);
    expect(fnvHash64(1)).not.toBe(fnvHash64(2));
  });
});
