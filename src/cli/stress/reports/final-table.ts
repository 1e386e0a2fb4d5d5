/**
 * The results of a phase: one row per operation kind and a total, with the whole phase's
 * rate and HDR percentiles, then the errors by Cassandra error code and the time taken.
 *
 *   Results (run):
 *   op       count     op/s  mean ms  p50 ms  p95 ms  p99 ms  p999 ms  max ms  errors
 *   WRITE   20,000   31,204     1.98    1.71    3.95    6.61     11.8    14.2       0
 *   total   20,000   31,204     1.98    1.71    3.95    6.61     11.8    14.2       0
 *   Errors: none
 *   Total operation time: 00:00:01 (0.64 s)
 */

import type { LatencyStats } from '../metrics/latency-stats.js';
import { textTable } from '../../nodetool/text-table.js';
import { formatClock, formatCount, formatMs } from './number-format.js';
import type { PhaseResult } from './phase-result.js';

const HEADER = ['op', 'count', 'op/s', 'mean ms', 'p50 ms', 'p95 ms', 'p99 ms', 'p999 ms', 'max ms', 'errors'];

export function finalTable(phase: PhaseResult): string {
  const { totals } = phase;
  const rows = [HEADER, ...totals.kinds.map(({ kind, stats }) => row(kind, stats)), row('total', totals.total)];
  const errors = totals.errors.length === 0 ? 'none' : totals.errors.map(({ error, count }) => `${error}: ${formatCount(count)}`).join(', ');
  return [
    `Results (${phase.name}):`,
    ...textTable(rows, 1),
    `Errors: ${errors}`,
    `Total operation time: ${formatClock(totals.elapsedS)} (${totals.elapsedS.toFixed(2)} s)`,
    '',
  ].join('\n');
}

function row(name: string, stats: LatencyStats): string[] {
  return [
    name,
    formatCount(stats.operations),
    formatCount(stats.opsPerSecond),
    formatMs(stats.meanMs),
    formatMs(stats.p50Ms),
    formatMs(stats.p95Ms),
    formatMs(stats.p99Ms),
    formatMs(stats.p999Ms),
    formatMs(stats.maxMs),
    formatCount(stats.errors),
  ];
}
