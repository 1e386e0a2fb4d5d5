/**
 * Metric families in the Prometheus text exposition format, version 0.0.4 (the format every
 * Prometheus server scrapes; served as `text/plain; version=0.0.4; charset=utf-8`):
 *
 *   # HELP sibyl_client_requests_total Requests this node coordinated.
 *   # TYPE sibyl_client_requests_total counter
 *   sibyl_client_requests_total{node="127.0.0.1",operation="write",consistency="QUORUM"} 50
 *   # TYPE sibyl_client_request_latency_seconds histogram
 *   sibyl_client_request_latency_seconds_bucket{...,le="0.0001"} 3      cumulative counts,
 *   sibyl_client_request_latency_seconds_bucket{...,le="+Inf"} 50       the last one = count
 *   sibyl_client_request_latency_seconds_sum{...} 0.0123
 *   sibyl_client_request_latency_seconds_count{...} 50
 *
 * Label values escape backslash, double quote and line feed; help text escapes backslash and
 * line feed; values are Go-style floats (NaN, +Inf, -Inf). A family appears once, with all
 * its samples together, and a family without samples still says what it is.
 */

import { assert } from '../../lib/assert.js';
import type { HistogramSnapshot, Labels, MetricFamily } from './metric-family.js';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function formatPrometheusText(families: readonly MetricFamily[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const family of families) {
    assert(METRIC_NAME.test(family.name), `bad metric name ${family.name}`);
    assert(!seen.has(family.name), `metric family ${family.name} appears twice`);
    seen.add(family.name);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    if (family.type === 'histogram') {
      for (const sample of family.samples) lines.push(...histogramLines(family.name, sample.labels, sample.snapshot));
    } else {
      for (const sample of family.samples) lines.push(`${family.name}${formatLabels(sample.labels)} ${formatValue(sample.value)}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function histogramLines(name: string, labels: Labels, snapshot: HistogramSnapshot): string[] {
  assert(!('le' in labels), `histogram ${name} cannot have a label named le`);
  assert(snapshot.counts.length === snapshot.bounds.length + 1, `histogram ${name}: one count per bucket and one above`);
  const lines: string[] = [];
  let cumulative = 0;
  snapshot.bounds.forEach((bound, i) => {
    cumulative += snapshot.counts[i]!;
    lines.push(`${name}_bucket${formatLabels({ ...labels, le: formatValue(bound) })} ${cumulative}`);
  });
  cumulative += snapshot.counts[snapshot.bounds.length]!;
  assert(cumulative === snapshot.count, `histogram ${name}: buckets hold ${cumulative}, count is ${snapshot.count}`);
  lines.push(`${name}_bucket${formatLabels({ ...labels, le: '+Inf' })} ${snapshot.count}`);
  lines.push(`${name}_sum${formatLabels(labels)} ${formatValue(snapshot.sum)}`);
  lines.push(`${name}_count${formatLabels(labels)} ${snapshot.count}`);
  return lines;
}

function formatLabels(labels: Labels): string {
  const names = Object.keys(labels);
  if (names.length === 0) return '';
  const pairs = names.map((label) => {
    assert(LABEL_NAME.test(label) && !label.startsWith('__'), `bad label name ${label}`);
    return `${label}="${escapeLabelValue(labels[label]!)}"`;
  });
  return `{${pairs.join(',')}}`;
}

/** A sample value as Prometheus parses it (Go's ParseFloat, with its spellings of the specials). */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
