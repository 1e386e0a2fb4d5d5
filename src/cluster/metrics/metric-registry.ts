/**
 * The metrics a component updates as it works (counters, gauges, latency histograms), each a
 * family of cells by label values. A caller on a hot path looks a cell up once and keeps it
 * (`family.cell(labels)` returns the same object each time), so recording is one increment.
 * `collect()` turns the registry into families for the text format, latency histograms with a
 * companion gauge family of estimated quantiles.
 */

import { assert } from '../../lib/assert.js';
import { LATENCY_BUCKETS_SECONDS } from './exponential-buckets.js';
import { LatencyHistogram } from './latency-histogram.js';
import type { HistogramSample, Labels, MetricFamily, ScalarSample } from './metric-family.js';

/** The quantiles every latency histogram reports (Cassandra's p50, p95, p99, p999). */
export const REPORTED_QUANTILES: readonly number[] = [0.5, 0.95, 0.99, 0.999];

export class Counter {
  private total = 0;

  inc(by = 1): void {
    if (!(by >= 0)) assert(false, `a counter only goes up (by ${by})`);
    this.total += by;
  }

  get value(): number {
    return this.total;
  }
}

export class Gauge {
  value = 0;

  set(value: number): void {
    this.value = value;
  }
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Cells of one metric by label values, in the order they were first used. */
export class MetricCells<T> {
  private readonly cells = new Map<string, { readonly labels: Labels; readonly cell: T }>();

  constructor(private readonly make: () => T) {}

  cell(labels: Labels = {}): T {
    const key = labelKey(labels);
    let entry = this.cells.get(key);
    if (entry === undefined) this.cells.set(key, (entry = { labels: { ...labels }, cell: this.make() }));
    return entry.cell;
  }

  entries(): Array<{ readonly labels: Labels; readonly cell: T }> {
    return [...this.cells.values()];
  }
}

interface HistogramEntry {
  readonly help: string;
  readonly cells: MetricCells<LatencyHistogram>;
  /** The gauge family of estimated quantiles, or null for none. */
  readonly quantileName: string | null;
}

export class MetricRegistry {
  private readonly counters = new Map<string, { readonly help: string; readonly cells: MetricCells<Counter> }>();
  private readonly gauges = new Map<string, { readonly help: string; readonly cells: MetricCells<Gauge> }>();
  private readonly histograms = new Map<string, HistogramEntry>();

  counter(name: string, help: string): MetricCells<Counter> {
    return this.family(this.counters, name, () => ({ help, cells: new MetricCells(() => new Counter()) })).cells;
  }

  gauge(name: string, help: string): MetricCells<Gauge> {
    return this.family(this.gauges, name, () => ({ help, cells: new MetricCells(() => new Gauge()) })).cells;
  }

  /** A latency histogram family in seconds; `quantileName` also reports REPORTED_QUANTILES as gauges. */
  latency(name: string, help: string, quantileName: string | null = null, bounds: readonly number[] = LATENCY_BUCKETS_SECONDS): MetricCells<LatencyHistogram> {
    if (quantileName !== null) assert(METRIC_NAME.test(quantileName), `bad metric name ${quantileName}`);
    return this.family(this.histograms, name, () => ({ help, quantileName, cells: new MetricCells(() => new LatencyHistogram(bounds)) })).cells;
  }

  collect(): MetricFamily[] {
    const families: MetricFamily[] = [];
    for (const [name, { help, cells }] of this.counters) {
      families.push({ type: 'counter', name, help, samples: cells.entries().map(({ labels, cell }) => ({ labels, value: cell.value })) });
    }
    for (const [name, { help, cells }] of this.gauges) {
      families.push({ type: 'gauge', name, help, samples: cells.entries().map(({ labels, cell }) => ({ labels, value: cell.value })) });
    }
    for (const [name, { help, cells, quantileName }] of this.histograms) {
      const entries = cells.entries();
      const samples: HistogramSample[] = entries.map(({ labels, cell }) => ({ labels, snapshot: cell.snapshot() }));
      families.push({ type: 'histogram', name, help, samples });
      if (quantileName === null) continue;
      const quantiles: ScalarSample[] = entries.flatMap(({ labels, cell }) =>
        REPORTED_QUANTILES.map((q) => ({ labels: { ...labels, quantile: String(q) }, value: cell.quantile(q) })),
      );
      families.push({ type: 'gauge', name: quantileName, help: `${help} (estimated quantiles)`, samples: quantiles });
    }
    return families;
  }

  private family<E>(families: Map<string, E>, name: string, make: () => E): E {
    assert(METRIC_NAME.test(name), `bad metric name ${name}`);
    let family = families.get(name);
    if (family === undefined) {
      assert(!this.counters.has(name) && !this.gauges.has(name) && !this.histograms.has(name), `metric ${name} registered with another type`);
      families.set(name, (family = make()));
    }
    return family;
  }
}

/** Label values in a key that does not depend on the order the labels were written in. */
function labelKey(labels: Labels): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}
