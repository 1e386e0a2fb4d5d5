/**
 * VNodeState driven directly, without threads (STYLE rule 6), over a disk that can fill up:
 * a full disk fails writes cleanly, loses nothing acknowledged, and writes and flushes resume
 * when space returns.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/lib/clock.js';
import { ByteWriter } from '../../../../src/lib/bytes/byte-writer.js';
import { DiskFullError } from '../../../../src/lib/errors.js';
import { FaultyStoragePort } from '../../../../src/lib/faulty-storage-port.js';
import { NodeStoragePort } from '../../../../src/lib/node-storage-port.js';
import { murmur3Token } from '../../../../src/cluster/ring/murmur3.js';
import { CommitLog } from '../../../../src/storage/commitlog/commit-log.js';
import { runFlush } from '../../../../src/storage/flush/flush-task.js';
import { runCompaction } from '../../../../src/storage/compaction/compaction-task.js';
import { SlabPool } from '../../../../src/storage/memtable/slab-pool.js';
import { FULL_SLICE } from '../../../../src/storage/model/clustering-slice.js';
import { EMPTY_CLUSTERING } from '../../../../src/storage/model/row.js';
import { expiringCell } from '../../../../src/storage/model/cell.js';
import { defaultStorageConfig, type StorageConfig } from '../../../../src/storage/storage-config.js';
import { defaultTableOptions } from '../../../../src/storage/table-options.js';
import type { StorageThreadServices } from '../../../../src/storage/vnode/storage-thread-services.js';
import { VNodeRanges } from '../../../../src/storage/vnode/vnode-ranges.js';
import { VNodeState } from '../../../../src/storage/vnode/vnode-state.js';
import { beginBatch, finishBatch, VNodeMessageType, writeBatchRecord } from '../../../../src/storage/vnode/vnode-wire.js';
import { decode, mutation, row } from '../../../helpers/rows.js';

const TABLE = 1;
let dir: string;
let port: FaultyStoragePort;
let state: VNodeState;
let commitLog: CommitLog;
let clock: ManualClock;

const manualScheduler = { setTimeout: () => 0, clearTimeout: () => undefined };

function services(overrides: Partial<StorageConfig> = {}, segmentBytes = 1024 * 1024): StorageThreadServices {
  const config = { ...defaultStorageConfig(dir, [defaultTableOptions(TABLE, 't')]), vnodeCount: 1, commitLogSync: 'batch' as const, ...overrides };
  clock = new ManualClock(1_700_000_000_000);
  commitLog = CommitLog.open(port, clock, manualScheduler, { directory: path.join(dir, 'commitlog'), syncMode: 'batch', syncPeriodMs: 10, segmentBytes });
  return {
    threadIndex: 0,
    config,
    port,
    clock,
    scheduler: manualScheduler,
    commitLog,
    slabPool: new SlabPool(64 * 1024, 64),
    maintenance: {
      flush: async (request) => runFlush(port, request),
      compact: async (request) => runCompaction(port, request, { clock, sleep: () => undefined }),
      close: async () => undefined,
    },
    vnodes: new Map(),
  };
}

function batch(keys: string[], value: string): Uint8Array {
  const writer = new ByteWriter();
  beginBatch(writer, VNodeMessageType.write);
  for (const key of keys) {
    const m = mutation(TABLE, key, [row(EMPTY_CLUSTERING, { 0: value }, 1n)]);
    writeBatchRecord(writer, { ...m, token: murmur3Token(m.key) });
  }
  return finishBatch(writer, keys.length).slice();
}

const readValue = (key: string): string | null => {
  const k = new TextEncoder().encode(key);
  const p = state.read(TABLE, murmur3Token(k), k, FULL_SLICE);
  return decode(p?.rows[0]?.cells[0]?.value);
};

function reopen(overrides: Partial<StorageConfig>, segmentBytes?: number): void {
  state.close();
  commitLog.close();
  state = new VNodeState({ vnode: new VNodeRanges(1).ranges[0]!, vnodesOnThread: 1 }, services(overrides, segmentBytes));
}

async function settle(until: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !until(); i++) await new Promise((r) => setTimeout(r, 5));
}

const sstableCount = (): number => state.status().tables[0]!.sstables;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-vnode-'));
  port = new FaultyStoragePort(new NodeStoragePort());
  state = new VNodeState({ vnode: new VNodeRanges(1).ranges[0]!, vnodesOnThread: 1 }, services());
});
afterEach(() => {
  state.close();
  commitLog.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('VNodeState on a full disk', () => {
  it('fails the write with DiskFullError, applies nothing of it, and resumes when space returns', async () => {
    await state.write(batch(['a', 'b'], 'acked'));
    port.full = true;
    expect(() => state.write(batch(['c'], 'refused'))).toThrow(DiskFullError);
    expect(readValue('c')).toBeNull();
    expect(readValue('a')).toBe('acked');
    port.full = false;
    await state.write(batch(['c'], 'later'));
    expect(readValue('c')).toBe('later');
  });

  it('keeps a memtable whose flush hit a full disk and flushes it once space returns', async () => {
    await state.write(batch(['x', 'y'], 'v'));
    port.full = true;
    await expect(state.flushAll()).rejects.toThrow(/flushes failed/);
    expect(readValue('x')).toBe('v');
    port.full = false;
    await state.flushAll();
    expect(state.status().tables[0]!.sstables).toBe(1);
    expect(readValue('y')).toBe('v');
  });
});

describe('VNodeState compaction', () => {
  it('compacts four flushed SSTables into one (size-tiered) and keeps every row readable', async () => {
    for (let round = 0; round < 4; round++) {
      await state.write(batch([`r${round}-a`, `r${round}-b`, 'shared'], `v${round}`));
      await state.flushAll();
    }
    for (let i = 0; i < 20 && state.status().tables[0]!.sstables > 1; i++) await new Promise((r) => setTimeout(r, 10));
    expect(state.status().tables[0]!.sstables).toBe(1);
    expect(readValue('r0-a')).toBe('v0');
    expect(readValue('r3-b')).toBe('v3');
    // Same timestamp in every round: the greater value wins the tie, as in Cassandra.
    expect(readValue('shared')).toBe('v3');
    const files = fs.readdirSync(path.join(dir, 'data', 'vnode-0', 'table-1'));
    expect(files.filter((f) => f.endsWith('-TOC.db'))).toHaveLength(1);
  });
});

describe('VNodeState flush triggers and commit-log recycling', () => {
  it('flushes a memtable when its table period has passed (memtable_flush_period_in_ms)', async () => {
    reopen({ tables: [{ ...defaultTableOptions(TABLE, 't'), memtableFlushPeriodMs: 1000 }] });
    await state.write(batch(['p'], 'v'));
    state.tick();
    expect(sstableCount()).toBe(0);
    clock.advanceMs(1500);
    state.tick();
    await settle(() => sstableCount() === 1);
    expect(sstableCount()).toBe(1);
  });

  it('flushes when the commit log outgrows its space, then deletes the segments no memtable needs', async () => {
    reopen({ commitLogTotalBytesMax: 200 * 1024 }, 64 * 1024);
    const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);
    for (let round = 0; round < 12; round++) await state.write(batch(keys.map((k) => `${k}-${round}`), 'x'.repeat(200)));
    await settle(() => state.status().tables[0]!.flushingMemtables === 0 && sstableCount() > 0);
    expect(sstableCount()).toBeGreaterThan(0);
    await state.flushAll();
    // Only the active segment is left: every other one held data now in SSTables.
    expect(commitLog.stats().segments).toBe(1);
    expect(readValue('k5-3')).toBe('x'.repeat(200));
  });

  // Phase 0.5 (another node of a cluster): the same stagger, half a turn on, so the replica
  // that receives the same writes flushes the other memtable first.
  it.each([
    { phase: 0, firstRound: [1, 0] },
    { phase: 0.5, firstRound: [0, 1] },
  ])('staggers the first flush of the memtables of a thread (phase $phase), then flushes each at the threshold', async ({ phase, firstRound }) => {
    // Two threads, four vnodes: vnodes 0 and 2 share thread 0; memtables of 512 KiB (2 MiB a
    // thread, half for active memtables, two vnodes). At phase 0 vnode 0 first flushes at half
    // of that, vnode 2 at three quarters, so the same writes freeze one and not the other.
    state.close();
    commitLog.close();
    const shared = services({ vnodeCount: 4, storageThreads: 2, memtableBytesPerThread: 2 * 1024 * 1024, flushStaggerPhase: phase });
    const ranges = new VNodeRanges(4).ranges;
    const first = new VNodeState({ vnode: ranges[0]!, vnodesOnThread: 2 }, shared);
    const second = new VNodeState({ vnode: ranges[2]!, vnodesOnThread: 2 }, shared);
    state = first;
    const keysOf = (vnode: number, count: number, prefix: string): string[] => {
      const keys: string[] = [];
      for (let i = 0; keys.length < count; i++) {
        const key = `${prefix}-${i}`;
        if (new VNodeRanges(4).lookupVNode(murmur3Token(new TextEncoder().encode(key))) === vnode) keys.push(key);
      }
      return keys;
    };
    const flushes = (s: VNodeState): number => s.status().tables[0]!.sstables + s.status().tables[0]!.flushingMemtables;
    const value = 'v'.repeat(900);
    // ~1 KiB of memtable per row: 320 rows pass 256 KiB and stay under 384 KiB.
    for (const [s, vnode] of [[first, 0], [second, 2]] as const) {
      for (const keys of chunks(keysOf(vnode, 320, 'a'), 40)) await s.write(batch(keys, value));
    }
    expect([flushes(first), flushes(second)]).toEqual(firstRound);
    // 320 more rows each: the later one passes 384 KiB and flushes; the earlier, now at the
    // full 512 KiB threshold, holds ~345 KB and does not flush again.
    for (const [s, vnode] of [[first, 0], [second, 2]] as const) {
      for (const keys of chunks(keysOf(vnode, 320, 'b'), 40)) await s.write(batch(keys, value));
    }
    expect(flushes(first)).toBe(1);
    expect(flushes(second)).toBe(1);
    second.close();
  });

  it('stops returning an expiring cell once its TTL has passed', async () => {
    const writer = new ByteWriter();
    beginBatch(writer, VNodeMessageType.write);
    const key = new TextEncoder().encode('ttl');
    const cells = [expiringCell(0, new TextEncoder().encode('soon gone'), 1n, 10, clock.nowSeconds())];
    writeBatchRecord(writer, { tableId: TABLE, token: murmur3Token(key), key, deletion: null, rangeTombstones: [], staticRow: null, rows: [{ clustering: EMPTY_CLUSTERING, liveness: null, deletion: null, cells }] });
    await state.write(finishBatch(writer, 1).slice());
    expect(readValue('ttl')).toBe('soon gone');
    clock.advanceMs(11_000);
    expect(readValue('ttl')).toBeNull();
  });
});

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
