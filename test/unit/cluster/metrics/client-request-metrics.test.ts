/**
 * Client request metrics count each client's request: writes the executor coalesced into one
 * coordinator write count one each, with the latency of the write that carried them, in the
 * totals, the latency histogram, the failure counters and the per-table counts.
 */

import { describe, expect, it } from 'vitest';
import { ClientRequestMetrics } from '../../../../src/cluster/metrics/client-request-metrics.js';
import { LatencyHistogram } from '../../../../src/cluster/metrics/latency-histogram.js';
import { MetricRegistry } from '../../../../src/cluster/metrics/metric-registry.js';

function scalar(registry: MetricRegistry, name: string): number {
  const family = registry.collect().find((f) => f.name === name);
  if (family === undefined || family.type === 'histogram') return Number.NaN;
  return family.samples.reduce((n, s) => n + s.value, 0);
}

describe('ClientRequestMetrics', () => {
  it('counts a coalesced write of five mutations as five requests of its latency', () => {
    const registry = new MetricRegistry();
    const metrics = new ClientRequestMetrics(registry);
    metrics.record('write', 'LOCAL_QUORUM', 0.004, 'ok', [7], 5);
    metrics.record('write', 'LOCAL_QUORUM', 0.002, 'ok', [7]);
    expect(scalar(registry, 'sibyl_client_requests_total')).toBe(6);
    const histogram = registry.collect().find((f) => f.name === 'sibyl_client_request_latency_seconds');
    expect(histogram?.type === 'histogram' ? histogram.samples[0]!.snapshot.count : 0).toBe(6);
    expect(histogram?.type === 'histogram' ? histogram.samples[0]!.snapshot.sum : 0).toBeCloseTo(0.022, 9);
    expect(metrics.tableCounts().get(7)?.get('write')).toEqual({ requests: 6, latencySeconds: expect.closeTo(0.022, 9) });
  });

  it('counts each request of a failed coalesced write as failed', () => {
    const registry = new MetricRegistry();
    const metrics = new ClientRequestMetrics(registry);
    metrics.record('write', 'QUORUM', 2, 'timeout', [1], 3);
    metrics.record('read', 'QUORUM', 0.001, 'unavailable', [1]);
    expect(scalar(registry, 'sibyl_client_request_timeouts_total')).toBe(3);
    expect(scalar(registry, 'sibyl_client_request_unavailables_total')).toBe(1);
    expect(metrics.exceptionCount()).toBe(4);
  });
});

describe('LatencyHistogram.record with a count', () => {
  it('is the same as recording the latency that many times', () => {
    const bounds = [0.001, 0.01, 0.1];
    const once = new LatencyHistogram(bounds);
    const repeated = new LatencyHistogram(bounds);
    once.record(0.005, 4);
    for (let i = 0; i < 4; i++) repeated.record(0.005);
    expect(once.snapshot()).toEqual(repeated.snapshot());
    expect(() => once.record(0.005, 0)).toThrow();
  });
});
