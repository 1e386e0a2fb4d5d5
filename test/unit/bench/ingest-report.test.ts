/**
 * Goal: the ingest benchmark compares like with like and reports what it measured.
 * Method: generate rows twice with one seed (same bytes, unique keys, the stress shape), and
 * feed hand-made run results to the report (medians, ratios, null engine fields).
 */

import { describe, expect, it } from 'vitest';
import {
  formatIngestTable,
  summarizeRuns,
  toIngestJson,
} from '../../../bench/macro/ingest-report.js';
import type { IngestRunResult } from '../../../bench/macro/ingest-run.js';
import type { IngestTargetKind } from '../../../bench/macro/ingest-target.js';
import { generateStressRows } from '../../../bench/macro/stress-rows.js';

describe('generateStressRows', () => {
  it('is deterministic per seed, with unique 10-byte keys and 5 x 34-byte values', () => {
    const a = generateStressRows(5_000, 42);
    const b = generateStressRows(5_000, 42);
    const c = generateStressRows(5_000, 43);
    expect(a.keys.equals(b.keys) && a.values.equals(b.values)).toBe(true);
    expect(a.values.equals(c.values)).toBe(false);
    expect(a.key(7).length).toBe(10);
    expect(a.rowValue(7).length).toBe(170);
    expect(a.column(7, 4).equals(a.rowValue(7).subarray(136, 170))).toBe(true);
    const distinct = new Set<string>();
    for (let i = 0; i < a.count; i++) distinct.add(a.key(i).toString('hex'));
    expect(distinct.size).toBe(a.count);
    expect(a.isRowValue(9, a.rowValue(9))).toBe(true);
    expect(a.isRowValue(9, a.rowValue(10))).toBe(false);
  });

  it('beyond the value pool, rows reuse pooled values but keep unique keys', () => {
    const small = generateStressRows(5_000, 42, 1_000);
    const full = generateStressRows(5_000, 42);
    expect(small.values.length).toBe(1_000 * 170);
    expect(small.keys.equals(full.keys)).toBe(true);
    expect(small.rowValue(999).equals(full.rowValue(999))).toBe(true); // slot i while it fits
    const pooled = new Set<string>();
    for (let i = 0; i < 1_000; i++) pooled.add(small.rowValue(i).toString('hex'));
    let outside = 0;
    for (let i = 1_000; i < 5_000; i++) {
      if (!pooled.has(small.rowValue(i).toString('hex'))) outside++;
      expect(small.isColumnValue(i, 3, small.column(i, 3))).toBe(true);
    }
    expect(outside).toBe(0);
    expect(small.rowValue(1_000).equals(small.rowValue(1_001))).toBe(false); // scattered, not one slot
  });
});

function run(name: string, kind: IngestTargetKind, rowsPerS: number, readsPerS: number) {
  const result: IngestRunResult = {
    name,
    kind,
    rows: 1_000,
    rowsPerS,
    settleMs: 10,
    reads: 1_000,
    readsPerS,
    loopDelayP99Ms: 3,
    ingestDuringCompactionRatio: null,
    peakRssMb: 100,
  };
  return result;
}

describe('ingest report', () => {
  const results = [
    run('classic-level batched', 'classic-level-batch', 200_000, 100_000),
    run('lmdb', 'lmdb', 300_000, 400_000),
    run('classic-level batched', 'classic-level-batch', 100_000, 50_000),
    run('lmdb', 'lmdb', 500_000, 600_000),
    run('classic-level batched', 'classic-level-batch', 250_000, 120_000),
    run('lmdb', 'lmdb', 400_000, 500_000),
  ];

  it('reports the median of each target\'s runs and leaves the engine fields null', () => {
    const json = toIngestJson(summarizeRuns(results), 1_000, 3);
    expect(json.classic_level_batch_rows_per_s).toBe(200_000);
    expect(json.classic_level_reads_per_s).toBe(100_000);
    expect(json.lmdb_rows_per_s).toBe(400_000);
    expect(json.engine_rows_per_s).toBeNull();
    expect(json.main_loop_delay_p99_ms).toBeNull();
    expect(json.peak_rss_mb).toBeNull();
    expect(json.sqlite_rows_per_s).toBeNull();
  });

  it('fills the engine fields from the engine target', () => {
    const engine = { ...run('sibyl', 'engine', 600_000, 90_000), ingestDuringCompactionRatio: 0.8 };
    const json = toIngestJson(summarizeRuns([engine, ...results]), 1_000, 3);
    expect(json.engine_rows_per_s).toBe(600_000);
    expect(json.ingest_during_compaction_ratio).toBe(0.8);
    expect(json.main_loop_delay_p99_ms).toBe(3);
  });

  it('prints ratios to classic-level batched', () => {
    const table = formatIngestTable(summarizeRuns(results));
    const lmdbLine = table.split('\n').find((line) => line.startsWith('lmdb'));
    expect(lmdbLine).toMatch(/400,000\s+2\.00\s+500,000\s+5\.00/);
  });
});
