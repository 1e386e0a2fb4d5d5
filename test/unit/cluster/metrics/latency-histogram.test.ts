/**
 * Latency histograms: exact count, sum, min and max, and quantile estimates that stay within
 * one bucket factor of the exact (nearest-rank) quantile, checked by a property over random
 * latencies from microseconds to tens of seconds.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exponentialBuckets, LATENCY_BUCKET_FACTOR, LATENCY_BUCKETS_SECONDS } from '../../../../src/cluster/metrics/exponential-buckets.js';
import { LatencyHistogram } from '../../../../src/cluster/metrics/latency-histogram.js';

function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

describe('exponential buckets', () => {
  it('grow by the factor from the start, rounded to 6 significant digits', () => {
    expect(exponentialBuckets(1, 2, 5)).toEqual([1, 2, 4, 8, 16]);
    expect(exponentialBuckets(10e-6, 1.5, 3)).toEqual([0.00001, 0.000015, 0.0000225]);
    expect(LATENCY_BUCKETS_SECONDS).toHaveLength(40);
    expect(LATENCY_BUCKETS_SECONDS.at(-1)!).toBeGreaterThan(60);
  });

  it('refuse a factor of 1 or less and a non-positive start', () => {
    expect(() => exponentialBuckets(1, 1, 5)).toThrow();
    expect(() => exponentialBuckets(0, 2, 5)).toThrow();
  });
});

describe('LatencyHistogram', () => {
  it('keeps count, sum, min, max and mean exactly, and answers NaN when empty', () => {
    const histogram = new LatencyHistogram(LATENCY_BUCKETS_SECONDS);
    expect(histogram.quantile(0.5)).toBeNaN();
    expect(histogram.min).toBeNaN();
    for (const v of [0.001, 0.002, 0.003, 0.5]) histogram.record(v);
    expect(histogram.count).toBe(4);
    expect(histogram.sum).toBeCloseTo(0.506, 12);
    expect(histogram.min).toBe(0.001);
    expect(histogram.max).toBe(0.5);
    expect(histogram.mean).toBeCloseTo(0.1265, 12);
    expect(histogram.quantile(1)).toBe(0.5);
  });

  it('puts each value in the first bucket whose bound is at least the value, and the rest above +Inf', () => {
    const histogram = new LatencyHistogram([1, 2, 4]);
    for (const v of [0.5, 1, 1.5, 2, 3, 4, 5, 100]) histogram.record(v);
    expect(histogram.snapshot().counts).toEqual([2, 2, 2, 2]);
    // A rank past every bound answers the largest value seen.
    expect(histogram.quantile(0.999)).toBe(100);
  });

  it('estimates quantiles within one bucket factor of the exact ones', () => {
    const bounds = LATENCY_BUCKETS_SECONDS;
    const latency = fc.double({ min: bounds[0]!, max: bounds.at(-1)!, noNaN: true });
    fc.assert(
      fc.property(fc.array(latency, { minLength: 1, maxLength: 300 }), fc.constantFrom(0.5, 0.95, 0.99, 0.999, 0.1, 1), (values, q) => {
        const histogram = new LatencyHistogram(bounds);
        for (const v of values) histogram.record(v);
        const exact = exactQuantile(values, q);
        const estimate = histogram.quantile(q);
        // Rounded bounds make a bucket's ratio differ from the factor in the 6th digit.
        const factor = LATENCY_BUCKET_FACTOR * 1.00001;
        expect(estimate).toBeGreaterThanOrEqual(exact / factor);
        expect(estimate).toBeLessThanOrEqual(exact * factor);
        expect(estimate).toBeGreaterThanOrEqual(histogram.min);
        expect(estimate).toBeLessThanOrEqual(histogram.max);
      }),
      { numRuns: 300 },
    );
  });

  it('gives quantiles that never decrease with q', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-6, max: 100, noNaN: true }), { minLength: 1, maxLength: 200 }), (values) => {
        const histogram = new LatencyHistogram(LATENCY_BUCKETS_SECONDS);
        for (const v of values) histogram.record(v);
        const qs = [0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];
        const estimates = qs.map((q) => histogram.quantile(q));
        for (let i = 1; i < estimates.length; i++) expect(estimates[i]!).toBeGreaterThanOrEqual(estimates[i - 1]!);
      }),
    );
  });
});
