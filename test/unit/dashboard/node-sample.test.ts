/**
 * A node's second from two scrapes of real metric families (a MetricRegistry written as text,
 * as a node serves it): writes and reads per second over every consistency level, the p99 of
 * that second's writes only, storage gauges and per-table sizes, mailboxes by kind.
 */

import { describe, expect, it } from 'vitest';
import { LATENCY_BUCKET_FACTOR } from '../../../src/cluster/metrics/exponential-buckets.js';
import { ClientRequestMetrics } from '../../../src/cluster/metrics/client-request-metrics.js';
import { gaugeFamily, withLabels } from '../../../src/cluster/metrics/metric-family.js';
import { MetricRegistry } from '../../../src/cluster/metrics/metric-registry.js';
import { formatPrometheusText } from '../../../src/cluster/metrics/prometheus-text.js';
import { MetricsScrape } from '../../../src/dashboard/metrics-scrape.js';
import { computeNodeSample } from '../../../src/dashboard/node-sample.js';

function scrape(registry: MetricRegistry, atMs: number, memtableBytes: number): MetricsScrape {
  const families = [
    ...registry.collect(),
    gaugeFamily('sibyl_table_memtable_bytes', 'm', [
      { labels: { keyspace: 'ks', table: 'a' }, value: memtableBytes },
      { labels: { keyspace: 'ks', table: 'b' }, value: 1 },
    ]),
    gaugeFamily('sibyl_table_tombstones_estimate', 't', [{ labels: { keyspace: 'ks', table: 'a' }, value: 4 }]),
    gaugeFamily('sibyl_actor_mailbox_depth', 'd', [
      { labels: { kind: 'vnode' }, value: 3 },
      { labels: { kind: 'GossipStage' }, value: 0 },
    ]),
    gaugeFamily('sibyl_event_loop_delay_recent_seconds', 'e', [{ labels: { quantile: '0.99' }, value: 0.012 }]),
  ];
  return MetricsScrape.parse(formatPrometheusText(families.map((f) => withLabels(f, { node: '127.0.0.1' }))), atMs);
}

describe('computeNodeSample', () => {
  it('turns two scrapes into the second between them', () => {
    const registry = new MetricRegistry();
    const metrics = new ClientRequestMetrics(registry);
    for (let i = 0; i < 1000; i++) metrics.record('write', 'ONE', 0.0005, 'ok', [1]);
    const first = scrape(registry, 10_000, 100);
    metrics.record('write', 'QUORUM', 0.05, 'ok', [1], 100);
    metrics.record('write', 'ONE', 0.05, 'ok', [1], 100);
    metrics.record('read', 'ONE', 0.001, 'ok', [1], 50);
    metrics.record('range_read', 'ONE', 0.001, 'timeout', [1], 10);
    const second = scrape(registry, 12_000, 300);
    const sample = computeNodeSample(first, second);
    expect(sample.writesPerSecond).toBe(100);
    expect(sample.readsPerSecond).toBe(30);
    expect(sample.failuresPerSecond).toBe(5);
    // Only the slow writes of this window count (the thousand fast ones before do not pull it
    // down): the estimate lies in the 50 ms write's bucket.
    expect(sample.writeP99Ms).toBeGreaterThanOrEqual(50 / LATENCY_BUCKET_FACTOR);
    expect(sample.writeP99Ms).toBeLessThanOrEqual(50 * LATENCY_BUCKET_FACTOR);
    expect(sample.memtableBytes).toBe(301);
    expect(sample.mailboxDepth).toEqual({ vnode: 3, GossipStage: 0 });
    expect(sample.eventLoopDelayP99Ms).toBeCloseTo(12, 9);
    expect(sample.tables.find((t) => t.table === 'a')).toMatchObject({ keyspace: 'ks', memtableBytes: 300, tombstones: 4, sstables: 0 });
  });

  it('has no rates and no p99 on a first scrape', () => {
    const registry = new MetricRegistry();
    new ClientRequestMetrics(registry).record('write', 'ONE', 0.01, 'ok', [1], 5);
    const sample = computeNodeSample(null, scrape(registry, 1000, 0));
    expect(sample.writesPerSecond).toBe(0);
    expect(sample.writeP99Ms).toBeNull();
  });
});
