/**
 * The plug-in contract of the ingest benchmark: anything that can store and read back the
 * cassandra-stress row shape. Our engine and each peer (LevelDB, LMDB, SQLite) implement it in
 * their own file under bench/macro/targets/, and each such module exports
 *
 *   export const ingestTargetFactory: IngestTargetFactory = { name, kind, create };
 *
 * The harness runs every target in a fresh child process and a fresh temp directory: open,
 * writeBatch over 1,000-row batches (timed), settle (timed separately), random point reads
 * with bounded concurrency (timed), then (if it can compact on demand) more batches before and
 * during a compaction, close.
 */

import type { StressRows } from './stress-rows.js';

export interface IngestTarget {
  readonly name: string;
  open(dir: string): Promise<void>;
  /** Writes rows[from, to) in one batch (the harness calls it with 1,000-row batches). */
  writeBatch(rows: StressRows, from: number, to: number): Promise<void>;
  /** Makes everything durable / flushed and compacted (for the read phase). */
  settle(): Promise<void>;
  /**
   * Reads one row by key (row keyIndex of the rows given to the last writeBatch); true only
   * when the row is found and its 5 values equal the ones written (the harness fails the run
   * on any false).
   */
  read(keyIndex: number): Promise<boolean>;
  close(): Promise<void>;
  /**
   * Optional, for targets that compact (our engine): flushes what it holds in memory, then
   * starts a full compaction, and resolves once the compaction is running, with a promise of
   * its end. The harness ingests more rows before and while it runs, for the JSON field
   * ingest_during_compaction_ratio: both halves start from empty memtables, so the ratio is
   * the compaction's cost, not a flush's.
   */
  compactInBackground?(): Promise<{ readonly done: Promise<void> }>;
}

/**
 * What a target is, for the report: `engine` is ours; the others are the fixed peers, each
 * with its own JSON field. A closed union, so a new kind must be given its report columns.
 */
export type IngestTargetKind =
  | 'engine'
  | 'classic-level-batch'
  | 'classic-level-single'
  | 'lmdb'
  | 'sqlite';

export interface IngestTargetFactory {
  /** Unique; the table's row label and the value `--only` matches. */
  readonly name: string;
  readonly kind: IngestTargetKind;
  create(): IngestTarget;
}
