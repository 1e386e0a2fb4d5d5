/**
 * Per-table storage options, named as in Cassandra's CREATE TABLE ... WITH (the CQL layer
 * fills them from the schema; the storage engine takes them as plain data), with the checks
 * the engine makes before it registers or alters a table.
 */

import { InvalidRequestError } from '../lib/errors.js';
import { createCompactionStrategy } from './compaction/create-compaction-strategy.js';

export interface CompactionOptions {
  readonly class: string;
  readonly [option: string]: string;
}

export interface TableOptions {
  readonly tableId: number;
  readonly name: string;
  readonly gcGraceSeconds: number;
  readonly bloomFilterFpChance: number;
  readonly compaction: CompactionOptions;
  /** Flush a memtable at least this often, 0 = only on size or commit-log pressure. */
  readonly memtableFlushPeriodMs: number;
}

/** Table ids travel as u32 in every record (partition-codec.ts). */
export const TABLE_ID_MAX = 0xffff_ffff;

/**
 * The largest false-positive chance an SSTable's filter is built with. Cassandra takes 1.0 as
 * "no filter"; ours then gets a filter of a few bits that answers "maybe" almost always.
 */
const BLOOM_FILTER_FP_CHANCE_BUILT_MAX = 0.999;

export function defaultTableOptions(tableId: number, name: string): TableOptions {
  return {
    tableId,
    name,
    gcGraceSeconds: 864_000,
    bloomFilterFpChance: 0.01,
    compaction: { class: 'SizeTieredCompactionStrategy' },
    memtableFlushPeriodMs: 0,
  };
}

/**
 * Throws InvalidRequestError for options the engine cannot run (and InvalidCompactionOptionsError,
 * a configuration error, for a compaction map no strategy accepts), before anything changes.
 */
export function validateTableOptions(options: TableOptions): void {
  const { tableId, name, gcGraceSeconds, bloomFilterFpChance, memtableFlushPeriodMs } = options;
  if (!Number.isInteger(tableId) || tableId < 0 || tableId > TABLE_ID_MAX) {
    throw new InvalidRequestError(`table id must be an integer in [0, ${TABLE_ID_MAX}], got ${String(tableId)}`);
  }
  if (typeof name !== 'string') throw new InvalidRequestError(`table ${tableId}: name must be a string`);
  if (!Number.isSafeInteger(gcGraceSeconds) || gcGraceSeconds < 0) {
    throw new InvalidRequestError(`table ${tableId}: gc_grace_seconds must be an integer >= 0, got ${String(gcGraceSeconds)}`);
  }
  if (typeof bloomFilterFpChance !== 'number' || !(bloomFilterFpChance > 0 && bloomFilterFpChance <= 1)) {
    throw new InvalidRequestError(`table ${tableId}: bloom_filter_fp_chance must be in (0, 1], got ${String(bloomFilterFpChance)}`);
  }
  if (!Number.isSafeInteger(memtableFlushPeriodMs) || memtableFlushPeriodMs < 0) {
    throw new InvalidRequestError(`table ${tableId}: memtable_flush_period_in_ms must be an integer >= 0, got ${String(memtableFlushPeriodMs)}`);
  }
  if (typeof options.compaction !== 'object' || options.compaction === null) {
    throw new InvalidRequestError(`table ${tableId}: compaction options must be a map`);
  }
  createCompactionStrategy(options.compaction, { gcGraceSeconds });
}

/** The options as plain data with exactly the known fields (what is persisted and sent to threads). */
export function copyTableOptions(options: TableOptions): TableOptions {
  return {
    tableId: options.tableId,
    name: options.name,
    gcGraceSeconds: options.gcGraceSeconds,
    bloomFilterFpChance: options.bloomFilterFpChance,
    compaction: { ...options.compaction },
    memtableFlushPeriodMs: options.memtableFlushPeriodMs,
  };
}

export function sameTableOptions(a: TableOptions, b: TableOptions): boolean {
  const aKeys = Object.keys(a.compaction).sort();
  const bKeys = Object.keys(b.compaction).sort();
  return (
    a.tableId === b.tableId &&
    a.name === b.name &&
    a.gcGraceSeconds === b.gcGraceSeconds &&
    a.bloomFilterFpChance === b.bloomFilterFpChance &&
    a.memtableFlushPeriodMs === b.memtableFlushPeriodMs &&
    aKeys.length === bKeys.length &&
    aKeys.every((key, i) => key === bKeys[i] && a.compaction[key] === b.compaction[key])
  );
}

/** The chance an SSTable's bloom filter is built with (1.0 means no real filter). */
export function builtBloomFilterFpChance(options: TableOptions): number {
  return Math.min(options.bloomFilterFpChance, BLOOM_FILTER_FP_CHANCE_BUILT_MAX);
}
