/**
 * CREATE, ALTER, TRUNCATE and DROP TABLE for the whole node, one change at a time. Each one
 * saves tables.json and runs a step on every storage thread (vnode/table-steps.ts), in the
 * order that keeps a crash at any point safe:
 *
 *   create    threads open empty stores (writes still refused) ─► saved with the threads'
 *             commit-log positions as replay points ─► writable. A crash before the save
 *             leaves no table; records logged under the id earlier (a dropped table's) are
 *             before the points, so replay never puts them into the new table.
 *   alter     saved ─► threads swap options and compaction strategies.
 *   truncate  each thread cuts the table at one instant and answers its position (at once a
 *             replay point in memory) ─► saved with those points ─► done. As in Cassandra
 *             (truncate, then save the truncation record), a crash before the save can leave
 *             the table partly truncated; the caller got no answer and may repeat it.
 *   drop      writes refused ─► saved without it (replay now skips its records) ─► threads
 *             delete its stores and folders ─► saved without its id in droppedTableIds.
 *   cleanup   threads flush it, each answering where its flushes began ─► saved with those
 *             as replay points ─► its SSTables rewritten (flushThenRewrite).
 *
 * `publish` hands the tables the threads must serve to the engine, which passes them to a
 * storage thread the runtime starts again after a crash.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import type { StoragePort } from '../../lib/storage-port.js';
import type { CommitLogPosition } from '../commitlog/commit-log-position.js';
import { copyTableOptions, validateTableOptions, type TableOptions } from '../table-options.js';
import type { TableStep } from '../vnode/table-steps.js';
import { mergeReplayPoints, type ReplayPoint } from './registered-table.js';
import type { TableRegistry } from './table-registry.js';
import { TableRegistryFile } from './table-registry-file.js';

/** How the changes reach the storage threads. */
export interface TableStepRunner {
  readonly threads: number;
  /** Runs `step` on one thread (again after the thread restarted, if it died on the way). */
  runOnThread(threadIndex: number, step: TableStep): Promise<CommitLogPosition>;
}

export class TableChanges {
  /** The change running now, and after it the ones queued. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly registry: TableRegistry,
    private readonly port: StoragePort,
    private readonly dataDirectory: string,
    private readonly steps: TableStepRunner,
    private readonly publish: (served: readonly TableOptions[]) => void,
  ) {}

  /** Resolves when the changes queued so far are done (for close). */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  async create(options: TableOptions): Promise<void> {
    validateTableOptions(options);
    const table = copyTableOptions(options);
    return this.serialize(async () => {
      const id = table.tableId;
      if (this.registry.isTaken(id)) {
        const name = this.registry.lookup(id)?.options.name;
        throw new InvalidRequestError(`table id ${id} is already registered${name === undefined ? '' : ` (${name})`}`);
      }
      this.registry.beginCreate(table);
      this.publish(this.registry.servedTables());
      try {
        const replayAfter = await this.onEveryThread({ kind: 'create-table', options: table });
        const created = { options: table, replayAfter };
        TableRegistryFile.save(this.port, this.dataDirectory, this.registry.contentsWith(created));
        this.registry.finishCreate(created);
      } catch (error) {
        this.registry.abandonCreate(id);
        this.publish(this.registry.servedTables());
        // The stores opened for it go with their folders; nothing was written to them.
        await this.onEveryThread({ kind: 'drop-table', tableId: id }).catch(() => undefined);
        throw error;
      }
    });
  }

  async alter(options: TableOptions): Promise<void> {
    validateTableOptions(options);
    const table = copyTableOptions(options);
    return this.serialize(async () => {
      const current = this.registered(table.tableId);
      const altered = { options: table, replayAfter: current.replayAfter };
      TableRegistryFile.save(this.port, this.dataDirectory, this.registry.contentsWith(altered));
      this.registry.replace(altered);
      this.publish(this.registry.servedTables());
      await this.onEveryThread({ kind: 'alter-table', options: table });
    });
  }

  truncate(tableId: number): Promise<void> {
    return this.serialize(async () => {
      this.registered(tableId);
      const step: TableStep = { kind: 'truncate-table', tableId };
      const points = await Promise.all(
        Array.from({ length: this.steps.threads }, async (_, thread) => {
          const point = replayPoint(thread, await this.steps.runOnThread(thread, step));
          this.registry.noteTruncation(tableId, point);
          return point;
        }),
      );
      const current = this.registered(tableId);
      const truncated = { options: current.options, replayAfter: mergeReplayPoints(current.replayAfter, points) };
      TableRegistryFile.save(this.port, this.dataDirectory, this.registry.contentsWith(truncated));
      this.registry.replace(truncated);
    });
  }

  drop(tableId: number): Promise<void> {
    return this.serialize(async () => {
      this.registered(tableId);
      this.registry.stopWrites(tableId);
      try {
        TableRegistryFile.save(this.port, this.dataDirectory, this.registry.contentsWithout(tableId));
      } catch (error) {
        this.registry.resumeWrites(tableId);
        throw error;
      }
      this.registry.remove(tableId);
      this.publish(this.registry.servedTables());
      await this.onEveryThread({ kind: 'drop-table', tableId });
      TableRegistryFile.save(this.port, this.dataDirectory, this.registry.contentsForgetting(tableId));
      this.registry.forgetDropped(tableId);
    });
  }

  /**
   * Flushes a table on every thread, moves its replay points up to where those flushes began
   * (saved), then runs `rewrite`: a cleanup, which rewrites the table's SSTables without some
   * partitions. Replay then never brings back from the commit log what the SSTables no longer
   * hold (Cassandra skips at replay what an SSTable's commit-log interval says it holds). A
   * crash before the save only leaves more to replay, all of it already in SSTables.
   */
  flushThenRewrite<R>(tableId: number, rewrite: () => Promise<R>): Promise<R> {
    return this.serialize(async () => {
      this.registered(tableId);
      const points = await this.onEveryThread({ kind: 'flush-table', tableId });
      const current = this.registered(tableId);
      const flushed = { options: current.options, replayAfter: mergeReplayPoints(current.replayAfter, points) };
      TableRegistryFile.save(this.port, this.dataDirectory, this.registry.contentsWith(flushed));
      this.registry.replace(flushed);
      return rewrite();
    });
  }

  private registered(tableId: number): { readonly options: TableOptions; readonly replayAfter: readonly ReplayPoint[] } {
    const table = this.registry.lookup(tableId);
    if (table === undefined) throw new InvalidRequestError(`unknown table id ${tableId}`);
    return table;
  }

  private async onEveryThread(step: TableStep): Promise<ReplayPoint[]> {
    return Promise.all(
      Array.from({ length: this.steps.threads }, async (_, thread) => replayPoint(thread, await this.steps.runOnThread(thread, step))),
    );
  }

  private serialize<R>(change: () => Promise<R>): Promise<R> {
    const run = this.queue.then(change);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function replayPoint(thread: number, position: CommitLogPosition): ReplayPoint {
  return { thread, segmentId: position.segmentId, offset: position.offset };
}
