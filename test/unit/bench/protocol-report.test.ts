/**
 * Goal: the protocol benchmark reports medians over runs, ratios to the null server at the same
 * operation and concurrency, and judges each target's goal from those numbers alone.
 * Method: hand-made phase results of three runs fed to the report.
 */

import { describe, expect, it } from 'vitest';
import type { PhaseResult, ProtocolOperation } from '../../../bench/macro/protocol-messages.js';
import { checkGoals, formatGoalLines, formatHalfRateTable, formatThroughputTable, renderTable, summarizeProtocolRuns, type TargetRuns } from '../../../bench/macro/protocol-report.js';

function phase(operation: ProtocolOperation, concurrency: number | null, ratePerS: number, p99Ms = 5, failures = 0): PhaseResult {
  return { operation, concurrency, operations: 1000, ratePerS, p50Ms: 1, p99Ms, p999Ms: p99Ms * 2, clientCores: 0.9, serverCores: 1.2, serverLoop: 0.8, failures, firstFailure: failures === 0 ? null : 'OperationTimedOutError' };
}

/** One run: INSERT and SELECT at 64 and 256, then each at half rate. */
function run(insert64: number, insert256: number, select64: number, select256: number, halfP99Ms = 5): PhaseResult[] {
  return [
    phase('INSERT', 64, insert64),
    phase('INSERT', 256, insert256),
    phase('INSERT', null, insert256 / 2, halfP99Ms),
    phase('SELECT', 64, select64),
    phase('SELECT', 256, select256),
    phase('SELECT', null, select256 / 2, halfP99Ms),
  ];
}

const nullServer: TargetRuns = { label: 'null server', isNull: true, goal: null, runs: [run(100, 200, 100, 200), run(120, 220, 110, 210), run(80, 180, 90, 190)] };

describe('summarizeProtocolRuns', () => {
  it('takes the median of each measure and divides rates by the null server at the same operation and concurrency', () => {
    const oneNode: TargetRuns = { label: '1 node', isNull: false, goal: { minNullRatio: 0.5 }, runs: [run(50, 60, 40, 100), run(70, 150, 55, 90), run(10, 100, 60, 110)] };
    const summary = summarizeProtocolRuns([oneNode, nullServer]);
    const row = (target: string, operation: ProtocolOperation, concurrency: number | null) => summary.find((r) => r.target === target && r.operation === operation && r.concurrency === concurrency)!;
    expect(summary).toHaveLength(12);
    expect(row('null server', 'INSERT', 64).ratePerS).toBe(100);
    expect(row('1 node', 'INSERT', 64).ratePerS).toBe(50);
    expect(row('1 node', 'INSERT', 64).nullRatio).toBeCloseTo(0.5);
    expect(row('1 node', 'INSERT', 256).nullRatio).toBeCloseTo(100 / 200);
    expect(row('1 node', 'SELECT', 64).nullRatio).toBeCloseTo(55 / 100);
    expect(row('1 node', 'SELECT', 256).nullRatio).toBeCloseTo(100 / 200);
    expect(row('null server', 'SELECT', 256).nullRatio).toBe(1);
    expect(row('1 node', 'INSERT', null).nullRatio).toBeNull();
    expect(row('1 node', 'INSERT', 64).runs).toBe(3);
  });

  it('leaves ratios out when the null server did not run', () => {
    const alone: TargetRuns = { label: '1 node', isNull: false, goal: { minNullRatio: 0.5 }, runs: [run(50, 60, 40, 100)] };
    const summary = summarizeProtocolRuns([alone]);
    expect(summary.every((r) => r.nullRatio === null)).toBe(true);
    expect(checkGoals([alone], summary)[0]!.met).toBe(false);
  });
});

describe('checkGoals', () => {
  it('passes a target only when its worst ratio and its worst half-rate p99 pass', () => {
    const fast: TargetRuns = { label: 'fast', isNull: false, goal: { minNullRatio: 0.25, halfRateP99MaxMs: 10 }, runs: [run(50, 60, 40, 100, 9)] };
    const slowTail: TargetRuns = { label: 'slow tail', isNull: false, goal: { minNullRatio: 0.25, halfRateP99MaxMs: 10 }, runs: [run(50, 60, 40, 100, 12)] };
    const slow: TargetRuns = { label: 'slow', isNull: false, goal: { minNullRatio: 0.25 }, runs: [run(50, 40, 40, 100)] };
    const targets = [fast, slowTail, slow, nullServer];
    const checks = checkGoals(targets, summarizeProtocolRuns(targets));
    expect(checks.map((c) => [c.target, c.met])).toEqual([
      ['fast', true],
      ['slow tail', false],
      ['slow', false],
    ]);
    expect(checks[0]!.worstNullRatio).toBeCloseTo(60 / 200);
    expect(checks[1]!.worstHalfRateP99Ms).toBe(12);
    expect(checks[2]!.worstNullRatio).toBeCloseTo(40 / 200);
    expect(formatGoalLines(checks)[2]).toBe('slow: goal >= 0.25x null; measured worst 0.20x: NOT met');
  });

  it('fails a target any of whose requests failed, in any run, summing them', () => {
    const failing = [...run(50, 60, 40, 100)];
    failing[5] = phase('SELECT', null, 50, 5, 2);
    const flaky: TargetRuns = { label: 'flaky', isNull: false, goal: { minNullRatio: 0.25 }, runs: [run(50, 60, 40, 100), failing, failing] };
    const targets = [flaky, nullServer];
    const summary = summarizeProtocolRuns(targets);
    expect(summary.find((r) => r.target === 'flaky' && r.operation === 'SELECT' && r.concurrency === null)!.failures).toBe(4);
    const [check] = checkGoals(targets, summary);
    expect(check!.worstNullRatio).toBeCloseTo(60 / 200);
    expect(check!.met).toBe(false);
    expect(formatGoalLines([check!])[0]).toBe('flaky: goal >= 0.25x null; measured worst 0.30x, 4 failed requests: NOT met');
  });
});

describe('the tables', () => {
  it('put closed-loop phases in one table and half-rate phases in the other, aligned', () => {
    const summary = summarizeProtocolRuns([nullServer]);
    const throughput = formatThroughputTable(summary);
    const halfRate = formatHalfRateTable(summary);
    expect(throughput).toHaveLength(1 + 4);
    expect(halfRate).toHaveLength(1 + 2);
    expect(throughput[1]).toEqual(['null server', 'INSERT', '64', '100', '1.00 ms', '5.00 ms', '10.0 ms', '1.00', '0.90', '1.20', '0.80', '0']);
    const lines = renderTable(halfRate).trimEnd().split('\n');
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });
});
