/**
 * Builds a strategy from a table's `compaction = { 'class': ..., ... }` map. The class may be
 * the short name or Cassandra's fully qualified one; every option is validated and unknown ones
 * are rejected (compaction-options.ts). `enabled: 'false'` yields a strategy that never plans.
 */

import { InvalidCompactionOptionsError, OptionReader, readLeveledOptions, readSizeTieredOptions, readTimeWindowOptions } from './compaction-options.js';
import type { CompactionOptionsInput } from './compaction-options.js';
import { GC_GRACE_SECONDS_DEFAULT } from './compaction-options.js';
import type { CompactionPlan, CompactionStrategy } from './compaction-strategy.js';
import { LeveledCompactionStrategy } from './leveled-strategy.js';
import { SizeTieredCompactionStrategy } from './size-tiered-strategy.js';
import { TimeWindowCompactionStrategy } from './time-window-strategy.js';

export const DEFAULT_COMPACTION_OPTIONS: CompactionOptionsInput = { class: 'SizeTieredCompactionStrategy' };

export interface TableCompactionContext {
  /** The table's gc_grace_seconds (Cassandra default 864000). */
  readonly gcGraceSeconds: number;
}

const PACKAGE_PREFIX = 'org.apache.cassandra.db.compaction.';

/** The strategies this engine runs, by short name. */
export const COMPACTION_STRATEGY_CLASSES: ReadonlySet<string> = new Set([
  'SizeTieredCompactionStrategy',
  'LeveledCompactionStrategy',
  'TimeWindowCompactionStrategy',
]);

/** A `class` as written (short or fully qualified) to its short name. */
export function compactionClassName(written: string): string {
  return written.startsWith(PACKAGE_PREFIX) ? written.slice(PACKAGE_PREFIX.length) : written;
}

export function createCompactionStrategy(
  input: CompactionOptionsInput = DEFAULT_COMPACTION_OPTIONS,
  table: TableCompactionContext = { gcGraceSeconds: GC_GRACE_SECONDS_DEFAULT },
): CompactionStrategy {
  if (typeof input.class !== 'string' || input.class.length === 0) {
    throw new InvalidCompactionOptionsError("compaction options need a 'class'");
  }
  if (!Number.isInteger(table.gcGraceSeconds) || table.gcGraceSeconds < 0) {
    throw new InvalidCompactionOptionsError(`gc_grace_seconds must be a non-negative integer, got ${table.gcGraceSeconds}`);
  }
  const className = compactionClassName(input.class);
  const reader = new OptionReader(input, className);
  const enabled = reader.boolean('enabled', true);
  let strategy: CompactionStrategy;
  switch (className) {
    case 'SizeTieredCompactionStrategy':
      strategy = new SizeTieredCompactionStrategy(readSizeTieredOptions(reader, table.gcGraceSeconds));
      break;
    case 'LeveledCompactionStrategy':
      strategy = new LeveledCompactionStrategy(readLeveledOptions(reader, table.gcGraceSeconds));
      break;
    case 'TimeWindowCompactionStrategy':
      strategy = new TimeWindowCompactionStrategy(readTimeWindowOptions(reader, table.gcGraceSeconds));
      break;
    default:
      throw new InvalidCompactionOptionsError(
        `unknown compaction class '${input.class}': use SizeTieredCompactionStrategy, LeveledCompactionStrategy or TimeWindowCompactionStrategy`,
      );
  }
  reader.rejectUnknown();
  return enabled ? strategy : new DisabledCompactionStrategy(strategy.name);
}

/** `enabled: false`: the table keeps its options but background compaction plans nothing. */
class DisabledCompactionStrategy implements CompactionStrategy {
  constructor(readonly name: string) {}

  nextTask(): CompactionPlan | null {
    return null;
  }
}
