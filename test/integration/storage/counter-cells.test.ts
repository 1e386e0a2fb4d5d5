/**
 * Counter cells end to end through a real StorageEngine (worker threads, memtables, SSTables,
 * compaction, commit-log replay): increments written as Cassandra's local counter path does
 * (read the local shard, write it back with clock + 1), with flushes in between, read back to
 * the right total from any mix of sources; a write seen twice counts once; a deleted counter
 * stays deleted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageEngine } from '../../../src/storage/storage-engine.js';
import { defaultTableOptions } from '../../../src/storage/table-options.js';
import { counterCell, counterTombstone } from '../../../src/storage/model/cell.js';
import { EMPTY_COUNTER_CONTEXT, counterContextTotal, localShardOf, withLocalShard } from '../../../src/storage/model/counter-context.js';
import type { Cell } from '../../../src/storage/model/cell.js';
import { EMPTY_CLUSTERING } from '../../../src/storage/model/row.js';
import { mutation, text } from '../../helpers/rows.js';
import { counterId } from '../../unit/storage/model/counter-fixtures.js';

const TABLE = 1;
const COLUMN = 0;
const NOW = 1_700_000_000;
const tables = [defaultTableOptions(TABLE, 'ks.counters')];
let dir: string;
let engine: StorageEngine | null = null;

const open = async (): Promise<StorageEngine> =>
  (engine = await StorageEngine.open({ dataDirectory: dir, tables, threads: 2, vnodeCount: 4, commitLogSync: 'group', commitLogSyncPeriodMs: 5 }));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-counters-'));
});
afterEach(async () => {
  await engine?.close();
  engine = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

const counterMutation = (key: string, cell: Cell) =>
  mutation(TABLE, key, [{ clustering: EMPTY_CLUSTERING, liveness: null, deletion: null, cells: [cell] }]);

async function storedCell(db: StorageEngine, key: string): Promise<Cell | null> {
  const partition = await db.read(TABLE, text(key));
  return partition?.rows[0]?.cells[0] ?? null;
}

async function total(db: StorageEngine, key: string): Promise<bigint | null> {
  const cell = await storedCell(db, key);
  if (cell === null) return null;
  expect(cell.counter).toBe(true);
  return counterContextTotal(cell.value!);
}

/** Cassandra's local counter path: read the host's shard, write it back with clock + 1. */
async function increment(db: StorageEngine, key: string, host: number, delta: bigint, timestamp: bigint): Promise<Cell> {
  const stored = await storedCell(db, key);
  const local = stored?.value == null ? null : localShardOf(stored.value, counterId(host));
  const context = withLocalShard(EMPTY_COUNTER_CONTEXT, counterId(host), (local?.clock ?? 0n) + 1n, (local?.value ?? 0n) + delta);
  const cell = counterCell(COLUMN, context, timestamp);
  await db.write([counterMutation(key, cell)]);
  return cell;
}

describe('counter cells in the StorageEngine', () => {
  it('sums increments from several hosts across memtable and SSTables, before and after compaction', async () => {
    const db = await open();
    let expected = 0n;
    for (let i = 0; i < 12; i++) {
      const delta = BigInt(i * 7 - 20);
      await increment(db, 'views', i % 3, delta, BigInt(100 + i));
      expected += delta;
      if (i % 4 === 3) await db.flush();
      expect(await total(db, 'views')).toBe(expected);
    }
    await db.compact();
    expect(await total(db, 'views')).toBe(expected);
    // Compacted to one SSTable, the partition takes the stored-bytes read path: still a counter.
    await increment(db, 'views', 0, 1000n, 200n);
    expect(await total(db, 'views')).toBe(expected + 1000n);
  });

  it('counts a write once when it arrives again, in the memtable, after a flush or through a compaction', async () => {
    const db = await open();
    const first = await increment(db, 'clicks', 1, 5n, 10n);
    await db.write([counterMutation('clicks', first)]);
    expect(await total(db, 'clicks')).toBe(5n);
    await db.flush();
    await db.write([counterMutation('clicks', first)]);
    expect(await total(db, 'clicks')).toBe(5n);
    await db.flush();
    await increment(db, 'clicks', 1, 3n, 11n);
    await db.compact();
    expect(await total(db, 'clicks')).toBe(8n);
  });

  it('replays the commit log after a thread dies without counting flushed increments twice', async () => {
    const db = await open();
    const keys = Array.from({ length: 40 }, (_, i) => `replayed-${i}`);
    for (const key of keys) await increment(db, key, 1, 2n, 10n);
    await db.flush();
    for (const key of keys) await increment(db, key, 2, 3n, 11n);
    await db.crashThreadForTesting(0);
    let totals: (bigint | null)[] = [];
    for (let attempt = 0; attempt < 100; attempt++) {
      await db.awaitRecovery();
      const reads = await Promise.allSettled(keys.map((k) => total(db, k)));
      totals = reads.map((r) => (r.status === 'fulfilled' ? r.value : null));
      if (totals.every((t) => t === 5n)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(totals).toEqual(keys.map(() => 5n));
  });

  it('keeps a deleted counter deleted: its tombstone beats later increments, through flushes and compaction', async () => {
    const db = await open();
    await increment(db, 'gone', 1, 5n, 10n);
    await db.flush();
    await db.write([counterMutation('gone', counterTombstone(COLUMN, 11n, NOW))]);
    await db.flush();
    await db.write([counterMutation('gone', counterCell(COLUMN, withLocalShard(EMPTY_COUNTER_CONTEXT, counterId(1), 2n, 9n), 50n))]);
    expect(await db.read(TABLE, text('gone'))).toBeNull();
    await db.flush();
    await db.compact();
    expect(await db.read(TABLE, text('gone'))).toBeNull();
  });

  it('refuses a counter cell with a TTL or a torn context, applying nothing', async () => {
    const db = await open();
    const good = withLocalShard(EMPTY_COUNTER_CONTEXT, counterId(1), 1n, 1n);
    const expiring: Cell = { ...counterCell(COLUMN, good, 10n), ttl: 60, localDeletionTime: NOW + 60 };
    await expect(db.write([counterMutation('bad', expiring)])).rejects.toThrow(/cannot expire/);
    await expect(db.write([counterMutation('bad', counterCell(COLUMN, good.subarray(0, 31), 10n))])).rejects.toThrow(/counter context/);
    expect(await db.read(TABLE, text('bad'))).toBeNull();
  });
});
