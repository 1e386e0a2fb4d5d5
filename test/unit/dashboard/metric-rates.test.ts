/**
 * Rates and windowed quantiles between two scrapes, as Prometheus computes them: a counter's
 * increase per second (from zero after a reset), and histogram_quantile over bucket increases
 * only, so a burst of slow requests shows in its own second whatever came before.
 */

import { describe, expect, it } from 'vitest';
import { counterRate, quantileOfIncrease, type CumulativeBucket } from '../../../src/dashboard/metric-rates.js';

const INF = Number.POSITIVE_INFINITY;
const buckets = (...counts: number[]): CumulativeBucket[] => [0.001, 0.01, 0.1, INF].map((le, i) => ({ le, count: counts[i]! }));

describe('counterRate', () => {
  it('is the increase per second, from zero after a reset, and 0 without a previous scrape', () => {
    expect(counterRate(100, 300, 2)).toBe(100);
    expect(counterRate(500, 40, 1)).toBe(40);
    expect(counterRate(null, 40, 1)).toBe(0);
  });
});

describe('quantileOfIncrease', () => {
  it('reads only the observations between the scrapes, interpolating in the bucket', () => {
    // Before: 1000 fast requests. Between: 100 more, all in (0.01, 0.1].
    const before = buckets(1000, 1000, 1000, 1000);
    const after = buckets(1000, 1000, 1100, 1100);
    expect(quantileOfIncrease(0.5, before, after)).toBeCloseTo(0.055, 9);
    expect(quantileOfIncrease(0.99, before, after)).toBeCloseTo(0.01 + 0.09 * 0.99, 9);
  });

  it('is null when nothing was observed between the scrapes', () => {
    expect(quantileOfIncrease(0.99, buckets(5, 6, 7, 7), buckets(5, 6, 7, 7))).toBeNull();
    expect(quantileOfIncrease(0.99, [], [])).toBeNull();
  });

  it('answers the highest finite bound for a rank in +Inf, and counts from zero after a reset', () => {
    expect(quantileOfIncrease(0.99, buckets(0, 0, 0, 0), buckets(0, 0, 1, 10))).toBe(0.1);
    expect(quantileOfIncrease(0.5, buckets(50, 50, 50, 50), buckets(2, 2, 2, 2))).toBeCloseTo(0.0005, 9);
  });
});
