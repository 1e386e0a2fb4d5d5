/**
 * What one scrape of a node's metrics is made of, before it is written out: families of
 * samples, each family one metric name with its type and help text (Prometheus' data model).
 * Collectors build these as plain data; prometheus-text.ts writes them in the text format.
 */

/** Label names to values; the writer sorts nothing, so collectors give a stable order. */
export type Labels = Readonly<Record<string, string>>;

export interface ScalarSample {
  readonly labels: Labels;
  readonly value: number;
}

/**
 * A histogram's state: `counts[i]` observations in (bounds[i-1], bounds[i]] (not cumulative),
 * and `counts[bounds.length]` those above the last bound (+Inf).
 */
export interface HistogramSnapshot {
  readonly bounds: readonly number[];
  readonly counts: readonly number[];
  readonly sum: number;
  readonly count: number;
}

export interface HistogramSample {
  readonly labels: Labels;
  readonly snapshot: HistogramSnapshot;
}

export type MetricFamily =
  | { readonly type: 'counter' | 'gauge'; readonly name: string; readonly help: string; readonly samples: readonly ScalarSample[] }
  | { readonly type: 'histogram'; readonly name: string; readonly help: string; readonly samples: readonly HistogramSample[] };

/** The family with `extra` labels put first on every sample (a node's `node` label). */
export function withLabels(family: MetricFamily, extra: Labels): MetricFamily {
  if (family.type === 'histogram') {
    return { ...family, samples: family.samples.map((s) => ({ labels: { ...extra, ...s.labels }, snapshot: s.snapshot })) };
  }
  return { ...family, samples: family.samples.map((s) => ({ labels: { ...extra, ...s.labels }, value: s.value })) };
}

export function gaugeFamily(name: string, help: string, samples: readonly ScalarSample[]): MetricFamily {
  return { type: 'gauge', name, help, samples };
}

export function counterFamily(name: string, help: string, samples: readonly ScalarSample[]): MetricFamily {
  return { type: 'counter', name, help, samples };
}
