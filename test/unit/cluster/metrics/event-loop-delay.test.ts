/**
 * The event loop delay families: quantiles since start, and the last closed window, which
 * closes at a scrape a second or more after it opened. A loop blocked for 600 ms shows in the
 * window that held it, and no longer once a quiet window has closed after it.
 */

import { describe, expect, it } from 'vitest';
import { eventLoopDelayFamilies, startEventLoopMonitor } from '../../../../src/cluster/metrics/event-loop-delay.js';
import type { MetricFamily } from '../../../../src/cluster/metrics/metric-family.js';

/** Long enough that a busy shared machine's own delays in a quiet window stay well below it. */
const BLOCK_MS = 600;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function recentMaxSeconds(families: readonly MetricFamily[]): number {
  const family = families.find((f) => f.name === 'sibyl_event_loop_delay_recent_max_seconds');
  if (family === undefined || family.type === 'histogram') throw new Error('no recent max family');
  return family.samples[0]!.value;
}

function blockLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('event loop delay', () => {
  it('reports the last closed window: a blocked loop shows in it, then a quiet window replaces it', async () => {
    startEventLoopMonitor();
    await sleep(50);
    blockLoop(BLOCK_MS);
    await sleep(1100);
    const blocked = eventLoopDelayFamilies();
    expect(recentMaxSeconds(blocked)).toBeGreaterThanOrEqual((BLOCK_MS * 0.8) / 1000);
    const quantiles = blocked.find((f) => f.name === 'sibyl_event_loop_delay_recent_seconds');
    expect(quantiles?.type === 'gauge' ? quantiles.samples.map((s) => s.labels['quantile']) : []).toEqual(['0.5', '0.95', '0.99', '0.999']);
    // A scrape before the next window has run a second reports the same closed window.
    expect(recentMaxSeconds(eventLoopDelayFamilies())).toBe(recentMaxSeconds(blocked));
    await sleep(1100);
    expect(recentMaxSeconds(eventLoopDelayFamilies())).toBeLessThan((BLOCK_MS * 0.8) / 1000);
    // Since start, the block is still the longest delay.
    const sinceStart = eventLoopDelayFamilies().find((f) => f.name === 'sibyl_event_loop_delay_max_seconds');
    expect(sinceStart?.type === 'gauge' ? sinceStart.samples[0]!.value : 0).toBeGreaterThanOrEqual((BLOCK_MS * 0.8) / 1000);
  });
});
