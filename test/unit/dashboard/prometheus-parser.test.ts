/**
 * The dashboard's reader of the Prometheus text format reads back what the nodes' writer
 * (src/cluster/metrics/prometheus-text.ts) writes: counters, gauges with NaN and infinities,
 * histograms' bucket/sum/count lines, label values with escapes; and names the line it cannot read.
 */

import { describe, expect, it } from 'vitest';
import { MetricRegistry } from '../../../src/cluster/metrics/metric-registry.js';
import { formatPrometheusText } from '../../../src/cluster/metrics/prometheus-text.js';
import { gaugeFamily } from '../../../src/cluster/metrics/metric-family.js';
import { parsePrometheusText, PrometheusParseError } from '../../../src/dashboard/prometheus-parser.js';

describe('parsePrometheusText', () => {
  it('reads what the nodes write', () => {
    const registry = new MetricRegistry();
    registry.counter('sibyl_x_total', 'x').cell({ node: '127.0.0.1', verb: 'a"b\\c\nd' }).inc(3);
    registry.latency('sibyl_lat_seconds', 'lat', null, [0.001, 0.01]).cell({ node: '127.0.0.2' }).record(0.005, 2);
    const text = formatPrometheusText([
      ...registry.collect(),
      gaugeFamily('sibyl_g', 'g', [
        { labels: { q: 'nan' }, value: Number.NaN },
        { labels: { q: 'inf' }, value: Number.POSITIVE_INFINITY },
        { labels: { q: 'small' }, value: 1.5e-7 },
      ]),
    ]);
    const samples = parsePrometheusText(text);
    expect(samples.find((s) => s.name === 'sibyl_x_total')).toEqual({ name: 'sibyl_x_total', labels: { node: '127.0.0.1', verb: 'a"b\\c\nd' }, value: 3 });
    const buckets = samples.filter((s) => s.name === 'sibyl_lat_seconds_bucket').map((s) => [s.labels['le'], s.value]);
    expect(buckets).toEqual([['0.001', 0], ['0.01', 2], ['+Inf', 2]]);
    expect(samples.find((s) => s.name === 'sibyl_lat_seconds_sum')?.value).toBeCloseTo(0.01, 12);
    const gauges = samples.filter((s) => s.name === 'sibyl_g').map((s) => s.value);
    expect(gauges[0]).toBeNaN();
    expect(gauges.slice(1)).toEqual([Number.POSITIVE_INFINITY, 1.5e-7]);
  });

  it('skips comments and blank lines, ignores a timestamp', () => {
    expect(parsePrometheusText('# HELP a b\n\n# TYPE a counter\na 1 1700000000000\n')).toEqual([{ name: 'a', labels: {}, value: 1 }]);
  });

  it('names the line it cannot read', () => {
    expect(() => parsePrometheusText('a 1\nb{x="1" 2\n')).toThrow(PrometheusParseError);
    expect(() => parsePrometheusText('a 1\nb{x="1" 2\n')).toThrow(/line 2/);
    expect(() => parsePrometheusText('a one\n')).toThrow(/bad value/);
    expect(() => parsePrometheusText('{x="1"} 2\n')).toThrow(/no metric name/);
  });
});
