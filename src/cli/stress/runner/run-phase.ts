/**
 * One phase of a run, with its reports: the load loop runs while a timer closes an interval
 * every `intervalMs` and shows it (a progress bar on a terminal, interval lines otherwise);
 * when the loop ends, the last partial interval is closed and the phase's totals taken.
 */

import { LatencyRecorder, type IntervalStats } from '../metrics/latency-recorder.js';
import type { StressSettings } from '../options/stress-settings.js';
import { IntervalLines } from '../reports/interval-lines.js';
import type { PhaseResult } from '../reports/phase-result.js';
import { progressLine } from '../reports/progress-line.js';
import type { StressPhase } from '../workloads/stress-workload.js';
import type { StopRequest } from './load-plan.js';
import { runLoad } from './run-load.js';
import { systemStressClock } from './stress-clock.js';

export interface PhaseOutput {
  /** Interval lines and the final table. */
  write(text: string): void;
  /** Whether output is a terminal: a progress bar instead of interval lines. */
  readonly isTTY: boolean;
}

export async function runPhase(phase: StressPhase, settings: StressSettings, stop: StopRequest, output: PhaseOutput): Promise<PhaseResult> {
  const clock = systemStressClock;
  const runStartMs = clock.nowMs();
  const recorder = new LatencyRecorder(phase.kinds, runStartMs);
  const intervals: IntervalStats[] = [];
  const lines = new IntervalLines(phase.kinds);
  let errorsSoFar = 0;
  const show = (interval: IntervalStats): void => {
    errorsSoFar += interval.total.errors;
    if (output.isTTY) output.write(progressLine(phase.length, recorder.operationsSoFar(), errorsSoFar, interval));
    else output.write(lines.lines(interval));
  };
  if (!output.isTTY) output.write(lines.header());
  const timer = setInterval(() => {
    const interval = recorder.closeInterval(clock.nowMs(), runStartMs);
    intervals.push(interval);
    show(interval);
  }, settings.intervalMs);
  let outcome;
  try {
    outcome = await runLoad({ source: phase.source, recorder, length: phase.length, clock, stop }, settings.rate);
  } finally {
    clearInterval(timer);
  }
  const last = recorder.closeInterval(clock.nowMs(), runStartMs);
  // A sliver of an interval after the last tick says little about rate; it is kept for the
  // totals, and shown only when it holds operations.
  if (last.total.operations + last.total.errors > 0) {
    intervals.push(last);
    show(last);
  }
  if (output.isTTY) output.write('\n');
  return { name: phase.name, kinds: phase.kinds, intervals, totals: recorder.runStats(outcome.elapsedMs) };
}
