/**
 * Command-line options of the ingest benchmark, parsed once at the edge into a plain,
 * serializable object (it is also sent to each child run).
 *
 *   node dist/bench/macro/ingest.js [--rows N] [--runs K] [--only a,b] [--json]
 *     [--reads N] [--read-concurrency N] [--seed N] [--no-warmup] [--engine-module path]
 */

import { parseArgs } from 'node:util';

export interface IngestOptions {
  readonly rows: number;
  readonly runs: number;
  /** Target names or kinds to run; empty means all. */
  readonly only: readonly string[];
  readonly json: boolean;
  readonly batchRows: number;
  readonly reads: number;
  readonly readConcurrency: number;
  readonly seed: number;
  /** An untimed warm-up before the timed ingest and reads (ingest-run.ts warmupCount). */
  readonly warmup: boolean;
  readonly engineModule: string | null;
}

export const INGEST_BATCH_ROWS = 1_000;
const READS_DEFAULT_MAX = 100_000;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseIngestOptions(argv: readonly string[]): IngestOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      rows: { type: 'string' },
      runs: { type: 'string' },
      only: { type: 'string' },
      json: { type: 'boolean' },
      reads: { type: 'string' },
      'read-concurrency': { type: 'string' },
      seed: { type: 'string' },
      'no-warmup': { type: 'boolean' },
      'engine-module': { type: 'string' },
    },
    strict: true,
  });
  const rows = positiveInteger('--rows', values.rows, 1_000_000);
  return {
    rows,
    runs: positiveInteger('--runs', values.runs, 3),
    only: (values.only ?? '').split(',').map((name) => name.trim()).filter((name) => name !== ''),
    json: values.json === true,
    batchRows: INGEST_BATCH_ROWS,
    reads: positiveInteger('--reads', values.reads, Math.min(rows, READS_DEFAULT_MAX)),
    readConcurrency: positiveInteger('--read-concurrency', values['read-concurrency'], 128),
    seed: positiveInteger('--seed', values.seed, 1),
    warmup: values['no-warmup'] !== true,
    engineModule: values['engine-module'] ?? null,
  };
}

function positiveInteger(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new UsageError(`${flag} takes a positive integer, got "${text}"`);
  }
  return value;
}
