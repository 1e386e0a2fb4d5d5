/**
 * Tables created, altered, truncated and dropped on a VNodeState driven directly (no threads):
 * a truncated or dropped table reads empty at once and its files go, also when a flush of it
 * is still running (the flush ends into nothing) or a compaction of it is running (aborted);
 * a created table starts empty over whatever its folder held; an alter swaps the compaction
 * strategy live; flush thresholds follow the number of busy tables on the thread.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/lib/clock.js';
import { ByteWriter } from '../../../../src/lib/bytes/byte-writer.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';
import { NodeStoragePort } from '../../../../src/lib/node-storage-port.js';
import { murmur3Token } from '../../../../src/cluster/ring/murmur3.js';
import { CommitLog } from '../../../../src/storage/commitlog/commit-log.js';
import { runFlush, type FlushRequest, type FlushResult } from '../../../../src/storage/flush/flush-task.js';
import { runCompaction } from '../../../../src/storage/compaction/compaction-task.js';
import type { CompactionRequest, CompactionResult } from '../../../../src/storage/compaction/compaction-request.js';
import { SlabPool } from '../../../../src/storage/memtable/slab-pool.js';
import { FULL_SLICE } from '../../../../src/storage/model/clustering-slice.js';
import { EMPTY_CLUSTERING } from '../../../../src/storage/model/row.js';
import { defaultStorageConfig } from '../../../../src/storage/storage-config.js';
import { defaultTableOptions, type TableOptions } from '../../../../src/storage/table-options.js';
import { applyTableStep } from '../../../../src/storage/vnode/table-steps.js';
import type { StorageThreadServices } from '../../../../src/storage/vnode/storage-thread-services.js';
import { VNodeRanges } from '../../../../src/storage/vnode/vnode-ranges.js';
import { VNodeState } from '../../../../src/storage/vnode/vnode-state.js';
import { beginBatch, finishBatch, VNodeMessageType, writeBatchRecord } from '../../../../src/storage/vnode/vnode-wire.js';
import { decode, mutation, row } from '../../../helpers/rows.js';

const A = 1;
const B = 2;
/** A value that makes its store busy (over 64 KiB in its memtable): it takes a share of the thread's memtable space. */
const BUSY_VALUE = 'v'.repeat(70 * 1024);
const port = new NodeStoragePort();
let dir: string;
let services: StorageThreadServices;
let state: VNodeState;
let commitLog: CommitLog;
let slabPool: SlabPool;
/** Flushes and compactions the test holds back; null runs them at once. */
let flushGate: Promise<void> | null;
let compactionStarted: (() => void) | null;
let compactionsAborted: number;
let holdCompactions: boolean;

const manualScheduler = { setTimeout: () => 0, clearTimeout: () => undefined };

function makeServices(tables: readonly TableOptions[]): StorageThreadServices {
  const clock = new ManualClock(1_700_000_000_000);
  commitLog = CommitLog.open(port, clock, manualScheduler, { directory: path.join(dir, 'commitlog'), syncMode: 'batch', syncPeriodMs: 10, segmentBytes: 1024 * 1024 });
  slabPool = new SlabPool(64 * 1024, 256);
  return {
    threadIndex: 0,
    config: { ...defaultStorageConfig(dir, tables), vnodeCount: 1, commitLogSync: 'batch', memtableBytesPerThread: 8 * 1024 * 1024 },
    port,
    clock,
    scheduler: manualScheduler,
    commitLog,
    slabPool,
    maintenance: {
      flush: async (request: FlushRequest): Promise<FlushResult> => {
        if (flushGate !== null) await flushGate;
        return runFlush(port, request);
      },
      compact: (request: CompactionRequest, signal?: AbortSignal): Promise<CompactionResult> => {
        if (!holdCompactions) return Promise.resolve(runCompaction(port, request, { clock, sleep: () => undefined }));
        compactionStarted?.();
        // Runs until aborted, as a long compaction would.
        return new Promise((_resolve, reject) =>
          signal?.addEventListener('abort', () => {
            compactionsAborted++;
            reject(new Error('aborted'));
          }),
        );
      },
      close: async () => undefined,
    },
    vnodes: new Map(),
  };
}

function batch(tableId: number, keys: readonly string[], value: string): Uint8Array {
  const writer = new ByteWriter();
  beginBatch(writer, VNodeMessageType.write);
  for (const key of keys) {
    const m = mutation(tableId, key, [row(EMPTY_CLUSTERING, { 0: value }, 1n)]);
    writeBatchRecord(writer, { ...m, token: murmur3Token(m.key) });
  }
  return finishBatch(writer, keys.length).slice();
}

function read(tableId: number, key: string): string | null {
  const k = new TextEncoder().encode(key);
  return decode(state.read(tableId, murmur3Token(k), k, FULL_SLICE)?.rows[0]?.cells[0]?.value);
}

const statusOf = (tableId: number) => state.status().tables.find((t) => t.tableId === tableId);
const folder = (tableId: number): string => path.join(dir, 'data', 'vnode-0', `table-${tableId}`);
const filesOf = (tableId: number): string[] => (fs.existsSync(folder(tableId)) ? fs.readdirSync(folder(tableId)).sort() : []);
const keys = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-vnode-tables-'));
  flushGate = null;
  compactionStarted = null;
  compactionsAborted = 0;
  holdCompactions = false;
  services = makeServices([defaultTableOptions(A, 'a'), defaultTableOptions(B, 'b')]);
  state = new VNodeState({ vnode: new VNodeRanges(1).ranges[0]!, vnodesOnThread: 1 }, services);
});
afterEach(() => {
  state.close();
  commitLog.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('truncateTable on a vnode', () => {
  it('empties the table at once, memtable and SSTables, deletes its files, and takes new writes', async () => {
    await state.write(batch(A, keys('flushed', 50), 'old'));
    await state.flushAll();
    await state.write(batch(A, keys('unflushed', 50), 'old'));
    await state.write(batch(B, ['other'], 'kept'));
    const oldFiles = filesOf(A);
    expect(oldFiles.length).toBeGreaterThan(0);
    const deleted = state.truncateTable(A);
    expect(read(A, 'flushed-3')).toBeNull();
    expect(read(A, 'unflushed-3')).toBeNull();
    expect(statusOf(A)).toMatchObject({ memtableRows: 0, sstables: 0 });
    await deleted;
    expect(filesOf(A)).toEqual([]);
    expect(read(B, 'other')).toBe('kept');
    await state.write(batch(A, ['fresh'], 'new'));
    await state.flushAll();
    expect(read(A, 'fresh')).toBe('new');
    // The fresh store's generations continue past the old ones: no file name is reused.
    expect(filesOf(A).some((f) => oldFiles.includes(f))).toBe(false);
  });

  it('lets a flush already running end into nothing, and resolves only once that flush has settled', async () => {
    const baseline = slabPool.stats().slabsInUse;
    let openGate!: () => void;
    flushGate = new Promise((resolve) => (openGate = resolve));
    await state.write(batch(A, keys('k', 200), 'v'.repeat(100)));
    const flushing = state.flushAll();
    expect(statusOf(A)?.flushingMemtables).toBe(1);
    let deleted = false;
    const truncated = state.truncateTable(A).then(() => (deleted = true));
    expect(read(A, 'k-1')).toBeNull();
    await new Promise((r) => setTimeout(r, 20));
    expect(deleted).toBe(false);
    openGate();
    await truncated;
    await flushing;
    expect(filesOf(A)).toEqual([]);
    expect(read(A, 'k-1')).toBeNull();
    expect(statusOf(A)).toMatchObject({ flushingMemtables: 0, sstables: 0 });
    // The truncated memtables' slabs are back in the pool.
    expect(slabPool.stats().slabsInUse).toBeLessThanOrEqual(baseline);
  });

  it('aborts a compaction of the table that is running, and only then deletes the files', async () => {
    holdCompactions = true;
    const started = new Promise<void>((resolve) => (compactionStarted = resolve));
    for (let round = 0; round < 4; round++) {
      await state.write(batch(A, keys(`r${round}`, 20), 'v'));
      await state.flushAll();
    }
    await started;
    expect(state.status().compactionsRunning).toBe(1);
    await state.truncateTable(A);
    expect(compactionsAborted).toBe(1);
    expect(state.status().compactionsRunning).toBe(0);
    expect(filesOf(A)).toEqual([]);
  });
});

describe('dropTable, createTable and alterTable on a vnode', () => {
  it('drops a table: reads and writes naming it are refused, its folder is deleted', async () => {
    await state.write(batch(A, ['a'], 'v'));
    await state.flushAll();
    await state.dropTable(A);
    expect(fs.existsSync(folder(A))).toBe(false);
    expect(() => read(A, 'a')).toThrow(InvalidRequestError);
    expect(() => state.write(batch(A, ['b'], 'v'))).toThrow(/unknown table id 1/);
    expect(state.status().tables.map((t) => t.tableId)).toEqual([B]);
  });

  it('creates a table empty, over whatever an earlier table of the same id left in its folder', async () => {
    await state.write(batch(A, ['a'], 'v'));
    await state.flushAll();
    const leftovers = filesOf(A);
    // As if a crash had stopped a drop before its files were gone.
    state.close();
    commitLog.close();
    services = makeServices([defaultTableOptions(B, 'b')]);
    state = new VNodeState({ vnode: new VNodeRanges(1).ranges[0]!, vnodesOnThread: 1 }, services);
    expect(filesOf(A)).toEqual(leftovers);
    await state.createTable(defaultTableOptions(A, 'a again'));
    expect(filesOf(A)).toEqual([]);
    expect(read(A, 'a')).toBeNull();
    await state.write(batch(A, ['a'], 'second'));
    expect(read(A, 'a')).toBe('second');
  });

  it('replaces the compaction strategy live: disabled, four SSTables stay; enabled again, they compact', async () => {
    state.alterTable({ ...defaultTableOptions(A, 'a'), compaction: { class: 'SizeTieredCompactionStrategy', enabled: 'false' } });
    for (let round = 0; round < 4; round++) {
      await state.write(batch(A, keys(`r${round}`, 20), 'v'));
      await state.flushAll();
    }
    await new Promise((r) => setTimeout(r, 30));
    expect(statusOf(A)?.sstables).toBe(4);
    state.alterTable({ ...defaultTableOptions(A, 'a'), compaction: { class: 'SizeTieredCompactionStrategy', min_threshold: '2' } });
    await until(() => statusOf(A)?.sstables === 1);
    expect(read(A, 'r2-7')).toBe('v');
  });

  it('shares the memtable space among the busy tables, following creates, writes and drops', async () => {
    const one = state.flushThreshold();
    await state.createTable(defaultTableOptions(3, 'c'));
    await state.createTable(defaultTableOptions(4, 'd'));
    expect(state.flushThreshold()).toBe(one);
    await state.write(batch(A, ['a'], BUSY_VALUE));
    await state.write(batch(3, ['c'], 'v'));
    // A table written with a few bytes (a schema table, a settings row) takes no share.
    expect(state.flushThreshold()).toBe(one);
    await state.write(batch(3, ['c2'], BUSY_VALUE));
    expect(state.flushThreshold()).toBe(one / 2);
    await state.write(batch(4, ['d'], BUSY_VALUE));
    await state.write(batch(B, ['b'], BUSY_VALUE));
    expect(state.flushThreshold()).toBe(one / 4);
    await state.dropTable(3);
    await state.dropTable(4);
    expect(state.flushThreshold()).toBe(one / 2);
  });

  it('gives every vnode of a thread the same threshold, however the busy tables fall among them', async () => {
    state.close();
    commitLog.close();
    const [first, second] = new VNodeRanges(2).ranges;
    services = makeServices([defaultTableOptions(A, 'a'), defaultTableOptions(3, 'c')]);
    state = new VNodeState({ vnode: first!, vnodesOnThread: 2 }, services);
    const other = new VNodeState({ vnode: second!, vnodesOnThread: 2 }, services);
    try {
      const perVnode = state.flushThreshold();
      expect(other.flushThreshold()).toBe(perVnode);
      await state.write(batch(A, ['a'], BUSY_VALUE));
      await other.write(batch(A, ['b'], BUSY_VALUE));
      await state.write(batch(3, ['c'], BUSY_VALUE));
      // Three busy stores share the thread: the one with two tables and the one with one alike.
      expect(state.flushThreshold()).toBe(Math.floor((perVnode * 2) / 3));
      expect(other.flushThreshold()).toBe(state.flushThreshold());
    } finally {
      other.close();
    }
  });
});

describe('table steps for a whole thread', () => {
  it('cuts every vnode of the thread at one commit-log position, the end of the last write before the truncate', async () => {
    await state.write(batch(A, ['before'], 'v'));
    const end = commitLog.currentPosition();
    const position = await applyTableStep(services, { kind: 'truncate-table', tableId: A });
    expect(position).toEqual(end);
    await state.write(batch(A, ['after'], 'v'));
    expect(read(A, 'before')).toBeNull();
    expect(read(A, 'after')).toBe('v');
  });

  it('brings a restarted thread to the registry: missing tables opened with their files, unregistered ones dropped', async () => {
    await state.write(batch(A, ['a'], 'kept'));
    await state.flushAll();
    state.close();
    commitLog.close();
    // The thread restarted with the tables of its first start: only B; the registry has A and C.
    services = makeServices([defaultTableOptions(B, 'b')]);
    state = new VNodeState({ vnode: new VNodeRanges(1).ranges[0]!, vnodesOnThread: 1 }, services);
    await applyTableStep(services, { kind: 'sync-tables', tables: [defaultTableOptions(A, 'a'), defaultTableOptions(3, 'c')] });
    expect(state.status().tables.map((t) => t.tableId).sort()).toEqual([A, 3]);
    expect(read(A, 'a')).toBe('kept');
    expect(fs.existsSync(folder(B))).toBe(false);
  });
});
