/**
 * The registry StorageEngine.open builds before threads start and replay runs: tables given
 * to open() join the persisted ones; a table new to an existing registry skips whatever the
 * commit log holds under its id (an earlier, dropped table's records); folders of dropped
 * tables are deleted; the replay filter follows the registry.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../../../src/lib/errors.js';
import { NodeStoragePort } from '../../../../src/lib/node-storage-port.js';
import { segmentFileName } from '../../../../src/storage/commitlog/segment-file-name.js';
import { defaultTableOptions } from '../../../../src/storage/table-options.js';
import { openTableRegistry } from '../../../../src/storage/tables/open-table-registry.js';
import { TableRegistryFile } from '../../../../src/storage/tables/table-registry-file.js';

let dir: string;
const port = new NodeStoragePort();

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-open-registry-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function segment(thread: number, segmentId: number): void {
  const folder = path.join(dir, 'commitlog', `t${thread}`);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, segmentFileName(segmentId)), '');
}

function tableFolder(vnode: number, tableId: number): string {
  const folder = path.join(dir, 'data', `vnode-${vnode}`, `table-${tableId}`);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'sb-1-TOC.db'), '');
  return folder;
}

describe('openTableRegistry', () => {
  it('registers the tables given to a new directory, replaying all of their records, and saves them', () => {
    segment(0, 100);
    const registry = openTableRegistry(port, dir, [defaultTableOptions(1, 'ks.a'), defaultTableOptions(2, 'ks.b')]);
    expect(registry.tables().map((t) => t.tableId)).toEqual([1, 2]);
    expect([...registry.writableTableIds]).toEqual([1, 2]);
    expect(TableRegistryFile.load(port, dir)?.tables.map((t) => t.replayAfter)).toEqual([[], []]);
    const filter = registry.replayFilter();
    expect(filter.decide(1, 0, { segmentId: 100, offset: 20 })).toBe('replay');
    expect(filter.decide(3, 0, { segmentId: 100, offset: 20 })).toBe('unknown-table');
  });

  it('keeps persisted tables that open() does not name, and takes changed options for those it does', () => {
    openTableRegistry(port, dir, [defaultTableOptions(1, 'ks.a'), defaultTableOptions(2, 'ks.b')]);
    const altered = { ...defaultTableOptions(2, 'ks.b'), gcGraceSeconds: 60 };
    const registry = openTableRegistry(port, dir, [altered]);
    expect(registry.tables()).toEqual([defaultTableOptions(1, 'ks.a'), altered]);
    expect(TableRegistryFile.load(port, dir)?.tables.map((t) => t.options)).toEqual([defaultTableOptions(1, 'ks.a'), altered]);
  });

  it('skips the logged records of an id new to an existing registry: they belong to an earlier table', () => {
    openTableRegistry(port, dir, [defaultTableOptions(1, 'ks.a')]);
    segment(0, 100);
    segment(0, 105);
    segment(1, 90);
    const registry = openTableRegistry(port, dir, [defaultTableOptions(7, 'ks.new')]);
    const filter = registry.replayFilter();
    expect(filter.decide(7, 0, { segmentId: 105, offset: 1_000_000 })).toBe('before-replay-point');
    expect(filter.decide(7, 1, { segmentId: 90, offset: 20 })).toBe('before-replay-point');
    // The next run's segments come after every one on disk.
    expect(filter.decide(7, 0, { segmentId: 106, offset: 20 })).toBe('replay');
    expect(filter.decide(7, 2, { segmentId: 1, offset: 20 })).toBe('replay');
    expect(filter.decide(1, 0, { segmentId: 100, offset: 20 })).toBe('replay');
  });

  it('deletes the folders of dropped tables and forgets them, leaving unknown folders alone', () => {
    openTableRegistry(port, dir, [defaultTableOptions(1, 'ks.a')]);
    TableRegistryFile.save(port, dir, { ...TableRegistryFile.load(port, dir)!, droppedTableIds: [3] });
    const dropped = [tableFolder(0, 3), tableFolder(1, 3)];
    const kept = [tableFolder(0, 1), tableFolder(0, 8)];
    openTableRegistry(port, dir, []);
    expect(dropped.map((f) => fs.existsSync(f))).toEqual([false, false]);
    expect(kept.map((f) => fs.existsSync(f))).toEqual([true, true]);
    expect(TableRegistryFile.load(port, dir)?.droppedTableIds).toEqual([]);
  });

  it('refuses an id given twice or options the engine cannot run, writing nothing', () => {
    expect(() => openTableRegistry(port, dir, [defaultTableOptions(1, 'a'), defaultTableOptions(1, 'b')])).toThrow(/given twice/);
    expect(() => openTableRegistry(port, dir, [{ ...defaultTableOptions(1, 'a'), gcGraceSeconds: -1 }])).toThrow(InvalidRequestError);
    expect(() => openTableRegistry(port, dir, [{ ...defaultTableOptions(1, 'a'), compaction: { class: 'X' } }])).toThrow(/unknown compaction class/);
    expect(TableRegistryFile.load(port, dir)).toBeNull();
  });
});

describe('TableRegistry', () => {
  it('serves a table being created without letting writes or replay name it, until the create is saved', () => {
    const registry = openTableRegistry(port, dir, [defaultTableOptions(1, 'ks.a')]);
    registry.beginCreate(defaultTableOptions(2, 'ks.b'));
    expect(registry.isTaken(2)).toBe(true);
    expect(registry.servedTables().map((t) => t.tableId)).toEqual([1, 2]);
    expect(registry.tables().map((t) => t.tableId)).toEqual([1]);
    expect(registry.writableTableIds.has(2)).toBe(false);
    expect(registry.replayFilter().decide(2, 0, { segmentId: 9, offset: 20 })).toBe('unknown-table');
    registry.finishCreate({ options: defaultTableOptions(2, 'ks.b'), replayAfter: [{ thread: 0, segmentId: 9, offset: 100 }] });
    expect(registry.writableTableIds.has(2)).toBe(true);
    expect(registry.replayFilter().decide(2, 0, { segmentId: 9, offset: 20 })).toBe('before-replay-point');
    expect(registry.replayFilter().decide(2, 0, { segmentId: 9, offset: 100 })).toBe('replay');
  });

  it('moves a truncated thread\'s replay point at once, and lists a dropped table until its folders are gone', () => {
    const registry = openTableRegistry(port, dir, [defaultTableOptions(1, 'ks.a')]);
    registry.noteTruncation(1, { thread: 1, segmentId: 50, offset: 64 });
    expect(registry.replayFilter().decide(1, 1, { segmentId: 50, offset: 20 })).toBe('before-replay-point');
    expect(registry.replayFilter().decide(1, 0, { segmentId: 50, offset: 20 })).toBe('replay');
    expect(registry.contentsWithout(1)).toEqual({ tables: [], droppedTableIds: [1] });
    registry.remove(1);
    expect(registry.isTaken(1)).toBe(false);
    expect(registry.contents().droppedTableIds).toEqual([1]);
    expect(registry.contentsWith({ options: defaultTableOptions(1, 'again'), replayAfter: [] }).droppedTableIds).toEqual([]);
    registry.forgetDropped(1);
    expect(registry.contents()).toEqual({ tables: [], droppedTableIds: [] });
  });
});
