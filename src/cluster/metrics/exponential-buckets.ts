/**
 * Bucket upper bounds growing by a constant factor (Prometheus' ExponentialBuckets, Cassandra's
 * EstimatedHistogram with factor 1.2): a quantile read from such a histogram is off by at most
 * the factor, whatever the magnitude, which is what latencies from microseconds to seconds need.
 * Bounds are rounded to 6 significant digits so they print as short numbers in `le` labels.
 */

import { assert } from '../../lib/assert.js';

export function exponentialBuckets(start: number, factor: number, count: number): readonly number[] {
  assert(start > 0 && Number.isFinite(start), `bucket start ${start} must be positive`);
  assert(factor > 1 && Number.isFinite(factor), `bucket factor ${factor} must be above 1`);
  assert(Number.isInteger(count) && count >= 1 && count <= 1000, `bucket count ${count}`);
  const bounds: number[] = [];
  for (let i = 0; i < count; i++) bounds.push(Number((start * factor ** i).toPrecision(6)));
  return Object.freeze(bounds);
}

/** The bucket scheme of every latency histogram: 10 µs to about 74 s, factor 1.5 (40 buckets and +Inf). */
export const LATENCY_BUCKET_FACTOR = 1.5;
export const LATENCY_BUCKETS_SECONDS = exponentialBuckets(10e-6, LATENCY_BUCKET_FACTOR, 40);
