/**
 * The tables a node serves, in memory on the main thread: what tables.json holds (registered
 * tables with their replay points) plus tables being created, which the storage threads
 * already serve but writes may not name yet.
 *
 *   createTable:   beginCreate ──► threads open stores ──► file saved ──► finishCreate (writable)
 *   alter/truncate: file saved ──► replace ──► threads apply
 *   dropTable:     stopWrites ──► file saved ──► remove ──► threads delete
 *
 * The engine saves the file first, from contentsWith/contentsWithout, and changes the registry
 * after: a failed save leaves the registry as it was. Dropped tables stay listed until every
 * vnode has deleted their folders (forgetDropped). `writableTableIds` is the Set the write
 * and read paths check (one lookup per mutation, as before): the registry keeps it current.
 */

import { assert } from '../../lib/assert.js';
import type { TableOptions } from '../table-options.js';
import { mergeReplayPoints, type RegisteredTable, type ReplayPoint } from './registered-table.js';
import { ReplayFilter } from './replay-filter.js';
import type { TableRegistryContents } from './table-registry-file.js';

export class TableRegistry {
  /** Tables writes and reads may name: registered and not being dropped. */
  readonly writableTableIds = new Set<number>();
  private readonly registered = new Map<number, RegisteredTable>();
  /** Being created: served by the threads, not registered or writable yet. */
  private readonly creating = new Map<number, TableOptions>();
  /** Dropped, with folders perhaps not all deleted yet. */
  private readonly dropped = new Set<number>();

  constructor({ tables, droppedTableIds }: TableRegistryContents) {
    for (const id of droppedTableIds) this.dropped.add(id);
    for (const table of tables) {
      assert(!this.registered.has(table.options.tableId), `table ${table.options.tableId} registered twice`);
      this.registered.set(table.options.tableId, table);
      this.writableTableIds.add(table.options.tableId);
    }
  }

  /** Registered or being created: an id CREATE must refuse. */
  isTaken(tableId: number): boolean {
    return this.registered.has(tableId) || this.creating.has(tableId);
  }

  lookup(tableId: number): RegisteredTable | undefined {
    return this.registered.get(tableId);
  }

  /** The registered tables' options, in registration order. */
  tables(): TableOptions[] {
    return [...this.registered.values()].map((t) => t.options);
  }

  /** What the storage threads serve: the registered tables and those being created. */
  servedTables(): TableOptions[] {
    return [...this.tables(), ...this.creating.values()];
  }

  /** What the file holds. */
  contents(): TableRegistryContents {
    return { tables: [...this.registered.values()], droppedTableIds: [...this.dropped] };
  }

  /** The contents with `table` added or replacing the one of its id (saved before replace or finishCreate). */
  contentsWith(table: RegisteredTable): TableRegistryContents {
    const id = table.options.tableId;
    const tables = [...this.registered.values()];
    return {
      tables: this.registered.has(id) ? tables.map((t) => (t.options.tableId === id ? table : t)) : [...tables, table],
      // A new table's folders were emptied when it was created.
      droppedTableIds: [...this.dropped].filter((dropped) => dropped !== id),
    };
  }

  /** The contents after dropping `tableId` (saved before remove). */
  contentsWithout(tableId: number): TableRegistryContents {
    return {
      tables: [...this.registered.values()].filter((t) => t.options.tableId !== tableId),
      droppedTableIds: [...new Set([...this.dropped, tableId])],
    };
  }

  /** The contents once a dropped table's folders are all gone. */
  contentsForgetting(tableId: number): TableRegistryContents {
    return { tables: [...this.registered.values()], droppedTableIds: [...this.dropped].filter((id) => id !== tableId) };
  }

  beginCreate(options: TableOptions): void {
    assert(!this.isTaken(options.tableId), `table ${options.tableId} is taken`);
    this.creating.set(options.tableId, options);
  }

  /** The create is saved: the table is registered and writable. */
  finishCreate(table: RegisteredTable): void {
    const id = table.options.tableId;
    assert(this.creating.delete(id), `table ${id} was not being created`);
    this.registered.set(id, table);
    this.writableTableIds.add(id);
    this.dropped.delete(id);
  }

  abandonCreate(tableId: number): void {
    this.creating.delete(tableId);
  }

  /** A saved ALTER or TRUNCATE: the table's entry is replaced, in place. */
  replace(table: RegisteredTable): void {
    assert(this.registered.has(table.options.tableId), `table ${table.options.tableId} is not registered`);
    this.registered.set(table.options.tableId, table);
  }

  /**
   * A truncate has cut one thread: its replay point takes effect at once, before the file is
   * saved, so a replay after that thread restarts (which may run before the truncate ends)
   * does not bring back what the cut discarded.
   */
  noteTruncation(tableId: number, point: ReplayPoint): void {
    const table = this.registered.get(tableId);
    if (table === undefined) return;
    this.registered.set(tableId, { ...table, replayAfter: mergeReplayPoints(table.replayAfter, [point]) });
  }

  stopWrites(tableId: number): void {
    this.writableTableIds.delete(tableId);
  }

  resumeWrites(tableId: number): void {
    if (this.registered.has(tableId)) this.writableTableIds.add(tableId);
  }

  /** A saved DROP: the table is gone, its folders not yet. */
  remove(tableId: number): void {
    this.registered.delete(tableId);
    this.writableTableIds.delete(tableId);
    this.dropped.add(tableId);
  }

  forgetDropped(tableId: number): void {
    this.dropped.delete(tableId);
  }

  replayFilter(): ReplayFilter {
    return new ReplayFilter(this.registered.values(), this.creating.keys());
  }
}
