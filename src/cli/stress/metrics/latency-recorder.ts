/**
 * Latencies of a run in HDR histograms (microseconds, 3 significant digits): one per operation
 * kind for the current interval, folded into that kind's run total when the interval closes
 * (so each operation is recorded once, not twice), and merged across kinds for the `total`
 * line. Errors are counted per kind and by error (errorKeyOf); a failed operation's time is not
 * a latency.
 */

import { build, type Histogram } from 'hdr-histogram-js';
import { assert } from '../../../lib/assert.js';
import { errorKeyOf } from './error-names.js';
import { latencyStatsOf, type LatencyStats } from './latency-stats.js';

export interface KindStats {
  readonly kind: string;
  readonly stats: LatencyStats;
}

export interface IntervalStats {
  /** Seconds since the run began, at the interval's end. */
  readonly endS: number;
  readonly kinds: readonly KindStats[];
  readonly total: LatencyStats;
}

export interface RunStats {
  readonly elapsedS: number;
  readonly kinds: readonly KindStats[];
  readonly total: LatencyStats;
  /** Failed operations by error (`0x1100 WriteTimeout`: 3), most frequent first. */
  readonly errors: readonly { readonly error: string; readonly count: number }[];
}

const SIGNIFICANT_DIGITS = 3;

export class LatencyRecorder {
  private readonly interval: Histogram[];
  private readonly intervalSumMicros: Float64Array;
  private readonly intervalErrors: number[];
  private readonly total: Histogram[];
  private readonly totalSumMicros: Float64Array;
  private readonly totalErrors: number[];
  private readonly errorCounts = new Map<string, number>();
  private readonly scratch = newHistogram();
  private intervalStartMs: number;

  constructor(
    readonly kinds: readonly string[],
    startMs: number,
  ) {
    assert(kinds.length > 0, 'a recorder needs an operation kind');
    this.interval = kinds.map(newHistogram);
    this.total = kinds.map(newHistogram);
    this.intervalSumMicros = new Float64Array(kinds.length);
    this.totalSumMicros = new Float64Array(kinds.length);
    this.intervalErrors = kinds.map(() => 0);
    this.totalErrors = kinds.map(() => 0);
    this.intervalStartMs = startMs;
  }

  /** An answered operation of kind `kind` that took `latencyMs` (at least 1 µs is recorded). */
  record(kind: number, latencyMs: number): void {
    const micros = Math.max(1, Math.round(latencyMs * 1000));
    this.interval[kind]!.recordValue(micros);
    this.intervalSumMicros[kind]! += micros;
  }

  recordError(kind: number, error: unknown): void {
    this.intervalErrors[kind]!++;
    const key = errorKeyOf(error);
    this.errorCounts.set(key, (this.errorCounts.get(key) ?? 0) + 1);
  }

  /** Operations recorded so far, answered or failed (for progress). */
  operationsSoFar(): number {
    let count = 0;
    for (let k = 0; k < this.kinds.length; k++) {
      count += this.interval[k]!.totalCount + this.total[k]!.totalCount + this.intervalErrors[k]! + this.totalErrors[k]!;
    }
    return count;
  }

  /** Ends the current interval at `nowMs` (`runStartMs` for its time stamp): its stats, then it joins the totals. */
  closeInterval(nowMs: number, runStartMs: number): IntervalStats {
    const elapsedMs = nowMs - this.intervalStartMs;
    this.intervalStartMs = nowMs;
    this.scratch.reset();
    let errors = 0;
    let sumMicros = 0;
    const kinds = this.kinds.map((kind, k) => {
      const histogram = this.interval[k]!;
      const stats = latencyStatsOf(histogram, this.intervalSumMicros[k]!, this.intervalErrors[k]!, elapsedMs);
      this.scratch.add(histogram);
      this.total[k]!.add(histogram);
      this.totalSumMicros[k]! += this.intervalSumMicros[k]!;
      this.totalErrors[k]! += this.intervalErrors[k]!;
      sumMicros += this.intervalSumMicros[k]!;
      errors += this.intervalErrors[k]!;
      histogram.reset();
      this.intervalSumMicros[k] = 0;
      this.intervalErrors[k] = 0;
      return { kind, stats };
    });
    return { endS: (nowMs - runStartMs) / 1000, kinds, total: latencyStatsOf(this.scratch, sumMicros, errors, elapsedMs) };
  }

  /** The whole run's stats; call after the last closeInterval. */
  runStats(elapsedMs: number): RunStats {
    this.scratch.reset();
    let errors = 0;
    let sumMicros = 0;
    const kinds = this.kinds.map((kind, k) => {
      this.scratch.add(this.total[k]!);
      errors += this.totalErrors[k]!;
      sumMicros += this.totalSumMicros[k]!;
      return { kind, stats: latencyStatsOf(this.total[k]!, this.totalSumMicros[k]!, this.totalErrors[k]!, elapsedMs) };
    });
    const byCount = [...this.errorCounts].sort((a, b) => b[1] - a[1]).map(([error, count]) => ({ error, count }));
    return { elapsedS: elapsedMs / 1000, kinds, total: latencyStatsOf(this.scratch, sumMicros, errors, elapsedMs), errors: byCount };
  }
}

function newHistogram(): Histogram {
  return build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: SIGNIFICANT_DIGITS });
}
