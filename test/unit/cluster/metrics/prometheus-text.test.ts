/**
 * The Prometheus text format (0.0.4) as a scraper reads it: HELP and TYPE lines, labels with
 * escaped values, histograms as cumulative `_bucket` lines ending at +Inf, then `_sum` and
 * `_count`; the registry's families and quantile gauges. A small reader of the format parses
 * what the writer wrote back, for random names, label values and numbers.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MetricFamily } from '../../../../src/cluster/metrics/metric-family.js';
import { withLabels } from '../../../../src/cluster/metrics/metric-family.js';
import { MetricRegistry } from '../../../../src/cluster/metrics/metric-registry.js';
import { formatPrometheusText, formatValue } from '../../../../src/cluster/metrics/prometheus-text.js';

/** A sample line read back: name, labels (unescaped), value. */
interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Reads sample lines as Prometheus' text parser does (comments skipped). */
function parseSamples(text: string): ParsedSample[] {
  const samples: ParsedSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/.exec(line);
    if (match === null) throw new Error(`unreadable line: ${line}`);
    samples.push({ name: match[1]!, labels: parseLabels(match[2] ?? ''), value: parseValue(match[3]!) });
  }
  return samples;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 1;
  while (i < text.length - 1) {
    const eq = text.indexOf('=', i);
    const name = text.slice(i, eq);
    let value = '';
    let j = eq + 2; // past ="
    for (; text[j] !== '"'; j++) {
      if (text[j] === '\\') {
        j++;
        value += text[j] === 'n' ? '\n' : text[j];
      } else value += text[j];
    }
    labels[name] = value;
    i = j + 2; // past ", or "}
  }
  return labels;
}

function parseValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

describe('formatPrometheusText', () => {
  it('writes HELP and TYPE once per family, then its samples', () => {
    const families: MetricFamily[] = [
      { type: 'counter', name: 'sibyl_x_total', help: 'Things.', samples: [{ labels: { node: '127.0.0.1', verb: 'mutation' }, value: 3 }] },
      { type: 'gauge', name: 'sibyl_y', help: 'A level.', samples: [{ labels: {}, value: 0.25 }] },
    ];
    expect(formatPrometheusText(families)).toBe(
      [
        '# HELP sibyl_x_total Things.',
        '# TYPE sibyl_x_total counter',
        'sibyl_x_total{node="127.0.0.1",verb="mutation"} 3',
        '# HELP sibyl_y A level.',
        '# TYPE sibyl_y gauge',
        'sibyl_y 0.25',
        '',
      ].join('\n'),
    );
  });

  it('escapes label values and help text, and spells the special values as Go does', () => {
    const text = formatPrometheusText([
      { type: 'gauge', name: 'g', help: 'back\\slash\nnew line', samples: [{ labels: { v: 'a"b\\c\nd' }, value: Number.NaN }] },
    ]);
    expect(text).toContain('# HELP g back\\\\slash\\nnew line\n');
    expect(text).toContain('g{v="a\\"b\\\\c\\nd"} NaN\n');
    expect(formatValue(Number.POSITIVE_INFINITY)).toBe('+Inf');
    expect(formatValue(Number.NEGATIVE_INFINITY)).toBe('-Inf');
    expect(formatValue(1e-5)).toBe('0.00001');
  });

  it('writes a histogram as cumulative buckets up to +Inf, then _sum and _count', () => {
    const text = formatPrometheusText([
      {
        type: 'histogram',
        name: 'lat_seconds',
        help: 'Latency.',
        samples: [{ labels: { op: 'read' }, snapshot: { bounds: [0.001, 0.01], counts: [2, 1, 1], sum: 0.5, count: 4 } }],
      },
    ]);
    expect(text.split('\n')).toEqual([
      '# HELP lat_seconds Latency.',
      '# TYPE lat_seconds histogram',
      'lat_seconds_bucket{op="read",le="0.001"} 2',
      'lat_seconds_bucket{op="read",le="0.01"} 3',
      'lat_seconds_bucket{op="read",le="+Inf"} 4',
      'lat_seconds_sum{op="read"} 0.5',
      'lat_seconds_count{op="read"} 4',
      '',
    ]);
  });

  it('refuses bad names, a family twice, and buckets that do not add up to the count', () => {
    expect(() => formatPrometheusText([{ type: 'gauge', name: '1bad', help: '', samples: [] }])).toThrow();
    expect(() => formatPrometheusText([{ type: 'gauge', name: 'g', help: '', samples: [{ labels: { 'bad-label': 'x' }, value: 1 }] }])).toThrow();
    const twice: MetricFamily = { type: 'gauge', name: 'g', help: '', samples: [] };
    expect(() => formatPrometheusText([twice, twice])).toThrow();
    expect(() =>
      formatPrometheusText([{ type: 'histogram', name: 'h', help: '', samples: [{ labels: {}, snapshot: { bounds: [1], counts: [1, 1], sum: 1, count: 3 } }] }]),
    ).toThrow();
  });

  it('writes what a reader of the format reads back', () => {
    const labelName = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,8}$/);
    const sample = fc.record({
      labels: fc.dictionary(labelName, fc.string({ maxLength: 12 }), { maxKeys: 3 }),
      value: fc.oneof(fc.double({ noNaN: true }), fc.integer()),
    });
    fc.assert(
      fc.property(fc.array(sample, { minLength: 1, maxLength: 5 }), (samples) => {
        const parsed = parseSamples(formatPrometheusText([{ type: 'gauge', name: 'sibyl_g', help: 'h', samples }]));
        expect(parsed).toEqual(samples.map((s) => ({ name: 'sibyl_g', labels: s.labels, value: Object.is(s.value, -0) ? 0 : s.value })));
      }),
    );
  });
});

describe('MetricRegistry', () => {
  it('keeps one cell per label set, whatever order the labels come in', () => {
    const registry = new MetricRegistry();
    const requests = registry.counter('sibyl_requests_total', 'Requests.');
    requests.cell({ a: '1', b: '2' }).inc();
    requests.cell({ b: '2', a: '1' }).inc(2);
    requests.cell({ a: '3', b: '2' }).inc();
    const [family] = registry.collect();
    expect(family!.samples).toEqual([
      { labels: { a: '1', b: '2' }, value: 3 },
      { labels: { a: '3', b: '2' }, value: 1 },
    ]);
    expect(() => requests.cell().inc(-1)).toThrow();
    expect(() => registry.gauge('sibyl_requests_total', 'again, as a gauge')).toThrow();
  });

  it('reports a latency histogram and its estimated p50, p95, p99 and p999 beside it', () => {
    const registry = new MetricRegistry();
    const latency = registry.latency('sibyl_lat_seconds', 'Latency.', 'sibyl_lat_quantile_seconds').cell({ op: 'write' });
    for (let i = 1; i <= 1000; i++) latency.record(i / 1000);
    const text = formatPrometheusText(registry.collect().map((f) => withLabels(f, { node: '127.0.0.1' })));
    const samples = parseSamples(text);
    const count = samples.find((s) => s.name === 'sibyl_lat_seconds_count')!;
    expect(count).toEqual({ name: 'sibyl_lat_seconds_count', labels: { node: '127.0.0.1', op: 'write' }, value: 1000 });
    const quantiles = samples.filter((s) => s.name === 'sibyl_lat_quantile_seconds');
    expect(quantiles.map((s) => s.labels['quantile'])).toEqual(['0.5', '0.95', '0.99', '0.999']);
    const p99 = quantiles.find((s) => s.labels['quantile'] === '0.99')!.value;
    expect(p99).toBeGreaterThan(0.99 / 1.5);
    expect(p99).toBeLessThanOrEqual(1);
    const buckets = samples.filter((s) => s.name === 'sibyl_lat_seconds_bucket').map((s) => s.value);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!).toBeGreaterThanOrEqual(buckets[i - 1]!);
    expect(buckets.at(-1)).toBe(1000);
  });
});
