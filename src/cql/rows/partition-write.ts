/**
 * Builds one partition's mutation from CQL-level changes: rows with their liveness, cells of
 * simple and multi-cell columns, row, range and partition deletions. Statements of a batch
 * each build their own, and the batch merges those of one partition into one mutation
 * (executor/modification/partition-writes.ts).
 *
 * A statement may write one cell twice (`s = s + {1}, s = s - {1}`, `m['a'] = 2, m['a'] = 1`):
 * the row keeps one cell per name, the two reconciled as any two versions of a cell are
 * (Cassandra's row builder resolves them with Cells.reconcile): at one timestamp the tombstone
 * wins, and of two live cells the greater value.
 */

import type { Cell } from '../../storage/model/cell.js';
import { cellTombstone, compareCellNames, counterCell, expiringCell, liveCell, reconcileCells } from '../../storage/model/cell.js';
import type { DeletionTime } from '../../storage/model/deletion-time.js';
import { livenessInfo, type LivenessInfo } from '../../storage/model/liveness-info.js';
import type { ClusteringBound, RangeTombstone } from '../../storage/model/range-tombstone.js';
import { EMPTY_CLUSTERING, type Row } from '../../storage/model/row.js';
import type { WriteMutation } from '../../storage/storage-engine.js';
import type { ColumnMetadata } from '../schema/column-metadata.js';
import { serializeValue } from '../types/value-codec.js';
import { COLUMN_PATH } from './cell-paths.js';
import type { TableLayout } from './table-layout.js';
import type { WriteAttributes } from './write-attributes.js';

export class RowWrite {
  private liveness: LivenessInfo | null = null;
  private deletion: DeletionTime | null = null;
  private readonly cells: Cell[] = [];

  constructor(
    readonly clustering: Uint8Array,
    private readonly attributes: WriteAttributes,
  ) {}

  /** The primary-key liveness INSERT writes: the row exists even when every column is null. */
  markInserted(): void {
    const { timestamp, ttl, nowSeconds } = this.attributes;
    this.liveness = livenessInfo(timestamp, ttl, nowSeconds);
  }

  delete(): void {
    this.deletion = deletionAt(this.attributes);
  }

  /** A simple column (or a frozen value) set to bytes, or to null (a cell tombstone). */
  setCell(column: ColumnMetadata, value: Uint8Array | null, path: Uint8Array | null = null): void {
    const { timestamp, ttl, nowSeconds } = this.attributes;
    if (value === null) this.cells.push(cellTombstone(column.columnId, timestamp, nowSeconds, path));
    else if (ttl > 0) this.cells.push(expiringCell(column.columnId, value, timestamp, ttl, nowSeconds, path));
    else this.cells.push(liveCell(column.columnId, value, timestamp, path));
  }

  /** A counter's local shard, as a counter context (executor/modification/counter-update.ts). */
  setCounter(column: ColumnMetadata, context: Uint8Array): void {
    this.cells.push(counterCell(column.columnId, context, this.attributes.timestamp));
  }

  setValue(column: ColumnMetadata, value: unknown): void {
    this.setCell(column, value === null ? null : serializeValue(column.type, value));
  }

  /**
   * Deletes every element of a multi-cell column written before this write: a tombstone on the
   * column's own (empty) path, one microsecond older than the write so that elements the same
   * statement adds survive it, as Cassandra's complex deletion at timestamp - 1.
   */
  clearColumn(column: ColumnMetadata, beforeNewElements: boolean): void {
    const { timestamp, nowSeconds } = this.attributes;
    this.cells.push(cellTombstone(column.columnId, beforeNewElements ? timestamp - 1n : timestamp, nowSeconds, COLUMN_PATH));
  }

  get isEmpty(): boolean {
    return this.liveness === null && this.deletion === null && this.cells.length === 0;
  }

  build(): Row {
    this.cells.sort(compareCellNames);
    return { clustering: this.clustering, liveness: this.liveness, deletion: this.deletion, cells: reconcileSameNames(this.cells) };
  }
}

export class PartitionWrite {
  private readonly rows = new Map<string, RowWrite>();
  private staticRow: RowWrite | null = null;
  private deletion: DeletionTime | null = null;
  private readonly rangeTombstones: RangeTombstone[] = [];

  constructor(
    readonly layout: TableLayout,
    readonly key: Uint8Array,
    readonly attributes: WriteAttributes,
  ) {}

  row(clustering: Uint8Array): RowWrite {
    const id = Buffer.from(clustering.buffer, clustering.byteOffset, clustering.byteLength).toString('latin1');
    let row = this.rows.get(id);
    if (row === undefined) {
      row = new RowWrite(clustering, this.attributes);
      this.rows.set(id, row);
    }
    return row;
  }

  static(): RowWrite {
    this.staticRow ??= new RowWrite(EMPTY_CLUSTERING, this.attributes);
    return this.staticRow;
  }

  deletePartition(): void {
    this.deletion = deletionAt(this.attributes);
  }

  deleteRange(start: ClusteringBound, end: ClusteringBound): void {
    this.rangeTombstones.push({ start, end, deletion: deletionAt(this.attributes) });
  }

  build(): WriteMutation {
    const rows = [...this.rows.values()].map((r) => r.build());
    rows.sort((a, b) => Buffer.compare(a.clustering, b.clustering));
    const staticRow = this.staticRow === null || this.staticRow.isEmpty ? null : this.staticRow.build();
    return {
      tableId: this.layout.table.id,
      key: this.key,
      deletion: this.deletion,
      rangeTombstones: this.rangeTombstones,
      staticRow,
      rows,
    };
  }
}

/** Sorted cells with each name once: adjacent cells of one name reconciled into one. */
function reconcileSameNames(sorted: Cell[]): Cell[] {
  let i = 1;
  while (i < sorted.length && compareCellNames(sorted[i - 1]!, sorted[i]!) !== 0) i++;
  if (i >= sorted.length) return sorted;
  const unique = sorted.slice(0, i - 1);
  let current = sorted[i - 1]!;
  for (; i < sorted.length; i++) {
    const cell = sorted[i]!;
    if (compareCellNames(current, cell) === 0) current = reconcileCells(current, cell);
    else {
      unique.push(current);
      current = cell;
    }
  }
  unique.push(current);
  return unique;
}

function deletionAt({ timestamp, nowSeconds }: WriteAttributes): DeletionTime {
  return { markedForDeleteAt: timestamp, localDeletionTime: nowSeconds };
}
