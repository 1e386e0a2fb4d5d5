/**
 * What two scrapes of a node say about the second between them, as Prometheus' rate() and
 * histogram_quantile(rate(...)) say it: a counter's increase per second (a counter that went
 * down was reset, by a node restart, and counts from zero), and a latency quantile over only
 * the requests that ended between the scrapes. The nodes' own quantile gauges cover every
 * request since the node started, so they barely move under a change of load; these do.
 */

import { assert } from '../lib/assert.js';

/** `count` observations at or below `le` (Prometheus' cumulative buckets; the last is +Inf). */
export interface CumulativeBucket {
  readonly le: number;
  readonly count: number;
}

export function counterRate(previous: number | null, current: number, seconds: number): number {
  assert(seconds > 0, `a rate over ${seconds} s`);
  if (previous === null) return 0;
  const increase = current >= previous ? current - previous : current;
  return increase / seconds;
}

/**
 * The q-quantile of the observations made between two snapshots of the same histogram,
 * interpolated linearly inside its bucket (histogram_quantile's rule); null when there were
 * none. A rank in the +Inf bucket answers the highest finite bound.
 */
export function quantileOfIncrease(q: number, previous: readonly CumulativeBucket[], current: readonly CumulativeBucket[]): number | null {
  assert(q > 0 && q <= 1, `quantile ${q} outside (0, 1]`);
  if (current.length === 0) return null;
  assert(current.at(-1)!.le === Number.POSITIVE_INFINITY, 'a histogram ends with its +Inf bucket');
  const before = new Map(previous.map((b) => [b.le, b.count]));
  // A reset (the node restarted) shows as a total that went down: count from zero then.
  const reset = (before.get(Number.POSITIVE_INFINITY) ?? 0) > current.at(-1)!.count;
  const increases = current.map((b) => ({ le: b.le, count: reset ? b.count : b.count - (before.get(b.le) ?? 0) }));
  const total = increases.at(-1)!.count;
  if (total <= 0) return null;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const bucket of increases) {
    if (bucket.count >= rank) {
      if (bucket.le === Number.POSITIVE_INFINITY) return lower;
      const inBucket = bucket.count - below;
      return inBucket <= 0 ? bucket.le : lower + (bucket.le - lower) * ((rank - below) / inBucket);
    }
    lower = bucket.le;
    below = bucket.count;
  }
  return lower;
}
