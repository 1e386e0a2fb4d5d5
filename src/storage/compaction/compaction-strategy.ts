/**
 * A compaction strategy is a pure planner (Cassandra's AbstractCompactionStrategy without its
 * I/O, tracker or singletons): given the SSTables of one store that are free to compact, it
 * returns the next thing worth merging, or null. The CompactionManager owns the bookkeeping
 * (which SSTables are compacting, how many tasks run) and the piscina pool does the merge.
 */

import type { SSTableDescriptor } from '../sstable/descriptor.js';
import type { SSTableInfo } from './sstable-info.js';

export interface CompactionPlan {
  readonly inputs: readonly SSTableDescriptor[];
  /** The level written into the outputs' statistics (0 outside leveled compaction). */
  readonly outputLevel: number;
  /** Outputs are split once one reaches this many data bytes; Infinity for a single output. */
  readonly maxOutputBytes: number;
  /** One line for logs and `nodetool compactionstats`. */
  readonly reason: string;
}

export interface CompactionStrategy {
  /** The strategy's Cassandra class name, as `DESCRIBE TABLE` prints it. */
  readonly name: string;
  /**
   * `candidates` are live SSTables that no running compaction holds; `compacting` are the ones
   * that one does (leveled compaction must not plan an overlap with a running task's output).
   */
  nextTask(candidates: readonly SSTableInfo[], nowMs: number, compacting?: readonly SSTableInfo[]): CompactionPlan | null;
}
