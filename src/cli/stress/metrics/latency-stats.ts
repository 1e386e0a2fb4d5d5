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

export function latencyStatsOf(histogram: Histogram, errors: number, elapsedMs: number): LatencyStats {
  const operations = histogram.totalCount;
  const empty = operations === 0;
  return {
    operations,
    errors,
    opsPerSecond: elapsedMs > 0 ? (operations / elapsedMs) * 1000 : 0,
    meanMs: empty ? 0 : histogram.mean / 1000,
    p50Ms: empty ? 0 : histogram.getValueAtPercentile(50) / 1000,
    p95Ms: empty ? 0 : histogram.getValueAtPercentile(95) / 1000,
    p99Ms: empty ? 0 : histogram.getValueAtPercentile(99) / 1000,
    p999Ms: empty ? 0 : histogram.getValueAtPercentile(99.9) / 1000,
    maxMs: empty ? 0 : histogram.maxValue / 1000,
  };
}
