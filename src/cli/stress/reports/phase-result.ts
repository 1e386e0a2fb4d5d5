/** What one phase of a run measured: every interval and the totals, for the reports. */

import type { IntervalStats, RunStats } from '../metrics/latency-recorder.js';

export interface PhaseResult {
  readonly name: string;
  readonly kinds: readonly string[];
  readonly intervals: readonly IntervalStats[];
  readonly totals: RunStats;
}
