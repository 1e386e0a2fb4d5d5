/**
 * The ingest benchmark's report: per target, the median of its runs; a table for people and
 * one JSON line for scripts. Ratios are to classic-level batched (LevelDB's fast path, the
 * peer PERF-NOTES.md measures against).
 *
 *   target                      rows/s  x lvl   reads/s  x lvl  settle s  loop p99 ms  RSS MB
 *   classic-level batched      243,000   1.00   180,000   1.00      0.81         4.2     210
 */

import { medianOrNull, median } from '../lib/stats.js';
import type { IngestRunResult } from './ingest-run.js';
import type { IngestTargetKind } from './ingest-target.js';

export interface TargetSummary {
  readonly name: string;
  readonly kind: IngestTargetKind;
  readonly runs: number;
  readonly rowsPerS: number;
  readonly readsPerS: number;
  readonly settleMs: number;
  readonly loopDelayP99Ms: number;
  readonly ingestDuringCompactionRatio: number | null;
  readonly peakRssMb: number;
}

/** The JSON line's fields; the engine's are null when no engine target ran. */
export interface IngestJsonSummary {
  readonly engine_rows_per_s: number | null;
  readonly classic_level_batch_rows_per_s: number | null;
  readonly classic_level_single_rows_per_s: number | null;
  readonly lmdb_rows_per_s: number | null;
  readonly sqlite_rows_per_s: number | null;
  readonly engine_reads_per_s: number | null;
  readonly classic_level_reads_per_s: number | null;
  readonly lmdb_reads_per_s: number | null;
  readonly sqlite_reads_per_s: number | null;
  readonly main_loop_delay_p99_ms: number | null;
  readonly ingest_during_compaction_ratio: number | null;
  readonly peak_rss_mb: number | null;
  readonly rows: number;
  readonly runs: number;
}

/** Groups results by target (in first-seen order) and takes the median of each measure. */
export function summarizeRuns(results: readonly IngestRunResult[]): TargetSummary[] {
  const byName = new Map<string, IngestRunResult[]>();
  for (const result of results) {
    const list = byName.get(result.name) ?? [];
    list.push(result);
    byName.set(result.name, list);
  }
  return [...byName.values()].map((runs) => ({
    name: runs[0]!.name,
    kind: runs[0]!.kind,
    runs: runs.length,
    rowsPerS: median(runs.map((r) => r.rowsPerS)),
    readsPerS: median(runs.map((r) => r.readsPerS)),
    settleMs: median(runs.map((r) => r.settleMs)),
    loopDelayP99Ms: median(runs.map((r) => r.loopDelayP99Ms)),
    ingestDuringCompactionRatio: medianOrNull(runs.map((r) => r.ingestDuringCompactionRatio)),
    peakRssMb: median(runs.map((r) => r.peakRssMb)),
  }));
}

export function formatIngestTable(summaries: readonly TargetSummary[]): string {
  const baseline = summaries.find((s) => s.kind === 'classic-level-batch');
  const ratio = (value: number, base: number | undefined): string =>
    base === undefined ? '-' : (value / base).toFixed(2);
  const header = ['target', 'rows/s', 'x lvl', 'reads/s', 'x lvl', 'settle s', 'loop p99 ms'];
  header.push('RSS MB');
  const lines = summaries.map((s) => [
    s.name,
    Math.round(s.rowsPerS).toLocaleString('en-US'),
    ratio(s.rowsPerS, baseline?.rowsPerS),
    Math.round(s.readsPerS).toLocaleString('en-US'),
    ratio(s.readsPerS, baseline?.readsPerS),
    (s.settleMs / 1000).toFixed(2),
    s.loopDelayP99Ms.toFixed(1),
    Math.round(s.peakRssMb).toString(),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((line) => line[c]!.length)));
  const render = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ');
  return [render(header), ...lines.map(render)].join('\n');
}

export function toIngestJson(
  summaries: readonly TargetSummary[],
  rows: number,
  runs: number,
): IngestJsonSummary {
  const of = (kind: IngestTargetKind): TargetSummary | undefined =>
    summaries.find((s) => s.kind === kind);
  const rate = (value: number | undefined): number | null =>
    value === undefined ? null : Math.round(value);
  const engine = of('engine');
  return {
    engine_rows_per_s: rate(engine?.rowsPerS),
    classic_level_batch_rows_per_s: rate(of('classic-level-batch')?.rowsPerS),
    classic_level_single_rows_per_s: rate(of('classic-level-single')?.rowsPerS),
    lmdb_rows_per_s: rate(of('lmdb')?.rowsPerS),
    sqlite_rows_per_s: rate(of('sqlite')?.rowsPerS),
    engine_reads_per_s: rate(engine?.readsPerS),
    classic_level_reads_per_s: rate(of('classic-level-batch')?.readsPerS),
    lmdb_reads_per_s: rate(of('lmdb')?.readsPerS),
    sqlite_reads_per_s: rate(of('sqlite')?.readsPerS),
    main_loop_delay_p99_ms: engine === undefined ? null : round2(engine.loopDelayP99Ms),
    ingest_during_compaction_ratio: roundOrNull(engine?.ingestDuringCompactionRatio ?? null),
    peak_rss_mb: engine === undefined ? null : Math.round(engine.peakRssMb),
    rows,
    runs,
  };
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : round2(value);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
