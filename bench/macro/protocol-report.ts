/**
 * The protocol benchmark's report: per target, operation and load, the median of each measure
 * over the runs; ratios to the null server's median rate at the same operation and concurrency;
 * and each target's goal (issue 5) checked against those medians.
 *
 *   target        op      in flight   ops/s    p50      p99     p999   x null  client  server  loop  failed
 *   1 node, RF 1  INSERT         64  20,000  3.1 ms  9.0 ms  14.0 ms   0.40    0.95    1.40  0.92       0
 *
 * client and server are CPU cores used over the phase (the server's include its storage
 * workers); loop is the server main thread's event-loop utilization, where requests are decoded
 * (time the thread waited for a core on a busy machine counts as used). Failed requests (timed
 * out, or answered with an error) are summed over the runs, and any fails the target's goal.
 */

import { median } from '../lib/stats.js';
import type { PhaseResult, ProtocolOperation } from './protocol-messages.js';

/** What a target should reach (issue 5's Speed section). */
export interface ProtocolGoal {
  /** Each closed-loop rate at least this fraction of the null server's. */
  readonly minNullRatio: number;
  /** The p99 at half the maximum rate below this, for every operation. */
  readonly halfRateP99MaxMs?: number;
}

export interface TargetRuns {
  readonly label: string;
  readonly isNull: boolean;
  readonly goal: ProtocolGoal | null;
  /** One list of phases per run. */
  readonly runs: readonly (readonly PhaseResult[])[];
}

export interface PhaseSummary {
  readonly target: string;
  readonly operation: ProtocolOperation;
  /** null: the fixed-rate phase at half the maximum rate. */
  readonly concurrency: number | null;
  readonly runs: number;
  readonly ratePerS: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  /** Median rate over the null server's median rate at the same operation and concurrency. */
  readonly nullRatio: number | null;
  readonly clientCores: number;
  readonly serverCores: number;
  readonly serverLoop: number;
  /** Failed requests summed over the runs (not a median: any failure matters). */
  readonly failures: number;
}

export interface GoalCheck {
  readonly target: string;
  readonly goal: ProtocolGoal;
  /** The lowest closed-loop ratio to the null server (null when the null server did not run). */
  readonly worstNullRatio: number | null;
  /** The highest p99 at half rate over the operations. */
  readonly worstHalfRateP99Ms: number | null;
  /** Failed requests over all its phases and runs; a target with any has not met its goal. */
  readonly failures: number;
  readonly met: boolean;
}

/** Medians per (target, operation, concurrency), in the order the first run measured them. */
export function summarizeProtocolRuns(targets: readonly TargetRuns[]): PhaseSummary[] {
  const rows = targets.flatMap((target) => summarizeTarget(target));
  const nullRates = new Map(rows.filter((row) => targets.find((t) => t.label === row.target)?.isNull === true).map((row) => [phaseKey(row), row.ratePerS]));
  return rows.map((row) => {
    const nullRate = nullRates.get(phaseKey(row));
    return { ...row, nullRatio: row.concurrency === null || nullRate === undefined ? null : row.ratePerS / nullRate };
  });
}

function summarizeTarget(target: TargetRuns): PhaseSummary[] {
  const groups = new Map<string, PhaseResult[]>();
  for (const run of target.runs) {
    for (const phase of run) {
      const key = phaseKey(phase);
      const group = groups.get(key) ?? [];
      group.push(phase);
      groups.set(key, group);
    }
  }
  return [...groups.values()].map((phases) => ({
    target: target.label,
    operation: phases[0]!.operation,
    concurrency: phases[0]!.concurrency,
    runs: phases.length,
    ratePerS: median(phases.map((p) => p.ratePerS)),
    p50Ms: median(phases.map((p) => p.p50Ms)),
    p99Ms: median(phases.map((p) => p.p99Ms)),
    p999Ms: median(phases.map((p) => p.p999Ms)),
    nullRatio: null,
    clientCores: median(phases.map((p) => p.clientCores)),
    serverCores: median(phases.map((p) => p.serverCores)),
    serverLoop: median(phases.map((p) => p.serverLoop)),
    failures: phases.reduce((sum, p) => sum + p.failures, 0),
  }));
}

function phaseKey(phase: { readonly operation: ProtocolOperation; readonly concurrency: number | null }): string {
  return `${phase.operation} ${phase.concurrency ?? 'half'}`;
}

/** Each goal against the medians: every closed-loop ratio and every half-rate p99 must pass, with no request failed. */
export function checkGoals(targets: readonly TargetRuns[], summary: readonly PhaseSummary[]): GoalCheck[] {
  const checks: GoalCheck[] = [];
  for (const target of targets) {
    if (target.goal === null) continue;
    const rows = summary.filter((row) => row.target === target.label);
    const ratios = rows.flatMap((row) => (row.nullRatio === null ? [] : [row.nullRatio]));
    const halfP99s = rows.filter((row) => row.concurrency === null).map((row) => row.p99Ms);
    const worstNullRatio = ratios.length === 0 ? null : Math.min(...ratios);
    const worstHalfRateP99Ms = halfP99s.length === 0 ? null : Math.max(...halfP99s);
    const failures = rows.reduce((sum, row) => sum + row.failures, 0);
    const { goal } = target;
    const ratioMet = worstNullRatio !== null && worstNullRatio >= goal.minNullRatio;
    const p99Met = goal.halfRateP99MaxMs === undefined || (worstHalfRateP99Ms !== null && worstHalfRateP99Ms < goal.halfRateP99MaxMs);
    checks.push({ target: target.label, goal, worstNullRatio, worstHalfRateP99Ms, failures, met: ratioMet && p99Met && failures === 0 });
  }
  return checks;
}

/** The closed-loop table (header first). */
export function formatThroughputTable(summary: readonly PhaseSummary[]): string[][] {
  const table = [['target', 'op', 'in flight', 'ops/s', 'p50', 'p99', 'p999', 'x null', 'client cores', 'server cores', 'server loop', 'failed']];
  for (const row of summary) {
    if (row.concurrency === null) continue;
    table.push([row.target, row.operation, String(row.concurrency), count(row.ratePerS), ms(row.p50Ms), ms(row.p99Ms), ms(row.p999Ms), row.nullRatio === null ? '-' : row.nullRatio.toFixed(2), row.clientCores.toFixed(2), row.serverCores.toFixed(2), row.serverLoop.toFixed(2), count(row.failures)]);
  }
  return table;
}

/** The half-rate table (header first): latency from the intended send time. */
export function formatHalfRateTable(summary: readonly PhaseSummary[]): string[][] {
  const table = [['target', 'op', 'rate ops/s', 'p50', 'p99', 'p999', 'client cores', 'server cores', 'server loop', 'failed']];
  for (const row of summary) {
    if (row.concurrency !== null) continue;
    table.push([row.target, row.operation, count(row.ratePerS), ms(row.p50Ms), ms(row.p99Ms), ms(row.p999Ms), row.clientCores.toFixed(2), row.serverCores.toFixed(2), row.serverLoop.toFixed(2), count(row.failures)]);
  }
  return table;
}

/** One line per goal: what was asked, what was measured, met or not. */
export function formatGoalLines(checks: readonly GoalCheck[]): string[] {
  return checks.map((check) => {
    const asked = [`>= ${check.goal.minNullRatio}x null`];
    const measured = [`worst ${check.worstNullRatio === null ? '-' : `${check.worstNullRatio.toFixed(2)}x`}`];
    if (check.goal.halfRateP99MaxMs !== undefined) {
      asked.push(`p99 < ${check.goal.halfRateP99MaxMs} ms at half rate`);
      measured.push(`worst p99 ${check.worstHalfRateP99Ms === null ? '-' : ms(check.worstHalfRateP99Ms)}`);
    }
    if (check.failures > 0) measured.push(`${count(check.failures)} failed requests`);
    return `${check.target}: goal ${asked.join(', ')}; measured ${measured.join(', ')}: ${check.met ? 'met' : 'NOT met'}`;
  });
}

/** Columns padded to their widest cell; the first left-aligned, the rest right-aligned. */
export function renderTable(table: readonly (readonly string[])[]): string {
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return table.map((row) => `${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}\n`).join('');
}

function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}
