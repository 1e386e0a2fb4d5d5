/**
 * Small statistics for benchmark reports: the median of repeated runs (the machine drifts
 * about ±20% over minutes, PERF-NOTES.md, so one run proves little and a mean is pulled by
 * outliers), and rates from nanosecond spans measured with process.hrtime.bigint().
 */

import { assert } from '../../src/lib/assert.js';

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  assert(values.length > 0, 'median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[middle]!;
  return (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The median of the non-null values, or null when every run left the value out. */
export function medianOrNull(values: readonly (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length === 0 ? null : median(present);
}

/** Operations per second over a span of nanoseconds. */
export function ratePerSecond(operations: number, elapsedNs: bigint): number {
  assert(elapsedNs > 0n, `a rate needs a positive span, got ${elapsedNs} ns`);
  return (operations * 1e9) / Number(elapsedNs);
}
