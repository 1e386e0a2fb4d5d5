/**
 * One scrape of one node's /metrics, indexed by metric name, with the few questions the
 * dashboard asks of it: the sum of a family's samples whose labels match, the values by one
 * label, and a histogram's cumulative buckets summed over the matching series (how
 * Prometheus' `sum by (le)` prepares a histogram_quantile).
 */

import { assert } from '../lib/assert.js';
import type { CumulativeBucket } from './metric-rates.js';
import { parsePrometheusText, type PrometheusSample, type SampleLabels } from './prometheus-parser.js';

export class MetricsScrape {
  private readonly byName = new Map<string, PrometheusSample[]>();

  constructor(
    samples: readonly PrometheusSample[],
    /** When the scrape was answered, in ms of the dashboard's clock. */
    readonly atMs: number,
  ) {
    for (const sample of samples) {
      let list = this.byName.get(sample.name);
      if (list === undefined) this.byName.set(sample.name, (list = []));
      list.push(sample);
    }
  }

  static parse(text: string, atMs: number): MetricsScrape {
    return new MetricsScrape(parsePrometheusText(text), atMs);
  }

  samples(name: string, match: SampleLabels = {}): PrometheusSample[] {
    return (this.byName.get(name) ?? []).filter((s) => matches(s.labels, match));
  }

  /** The sum over matching samples, NaN ones left out; 0 when none match. */
  sum(name: string, match: SampleLabels = {}): number {
    return this.samples(name, match).reduce((n, s) => (Number.isNaN(s.value) ? n : n + s.value), 0);
  }

  /** The first matching sample's value; null when none matches or it is NaN (nothing measured yet). */
  value(name: string, match: SampleLabels = {}): number | null {
    const value = this.samples(name, match)[0]?.value;
    return value === undefined || Number.isNaN(value) ? null : value;
  }

  /** Matching samples summed by the value of `label` (a sample without it is left out). */
  sumBy(name: string, label: string, match: SampleLabels = {}): Map<string, number> {
    const sums = new Map<string, number>();
    for (const s of this.samples(name, match)) {
      const key = s.labels[label];
      if (key === undefined || Number.isNaN(s.value)) continue;
      sums.set(key, (sums.get(key) ?? 0) + s.value);
    }
    return sums;
  }

  /** A histogram's `<name>_bucket` series summed by `le`, in ascending bound order, +Inf last. */
  buckets(name: string, match: SampleLabels = {}): CumulativeBucket[] {
    const byBound = new Map<number, number>();
    for (const s of this.samples(`${name}_bucket`, match)) {
      const le = s.labels['le'];
      assert(le !== undefined, `${name}_bucket sample without le`);
      const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
      byBound.set(bound, (byBound.get(bound) ?? 0) + s.value);
    }
    return [...byBound].sort(([a], [b]) => a - b).map(([le, count]) => ({ le, count }));
  }
}

function matches(labels: SampleLabels, match: SampleLabels): boolean {
  for (const key in match) if (labels[key] !== match[key]) return false;
  return true;
}
