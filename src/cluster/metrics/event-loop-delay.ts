/**
 * How late the process's event loop runs its callbacks (perf_hooks.monitorEventLoopDelay): every
 * node of an in-process cluster, its coordinators, gossip and the admin servers share this one
 * loop, so a long delay here slows all of them. The monitor is started on first use and kept
 * for the process (one is enough; it samples every RESOLUTION_MS).
 *
 * Quantiles since start hardly move once the process has run a while, so a second monitor
 * reports the last closed window: a window closes at the first scrape WINDOW_MS_MIN or more
 * after it opened, its quantiles are kept and reported until the next closes, and it starts
 * afresh. Every node's scrape reads the same window, however many scrapers ask.
 */

import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { gaugeFamily, type MetricFamily } from './metric-family.js';
import { REPORTED_QUANTILES } from './metric-registry.js';

const RESOLUTION_MS = 10;
/** A window shorter than this holds too few samples (RESOLUTION_MS apart) for a p99. */
const WINDOW_MS_MIN = 1000;
let monitor: IntervalHistogram | null = null;
let windowMonitor: IntervalHistogram | null = null;
let windowOpenedMs = 0;
/** The last closed window's quantiles (REPORTED_QUANTILES order) and maximum, in seconds; null before one has closed. */
let closedWindow: { readonly quantiles: readonly number[]; readonly max: number } | null = null;

function started(): IntervalHistogram {
  if (monitor === null) {
    monitor = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    monitor.enable();
  }
  return monitor;
}

/** The last closed window, closing the open one first if it has run WINDOW_MS_MIN. */
function recentWindow(nowMs: number): { readonly quantiles: readonly number[]; readonly max: number } | null {
  if (windowMonitor === null) {
    windowMonitor = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    windowMonitor.enable();
    windowOpenedMs = nowMs;
  }
  if (nowMs - windowOpenedMs >= WINDOW_MS_MIN && windowMonitor.count > 0) {
    const histogram = windowMonitor;
    closedWindow = { quantiles: REPORTED_QUANTILES.map((q) => histogram.percentile(q * 100) / 1e9), max: histogram.max / 1e9 };
    histogram.reset();
    windowOpenedMs = nowMs;
  }
  return closedWindow;
}

/** Starts measuring now, so the first scrape has something to say. */
export function startEventLoopMonitor(): void {
  started();
  recentWindow(performance.now());
}

export function eventLoopDelayFamilies(): MetricFamily[] {
  const histogram = started();
  const empty = histogram.count === 0;
  const secondsOf = (nanos: number): number => (empty ? Number.NaN : nanos / 1e9);
  const window = recentWindow(performance.now());
  return [
    gaugeFamily(
      'sibyl_event_loop_delay_seconds',
      'Event loop delay of the process (all its nodes share the loop), estimated quantiles since start.',
      REPORTED_QUANTILES.map((q) => ({ labels: { quantile: String(q) }, value: secondsOf(histogram.percentile(q * 100)) })),
    ),
    gaugeFamily('sibyl_event_loop_delay_max_seconds', 'Longest event loop delay of the process since start.', [{ labels: {}, value: secondsOf(histogram.max) }]),
    gaugeFamily(
      'sibyl_event_loop_delay_recent_seconds',
      `Event loop delay of the process over the last closed window (${WINDOW_MS_MIN / 1000} s or more, closed at a scrape), estimated quantiles.`,
      REPORTED_QUANTILES.map((q, i) => ({ labels: { quantile: String(q) }, value: window?.quantiles[i] ?? Number.NaN })),
    ),
    gaugeFamily('sibyl_event_loop_delay_recent_max_seconds', 'Longest event loop delay of the process in the last closed window.', [{ labels: {}, value: window?.max ?? Number.NaN }]),
  ];
}
