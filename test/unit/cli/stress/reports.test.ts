// Histogram-backed stats and the reports made from them: interval lines, the final table,
// the JSON log and the HTML report.

import { describe, expect, it } from 'vitest';
import { LatencyRecorder } from '../../../../src/cli/stress/metrics/latency-recorder.js';
import { errorKeyOf } from '../../../../src/cli/stress/metrics/error-names.js';
import { parseStressSettings } from '../../../../src/cli/stress/options/parse-stress-settings.js';
import { finalTable } from '../../../../src/cli/stress/reports/final-table.js';
import { htmlReport } from '../../../../src/cli/stress/reports/html-report.js';
import { IntervalLines } from '../../../../src/cli/stress/reports/interval-lines.js';
import { jsonLog } from '../../../../src/cli/stress/reports/json-log.js';
import { progressLine } from '../../../../src/cli/stress/reports/progress-line.js';
import type { PhaseResult } from '../../../../src/cli/stress/reports/phase-result.js';

/** Two one-second intervals: WRITE 1..100 ms then READ at 5 ms, one Unavailable. */
function recordedPhase(): PhaseResult {
  const recorder = new LatencyRecorder(['WRITE', 'READ'], 0);
  for (let ms = 1; ms <= 100; ms++) recorder.record(0, ms);
  const first = recorder.closeInterval(1000, 0);
  for (let i = 0; i < 50; i++) recorder.record(1, 5);
  recorder.recordError(1, Object.assign(new Error('unavailable'), { code: 0x1000 }));
  const second = recorder.closeInterval(2000, 0);
  return { name: 'run', kinds: ['WRITE', 'READ'], intervals: [first, second], totals: recorder.runStats(2000) };
}

describe('stress reports', () => {
  it('reads percentiles from the histograms per kind and in total', () => {
    const phase = recordedPhase();
    const [write, read] = phase.totals.kinds;
    expect(write!.stats.operations).toBe(100);
    expect(write!.stats.p50Ms).toBeCloseTo(50, 0);
    expect(write!.stats.p99Ms).toBeCloseTo(99, 0);
    expect(write!.stats.maxMs).toBeCloseTo(100, 0);
    expect(write!.stats.opsPerSecond).toBe(50);
    expect(read!.stats).toMatchObject({ operations: 50, errors: 1 });
    expect(phase.totals.total.operations).toBe(150);
    // 1..4, fifty-one 5s, 6..100: the 75th of 150 is 25.
    expect(phase.totals.total.p50Ms).toBeCloseTo(25, 1);
    expect(phase.intervals[0]!.total.opsPerSecond).toBe(100);
    expect(phase.totals.errors).toEqual([{ error: '0x1000 Unavailable', count: 1 }]);
  });

  it('names errors by Cassandra code, or by the client error', () => {
    expect(errorKeyOf(Object.assign(new Error('x'), { code: 0x1001 }))).toBe('0x1001 Overloaded');
    expect(errorKeyOf(Object.assign(new Error('x'), { code: 0x1100 }))).toBe('0x1100 WriteTimeout');
    class OperationTimedOutError extends Error {
      override name = 'OperationTimedOutError';
    }
    expect(errorKeyOf(new OperationTimedOutError('client timeout'))).toBe('OperationTimedOutError');
  });

  it('prints interval lines as cassandra-stress does, counting total ops', () => {
    const phase = recordedPhase();
    const lines = new IntervalLines(phase.kinds);
    expect(lines.header()).toMatch(/^type,\s+total ops,\s+op\/s,\s+mean,\s+med,\s+\.95,\s+\.99,\s+\.999,\s+max,\s+time,\s+errors\n$/);
    const first = lines.lines(phase.intervals[0]!).split('\n');
    expect(first[0]).toMatch(/^WRITE,\s+100,\s+100,\s+50\.5,\s+50\.0,\s+95\.0,\s+99\.0,\s+100\.0,\s+100\.0,\s+1\.0,\s+0$/);
    expect(first[2]).toMatch(/^total,\s+100,/);
    const second = lines.lines(phase.intervals[1]!).split('\n');
    expect(second[1]).toMatch(/^READ,\s+50,\s+50,\s+5\.00,.*,\s+2\.0,\s+1$/);
    expect(second[2]).toMatch(/^total,\s+150,\s+50,/);
  });

  it('prints the final table with a row per kind, the total and the errors', () => {
    const table = finalTable(recordedPhase());
    expect(table).toContain('Results (run):');
    expect(table).toMatch(/op\s+count\s+op\/s\s+mean ms\s+p50 ms\s+p95 ms\s+p99 ms\s+p999 ms\s+max ms\s+errors/);
    expect(table).toMatch(/WRITE\s+100\s+50\s+50\.5\s+50\.0\s+95\.0\s+99\.0\s+100\.0\s+100\.0\s+0/);
    expect(table).toMatch(/total\s+150\s+75\s/);
    expect(table).toContain('Errors: 0x1000 Unavailable: 1');
    expect(table).toContain('Total operation time: 00:00:02 (2.00 s)');
  });

  it('draws a progress bar with rate, ETA and the last p99', () => {
    const phase = recordedPhase();
    const line = progressLine({ kind: 'operations', operations: 300 }, 150, 1, phase.intervals[1]!);
    expect(line).toMatch(/^\r\[##########\.{10}\]\s+50%\s+150\/300 ops\s+50 op\/s\s+ETA 3\.0 s\s+p99 5\.00 ms\s+errors 1/);
  });

  it('writes a JSON log with the settings, intervals, totals and errors', () => {
    const settings = parseStressSettings(['mixed', 'ratio(write=1,read=1)', 'n=150']);
    const log = JSON.parse(jsonLog({ startedAt: new Date(0), target: 'test', settings, phases: [recordedPhase()] }));
    expect(log.settings.command).toEqual({ kind: 'mixed', ratio: { write: 1, read: 1 } });
    expect(log.phases[0].intervals).toHaveLength(2);
    expect(log.phases[0].intervals[1].kinds.READ.operations).toBe(50);
    expect(log.phases[0].totals.total.operations).toBe(150);
    expect(log.phases[0].totals.kinds.WRITE.p99Ms).toBeCloseTo(99, 0);
    expect(log.phases[0].totals.errors).toEqual([{ error: '0x1000 Unavailable', count: 1 }]);
  });

  it('writes a self-contained HTML report with uPlot charts of throughput and latency', () => {
    const settings = parseStressSettings(['write', 'n=150']);
    const html = htmlReport({ startedAt: new Date(0), target: 'a <target>', settings, phases: [recordedPhase()] }, 'my run');
    expect(html).toContain('<title>my run</title>');
    expect(html).toContain('a &#60;target&#62;');
    // uPlot inlined (its IIFE defines the global), nothing fetched from elsewhere.
    expect(html).toMatch(/var uPlot\s*=/);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).toContain('.uplot');
    expect(html).toContain('id="throughput-0"');
    expect(html).toContain('id="latency-0"');
    const data = JSON.parse(/<script type="application\/json" id="stress-data">(.*?)<\/script>/s.exec(html)![1]!);
    expect(data[0].seconds).toEqual([1, 2]);
    expect(data[0].throughput.names).toEqual(['WRITE', 'READ', 'total']);
    expect(data[0].latency.names).toEqual(['p50', 'p95', 'p99', 'p99.9', 'max']);
  });
});
