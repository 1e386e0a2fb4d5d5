/**
 * One table's data within one vnode range (Cassandra's ColumnFamilyStore, cut to a range):
 * the active memtable, memtables frozen and waiting for their flush, and the live SSTables.
 * Plain logic, no threads: the VNodeActor that owns it calls it one message at a time.
 *
 * Read path for one partition:
 *   1. versions from the active and frozen memtables;
 *   2. SSTables newest first (by max timestamp), skipped when the token is outside their range,
 *      the bloom filter says no, or every write they hold is older than a partition tombstone
 *      already found (Cassandra's "skip by timestamp");
 *   3. merged (model/merge.ts), filtered at `nowSeconds` (tombstones, TTLs), then sliced.
 */

import { assert } from '../lib/assert.js';
import type { Memtable } from './memtable/memtable.js';
import type { ClusteringSlice } from './model/clustering-slice.js';
import { boundsOnly, isFullSlice, isInSlice, sliceRows } from './model/clustering-slice.js';
import { canonicalPartition, isEmptyPartition } from './model/canonical-partition.js';
import { mergeAllPartitions } from './model/merge.js';
import { mergePartitionStreams } from './compaction/merge-iterator.js';
import type { PartitionUpdate } from './model/partition-update.js';
import { filterLive, type LivePartition } from './model/read-filter.js';
import { PlainRead, type SSTableReader } from './sstable/sstable-reader.js';
import { tombstoneMayIntersect } from './sstable/slice-bounds.js';
import type { ByteWriter } from '../lib/bytes/byte-writer.js';
import type { TableOptions } from './table-options.js';
import type { CommitLogPosition } from './commitlog/commit-log.js';

export interface FlushingMemtable {
  readonly memtable: Memtable;
  /** Commit-log position when it was frozen: all of its writes lie before it. */
  readonly frozenAt: CommitLogPosition;
  flushed: boolean;
}

export class TableStore {
  private readonly flushing: FlushingMemtable[] = [];
  private sstables: SSTableReader[] = [];

  constructor(
    private current: TableOptions,
    readonly directory: string,
    /** The commit-log owner id: which memtable dirtied a segment. */
    readonly owner: string,
    private active: Memtable,
  ) {}

  /** The table's options now: ALTER TABLE replaces them between messages (setOptions). */
  get options(): TableOptions {
    return this.current;
  }

  setOptions(options: TableOptions): void {
    assert(options.tableId === this.current.tableId, `options of table ${options.tableId} given to table ${this.current.tableId}`);
    this.current = options;
  }

  activeMemtable(): Memtable {
    return this.active;
  }

  flushingMemtables(): readonly FlushingMemtable[] {
    return this.flushing;
  }

  liveSSTables(): readonly SSTableReader[] {
    return this.sstables;
  }

  addSSTables(readers: readonly SSTableReader[]): void {
    this.sstables = [...this.sstables, ...readers];
  }

  /** Swaps compaction inputs for outputs in one step; returns the readers removed. */
  replaceSSTables(removedGenerations: ReadonlySet<number>, added: readonly SSTableReader[]): SSTableReader[] {
    const removed = this.sstables.filter((r) => removedGenerations.has(r.descriptor.generation));
    assert(removed.length === removedGenerations.size, 'compaction input missing from the live set');
    this.sstables = [...this.sstables.filter((r) => !removedGenerations.has(r.descriptor.generation)), ...added];
    return removed;
  }

  /** Freezes the active memtable and starts a fresh one; the caller flushes the frozen one. */
  freeze(next: Memtable, position: CommitLogPosition): FlushingMemtable {
    const frozen: FlushingMemtable = { memtable: this.active, frozenAt: position, flushed: false };
    this.flushing.push(frozen);
    this.active = next;
    return frozen;
  }

  /**
   * Records a finished flush. Returns the commit-log position up to which this table's data is
   * now all in SSTables: flushes may finish out of order, so only a prefix of finished ones counts.
   */
  completeFlush(frozen: FlushingMemtable, reader: SSTableReader | null): CommitLogPosition | null {
    frozen.flushed = true;
    if (reader !== null) this.sstables = [...this.sstables, reader];
    let cleanUpTo: CommitLogPosition | null = null;
    while (this.flushing.length > 0 && this.flushing[0]!.flushed) {
      const done = this.flushing.shift()!;
      done.memtable.release();
      cleanUpTo = done.frozenAt;
    }
    return cleanUpTo;
  }

  isDirty(): boolean {
    return this.active.rowCount() > 0 || this.active.partitionCount() > 0;
  }

  /** Everything stored for one partition, merged but not filtered (for repair and tests). */
  readMerged(token: bigint, key: Uint8Array, slice: ClusteringSlice | null): PartitionUpdate | null {
    const versions: PartitionUpdate[] = [];
    let newestPartitionDeletion = -(2n ** 63n);
    const collect = (version: PartitionUpdate | null): void => {
      if (version === null) return;
      versions.push(version);
      if (version.deletion !== null && version.deletion.markedForDeleteAt > newestPartitionDeletion) {
        newestPartitionDeletion = version.deletion.markedForDeleteAt;
      }
    };
    collect(this.active.readPartition(token, key));
    for (const frozen of this.flushing) if (!frozen.flushed) collect(frozen.memtable.readPartition(token, key));
    const candidates = this.sstables
      .filter((reader) => reader.mayContain(token, key))
      .sort((a, b) => (a.stats.maxTimestamp > b.stats.maxTimestamp ? -1 : a.stats.maxTimestamp < b.stats.maxTimestamp ? 1 : 0));
    for (const reader of candidates) {
      // Every write in this SSTable is shadowed by a partition tombstone already found. Strictly
      // older: a partition deletion at the same mark with a later local deletion time wins the
      // merge, and an unfiltered read (a replica's answer, compared by digest) must not depend
      // on which of two such SSTables came first.
      if (reader.stats.maxTimestamp < newestPartitionDeletion) break;
      collect(slice === null ? reader.readPartition(token, key) : reader.readSlice(token, key, slice));
    }
    return versions.length === 0 ? null : mergeAllPartitions(versions);
  }

  /**
   * The common point read without decoding: a full read of a partition that lives in exactly
   * one source, an SSTable, and reads back as stored (SSTableReader.readPlainInto) has its
   * stored bytes appended to `out`. Answers `absent` when no source holds the key, or
   * `needsMerge`, with nothing appended, when the read needs the merging path (memtable data,
   * several candidate SSTables, a slice, tombstones or TTLs).
   */
  readPlainInto(token: bigint, key: Uint8Array, slice: ClusteringSlice, out: ByteWriter): PlainRead {
    if (!isFullSlice(slice) || this.active.hasPartition(token, key)) return PlainRead.needsMerge;
    for (const frozen of this.flushing) if (!frozen.flushed && frozen.memtable.hasPartition(token, key)) return PlainRead.needsMerge;
    let candidate: SSTableReader | null = null;
    for (const reader of this.sstables) {
      if (!reader.mayContain(token, key)) continue;
      if (candidate !== null) return PlainRead.needsMerge;
      candidate = reader;
    }
    return candidate === null ? PlainRead.absent : candidate.readPlainInto(token, key, out);
  }

  /** What a reader sees of one partition at `nowSeconds`, sliced; null if nothing is live. */
  read(token: bigint, key: Uint8Array, slice: ClusteringSlice, nowSeconds: number): LivePartition | null {
    // The limit applies to live rows, so sources are read for the bounds only: a row that a
    // newer tombstone shadows must not use up the limit.
    const merged = this.readMerged(token, key, slice.limit === Infinity ? slice : { ...slice, limit: Infinity });
    if (merged === null) return null;
    const live = filterLive(merged, nowSeconds);
    const rows = sliceRows(live.rows, slice);
    if (rows.length === 0 && live.staticRow === null) return null;
    return { ...live, rows };
  }

  /**
   * What a replica answers a coordinator (docs/adr/0012): the partition merged across every
   * source with its tombstones and expired cells, in canonical form (model/canonical-partition.ts),
   * rows within the slice's bounds in ascending order (its direction and limit are the
   * coordinator's to apply, after reconciling replicas), range tombstones that may reach into
   * the bounds, the static row and partition deletion always. null when nothing is left.
   */
  readUnfiltered(token: bigint, key: Uint8Array, slice: ClusteringSlice): PartitionUpdate | null {
    const bounds = boundsOnly(slice);
    const whole = isFullSlice(bounds);
    const merged = this.readMerged(token, key, whole ? null : bounds);
    if (merged === null) return null;
    const sliced = whole ? merged : withinBounds(merged, bounds);
    const canonical = canonicalPartition(sliced);
    return isEmptyPartition(canonical) ? null : canonical;
  }

  /**
   * Live partitions with tokens in (startToken, endToken], in token order, merged across
   * memtables and SSTables and filtered at `nowSeconds`; a lazy iterator, so a page reads only
   * what it returns (plus the sources' read-ahead).
   */
  *scan(startToken: bigint | undefined, endToken: bigint | undefined, nowSeconds: number): Generator<LivePartition> {
    for (const merged of this.scanMerged(startToken, endToken)) {
      const live = filterLive(merged, nowSeconds);
      if (live.rows.length > 0 || live.staticRow !== null) yield live;
    }
  }

  /**
   * scan() as a replica answers a range read: each partition as readUnfiltered gives it
   * (tombstones kept, canonical form), those holding only tombstones included.
   */
  *scanUnfiltered(startToken: bigint | undefined, endToken: bigint | undefined): Generator<PartitionUpdate> {
    for (const merged of this.scanMerged(startToken, endToken)) {
      const canonical = canonicalPartition(merged);
      if (!isEmptyPartition(canonical)) yield canonical;
    }
  }

  /** Partitions with tokens in (startToken, endToken], merged across every source, not filtered. */
  private *scanMerged(startToken: bigint | undefined, endToken: bigint | undefined): Generator<PartitionUpdate> {
    if (startToken !== undefined && endToken !== undefined && startToken >= endToken) return;
    const sources: Iterator<PartitionUpdate>[] = [this.active.partitions(startToken, endToken)];
    for (const frozen of this.flushing) if (!frozen.flushed) sources.push(frozen.memtable.partitions(startToken, endToken));
    for (const reader of this.sstables) {
      if (endToken !== undefined && reader.stats.minToken > endToken) continue;
      if (startToken !== undefined && reader.stats.maxToken <= startToken) continue;
      sources.push(reader.scan(startToken, endToken));
    }
    yield* mergePartitionStreams(sources);
  }

  /** Oldest write timestamp held outside `excluded` SSTables (the purge floor for compaction). */
  minTimestampOutside(excluded: ReadonlySet<number>): bigint {
    let min = 2n ** 63n - 1n;
    const consider = (t: bigint): void => {
      if (t < min) min = t;
    };
    if (this.isDirty()) consider(this.active.minTimestamp());
    for (const frozen of this.flushing) if (!frozen.flushed) consider(frozen.memtable.minTimestamp());
    for (const reader of this.sstables) if (!excluded.has(reader.descriptor.generation)) consider(reader.stats.minTimestamp);
    return min;
  }

  closeAll(): void {
    for (const reader of this.sstables) reader.close();
    this.sstables = [];
  }
}

/** The rows within a slice's bounds and the range tombstones that may reach into them. */
function withinBounds(partition: PartitionUpdate, slice: ClusteringSlice): PartitionUpdate {
  return {
    ...partition,
    rangeTombstones: partition.rangeTombstones.filter((t) => tombstoneMayIntersect(t, slice)),
    rows: partition.rows.filter((row) => isInSlice(row.clustering, slice)),
  };
}
