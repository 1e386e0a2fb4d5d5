/**
 * One line of numbers about a set of operations (an interval or a whole run, one operation
 * kind or all): how many, how fast, and latency percentiles in milliseconds read from an HDR
 * histogram of microseconds.
 */

import type { Histogram } from 'hdr-histogram-js';

export interface LatencyStats {
  /** Operations answered without error. */
  readonly operations: number;
  readonly errors: number;
  readonly opsPerSecond: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
}

/**
 * `sumMicros` is the sum of the recorded latencies, kept by the recorder: hdr-histogram-js
 * computes `mean` by iterating every recorded value (~40 ms for a busy second), a cost the
 * load generator would pay each interval.
 */
export function latencyStatsOf(histogram: Histogram, sumMicros: number, errors: number, elapsedMs: number): LatencyStats {
  const operations = histogram.totalCount;
  const empty = operations === 0;
  const maxMs = empty ? 0 : histogram.maxValue / 1000;
  // A percentile is read as the top of its bucket, which can lie past the largest value seen.
  const percentileMs = (percentile: number): number => (empty ? 0 : Math.min(histogram.getValueAtPercentile(percentile) / 1000, maxMs));
  return {
    operations,
    errors,
    opsPerSecond: elapsedMs > 0 ? (operations / elapsedMs) * 1000 : 0,
    meanMs: empty ? 0 : sumMicros / operations / 1000,
    p50Ms: percentileMs(50),
    p95Ms: percentileMs(95),
    p99Ms: percentileMs(99),
    p999Ms: percentileMs(99.9),
    maxMs,
  };
}
