/**
 * How late the process's event loop runs its callbacks (perf_hooks.monitorEventLoopDelay): every
 * node of an in-process cluster, its coordinators, gossip and the admin servers share this one
 * loop, so a long delay here slows all of them. The monitor is started on first use and kept
 * for the process (one is enough; it samples every RESOLUTION_MS).
 */

import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { gaugeFamily, type MetricFamily } from './metric-family.js';
import { REPORTED_QUANTILES } from './metric-registry.js';

const RESOLUTION_MS = 10;
let monitor: IntervalHistogram | null = null;

function started(): IntervalHistogram {
  if (monitor === null) {
    monitor = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    monitor.enable();
  }
  return monitor;
}

/** Starts measuring now, so the first scrape has something to say. */
export function startEventLoopMonitor(): void {
  started();
}

export function eventLoopDelayFamilies(): MetricFamily[] {
  const histogram = started();
  const empty = histogram.count === 0;
  const secondsOf = (nanos: number): number => (empty ? Number.NaN : nanos / 1e9);
  return [
    gaugeFamily(
      'sibyl_event_loop_delay_seconds',
      'Event loop delay of the process (all its nodes share the loop), estimated quantiles since start.',
      REPORTED_QUANTILES.map((q) => ({ labels: { quantile: String(q) }, value: secondsOf(histogram.percentile(q * 100)) })),
    ),
    gaugeFamily('sibyl_event_loop_delay_max_seconds', 'Longest event loop delay of the process since start.', [{ labels: {}, value: secondsOf(histogram.max) }]),
  ];
}
