/**
 * The lines printed every interval when output is not a terminal, as cassandra-stress prints
 * them: one per operation kind when there are several, then `total`, with the running count,
 * the interval's rate and latency percentiles (ms), the time and the interval's errors.
 *
 *   type,   total ops,   op/s,  mean,   med,   .95,   .99,  .999,   max,  time, errors
 *   WRITE,      24816,  24816,  2.52,  2.21,  4.71,  7.90,  14.1,  16.8,   1.0,      0
 */

import type { IntervalStats } from '../metrics/latency-recorder.js';
import type { LatencyStats } from '../metrics/latency-stats.js';
import { formatMs } from './number-format.js';

/** Widths of the number columns; the type column fits the longest kind name. */
const WIDTHS = [11, 8, 7, 7, 7, 7, 7, 7, 7, 7] as const;
const TYPE_WIDTH_MIN = 8;
const SEPARATOR = ', ';
const HEADER = ['type', 'total ops', 'op/s', 'mean', 'med', '.95', '.99', '.999', 'max', 'time', 'errors'];

export class IntervalLines {
  private readonly totals = new Map<string, number>();
  private readonly typeWidth: number;

  constructor(private readonly kinds: readonly string[]) {
    this.typeWidth = Math.max(TYPE_WIDTH_MIN, ...kinds.map((kind) => kind.length + 2));
  }

  header(): string {
    return this.formatRow(HEADER);
  }

  /** The interval's lines, each ending in a newline. */
  lines(interval: IntervalStats): string {
    let text = '';
    if (this.kinds.length > 1) for (const { kind, stats } of interval.kinds) text += this.line(kind, stats, interval.endS);
    return text + this.line('total', interval.total, interval.endS);
  }

  private line(type: string, stats: LatencyStats, endS: number): string {
    const total = (this.totals.get(type) ?? 0) + stats.operations;
    this.totals.set(type, total);
    const cells = [type, String(total), String(Math.round(stats.opsPerSecond)), formatMs(stats.meanMs), formatMs(stats.p50Ms), formatMs(stats.p95Ms), formatMs(stats.p99Ms), formatMs(stats.p999Ms), formatMs(stats.maxMs), endS.toFixed(1), String(stats.errors)];
    return this.formatRow(cells);
  }

  private formatRow(cells: readonly string[]): string {
    const [type, ...numbers] = cells;
    return `${`${type},`.padEnd(this.typeWidth)}${numbers.map((cell, c) => cell.padStart(WIDTHS[c]!)).join(SEPARATOR)}\n`;
  }
}
