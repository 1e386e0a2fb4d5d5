/**
 * Cassandra's compaction options, parsed from the string map of `WITH compaction = {...}` into
 * typed, validated values with Cassandra's names and defaults. Unknown keys are rejected, as
 * Cassandra does ("Properties specified [...] are not understood"), so a typo never silently
 * falls back to a default.
 *
 *   common     enabled (true), tombstone_threshold (0.2), tombstone_compaction_interval (86400 s),
 *              unchecked_tombstone_compaction (false)
 *   STCS       min_threshold 4, max_threshold 32, bucket_low 0.5, bucket_high 1.5,
 *              min_sstable_size 52428800 (bytes)
 *   LCS        sstable_size_in_mb 160, fanout_size 10
 *   TWCS       compaction_window_unit DAYS, compaction_window_size 1, timestamp_resolution
 *              MICROSECONDS, min_threshold 4, max_threshold 32
 */

import { CqlErrorCode, SibylError } from '../../lib/errors.js';

/** Bad compaction options in a schema statement: Cassandra answers ConfigurationException. */
export class InvalidCompactionOptionsError extends SibylError {
  override readonly name = 'InvalidCompactionOptionsError';
  readonly code = CqlErrorCode.configError;
}

export interface CompactionOptionsInput {
  readonly class: string;
  readonly [option: string]: string;
}

export interface TombstoneCompactionOptions {
  /** Fraction of droppable tombstones above which one SSTable is compacted alone. */
  readonly tombstoneThreshold: number;
  /** An SSTable younger than this is never compacted alone for its tombstones. */
  readonly tombstoneCompactionIntervalSeconds: number;
  /** Skip the overlap check that makes a single-SSTable compaction likely to drop something. */
  readonly uncheckedTombstoneCompaction: boolean;
  /** The table's gc_grace_seconds: tombstones younger than it are not droppable. */
  readonly gcGraceSeconds: number;
}

export interface SizeTieredOptions extends TombstoneCompactionOptions {
  readonly minThreshold: number;
  readonly maxThreshold: number;
  readonly bucketLow: number;
  readonly bucketHigh: number;
  readonly minSSTableSizeBytes: number;
}

export interface LeveledOptions extends TombstoneCompactionOptions {
  readonly sstableSizeBytes: number;
  readonly fanout: number;
}

export type TimeWindowUnit = 'MINUTES' | 'HOURS' | 'DAYS';
export type TimestampResolution = 'MICROSECONDS' | 'MILLISECONDS' | 'SECONDS';

export interface TimeWindowOptions extends TombstoneCompactionOptions {
  readonly windowUnit: TimeWindowUnit;
  readonly windowSize: number;
  readonly timestampResolution: TimestampResolution;
  readonly minThreshold: number;
  readonly maxThreshold: number;
}

export const MiB = 1024 * 1024;
/** Cassandra's default gc_grace_seconds: ten days. */
export const GC_GRACE_SECONDS_DEFAULT = 864_000;

/** Reads options one by one and remembers which keys were understood. */
export class OptionReader {
  private readonly consumed = new Set<string>(['class']);

  constructor(
    private readonly input: CompactionOptionsInput,
    private readonly strategyName: string,
  ) {}

  integer(key: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const raw = this.take(key);
    if (raw === undefined) return fallback;
    if (!/^-?\d+$/.test(raw.trim())) this.fail(`${key} must be an integer, got '${raw}'`);
    const value = Number(raw.trim());
    if (value < min || value > max) this.fail(`${key} must be between ${min} and ${max}, got ${value}`);
    return value;
  }

  number(key: string, fallback: number, min: number, max = Number.MAX_VALUE): number {
    const raw = this.take(key);
    if (raw === undefined) return fallback;
    if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw.trim())) this.fail(`${key} must be a number, got '${raw}'`);
    const value = Number(raw.trim());
    if (value < min || value > max) this.fail(`${key} must be between ${min} and ${max}, got ${value}`);
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const raw = this.take(key);
    if (raw === undefined) return fallback;
    const lower = raw.trim().toLowerCase();
    if (lower !== 'true' && lower !== 'false') this.fail(`${key} must be true or false, got '${raw}'`);
    return lower === 'true';
  }

  oneOf<T extends string>(key: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.take(key);
    if (raw === undefined) return fallback;
    const upper = raw.trim().toUpperCase();
    const found = allowed.find((candidate) => candidate === upper);
    if (found === undefined) this.fail(`${key} must be one of ${allowed.join(', ')}, got '${raw}'`);
    return found;
  }

  /** Throws when the input holds keys nobody asked for. */
  rejectUnknown(): void {
    const unknown = Object.keys(this.input).filter((key) => !this.consumed.has(key));
    if (unknown.length > 0) {
      this.fail(`Properties specified [${unknown.join(', ')}] are not understood by ${this.strategyName}`);
    }
  }

  fail(detail: string): never {
    throw new InvalidCompactionOptionsError(`invalid compaction options for ${this.strategyName}: ${detail}`);
  }

  private take(key: string): string | undefined {
    this.consumed.add(key);
    return Object.prototype.hasOwnProperty.call(this.input, key) ? this.input[key] : undefined;
  }
}

export function readTombstoneOptions(reader: OptionReader, gcGraceSeconds: number): TombstoneCompactionOptions {
  return {
    tombstoneThreshold: reader.number('tombstone_threshold', 0.2, 0),
    tombstoneCompactionIntervalSeconds: reader.integer('tombstone_compaction_interval', 86_400, 0),
    uncheckedTombstoneCompaction: reader.boolean('unchecked_tombstone_compaction', false),
    gcGraceSeconds,
  };
}

export function readThresholds(reader: OptionReader): { minThreshold: number; maxThreshold: number } {
  const minThreshold = reader.integer('min_threshold', 4, 2);
  const maxThreshold = reader.integer('max_threshold', 32, 2);
  if (maxThreshold < minThreshold) {
    reader.fail(`max_threshold (${maxThreshold}) cannot be smaller than min_threshold (${minThreshold})`);
  }
  return { minThreshold, maxThreshold };
}

export function readSizeTieredOptions(reader: OptionReader, gcGraceSeconds: number): SizeTieredOptions {
  const { minThreshold, maxThreshold } = readThresholds(reader);
  const bucketLow = reader.number('bucket_low', 0.5, Number.MIN_VALUE);
  const bucketHigh = reader.number('bucket_high', 1.5, Number.MIN_VALUE);
  if (bucketLow >= bucketHigh) reader.fail(`bucket_low (${bucketLow}) must be smaller than bucket_high (${bucketHigh})`);
  if (bucketLow >= 1 || bucketHigh <= 1) reader.fail('bucket_low must be below 1 and bucket_high above 1, or no bucket could grow');
  return {
    ...readTombstoneOptions(reader, gcGraceSeconds),
    minThreshold,
    maxThreshold,
    bucketLow,
    bucketHigh,
    minSSTableSizeBytes: reader.integer('min_sstable_size', 50 * MiB, 0),
  };
}

export function readLeveledOptions(reader: OptionReader, gcGraceSeconds: number): LeveledOptions {
  return {
    ...readTombstoneOptions(reader, gcGraceSeconds),
    sstableSizeBytes: reader.integer('sstable_size_in_mb', 160, 1, 1 << 20) * MiB,
    fanout: reader.integer('fanout_size', 10, 2, 1000),
  };
}

export function readTimeWindowOptions(reader: OptionReader, gcGraceSeconds: number): TimeWindowOptions {
  return {
    ...readTombstoneOptions(reader, gcGraceSeconds),
    ...readThresholds(reader),
    windowUnit: reader.oneOf<TimeWindowUnit>('compaction_window_unit', 'DAYS', ['MINUTES', 'HOURS', 'DAYS']),
    windowSize: reader.integer('compaction_window_size', 1, 1),
    timestampResolution: reader.oneOf<TimestampResolution>('timestamp_resolution', 'MICROSECONDS', [
      'MICROSECONDS',
      'MILLISECONDS',
      'SECONDS',
    ]),
  };
}
