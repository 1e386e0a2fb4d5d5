/**
 * The table registry as StorageEngine.open builds it, before any thread starts and before the
 * commit log is replayed:
 *
 *   1. tables.json, if the directory has one (a damaged file stops the open, named);
 *   2. the folders of dropped tables are deleted (a drop that a crash interrupted after
 *      saving the registry finishes here);
 *   3. plus each table given to open(): a registered one takes the options given, a new one
 *      is registered. In a directory that had no tables.json (new, or written before the
 *      registry existed) a new table replays everything; otherwise whatever the commit log
 *      holds under its id belongs to an earlier, dropped table, so its replay points are set
 *      past every segment on disk;
 *   4. tables.json is saved if anything changed.
 */

import path from 'node:path';
import { InvalidRequestError } from '../../lib/errors.js';
import type { StoragePort } from '../../lib/storage-port.js';
import { parseSegmentFileName } from '../commitlog/segment-file-name.js';
import { copyTableOptions, sameTableOptions, validateTableOptions, type TableOptions } from '../table-options.js';
import type { RegisteredTable, ReplayPoint } from './registered-table.js';
import { TableRegistry } from './table-registry.js';
import { TableRegistryFile } from './table-registry-file.js';

const THREAD_DIRECTORY = /^t(\d+)$/;
const VNODE_DIRECTORY = /^vnode-\d+$/;

export function openTableRegistry(port: StoragePort, dataDirectory: string, openTables: readonly TableOptions[]): TableRegistry {
  const given = new Set<number>();
  for (const options of openTables) {
    validateTableOptions(options);
    if (given.has(options.tableId)) throw new InvalidRequestError(`table id ${options.tableId} is given twice`);
    given.add(options.tableId);
  }
  const stored = TableRegistryFile.load(port, dataDirectory);
  if (stored === null) {
    const contents = { tables: openTables.map((options) => ({ options: copyTableOptions(options), replayAfter: [] })), droppedTableIds: [] };
    TableRegistryFile.save(port, dataDirectory, contents);
    return new TableRegistry(contents);
  }
  for (const tableId of stored.droppedTableIds) deleteTableFolders(port, dataDirectory, tableId);
  let changed = stored.droppedTableIds.length > 0;
  const tables = new Map<number, RegisteredTable>(stored.tables.map((t) => [t.options.tableId, t]));
  let pastLog: ReplayPoint[] | null = null;
  for (const options of openTables) {
    const existing = tables.get(options.tableId);
    if (existing !== undefined && sameTableOptions(existing.options, options)) continue;
    changed = true;
    pastLog ??= replayPointsPastLog(port, dataDirectory);
    tables.set(options.tableId, { options: copyTableOptions(options), replayAfter: existing?.replayAfter ?? pastLog });
  }
  const contents = { tables: [...tables.values()], droppedTableIds: [] };
  if (changed) TableRegistryFile.save(port, dataDirectory, contents);
  return new TableRegistry(contents);
}

/** For each commit-log directory, a point after every segment in it now. */
export function replayPointsPastLog(port: StoragePort, dataDirectory: string): ReplayPoint[] {
  const root = path.join(dataDirectory, 'commitlog');
  if (!port.exists(root)) return [];
  const points: ReplayPoint[] = [];
  for (const name of port.readdir(root)) {
    const match = THREAD_DIRECTORY.exec(name);
    if (match === null) continue;
    let lastSegmentId = -1;
    for (const file of port.readdir(path.join(root, name))) {
      const parsed = parseSegmentFileName(file);
      if (parsed !== null) lastSegmentId = Math.max(lastSegmentId, parsed.segmentId);
    }
    // The thread's next run starts its segment ids past every one on disk (commit-log.ts).
    if (lastSegmentId >= 0) points.push({ thread: Number(match[1]), segmentId: lastSegmentId + 1, offset: 0 });
  }
  return points.sort((a, b) => a.thread - b.thread);
}

/** data/vnode-<i>/table-<id> for every vnode. */
function deleteTableFolders(port: StoragePort, dataDirectory: string, tableId: number): void {
  const root = path.join(dataDirectory, 'data');
  if (!port.exists(root)) return;
  for (const vnode of port.readdir(root)) {
    if (VNODE_DIRECTORY.test(vnode)) port.removeTree(path.join(root, vnode, `table-${tableId}`));
  }
}
