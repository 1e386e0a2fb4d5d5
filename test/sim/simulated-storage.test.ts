/**
 * The simulator's storage keeps the engine's promises on a simulated disk: a write is visible
 * and acknowledged only once synced; a crash keeps what was synced and at most a prefix of the
 * rest (the torn record and everything after it gone); a full disk refuses a write whole;
 * TRUNCATE survives a restart; replicas answer canonical partitions, so equal data has equal
 * digests whatever order it arrived in.
 */

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SeededRandom } from '../../src/lib/random.js';
import { DiskFullError, InvalidRequestError } from '../../src/lib/errors.js';
import { liveCell } from '../../src/storage/model/cell.js';
import { livenessInfo } from '../../src/storage/model/liveness-info.js';
import { partitionDigest } from '../../src/storage/model/partition-digest.js';
import type { WriteMutation } from '../../src/storage/storage-engine.js';
import { defaultTableOptions } from '../../src/storage/table-options.js';
import { SimulatedDisk } from './simulated-disk.js';
import { NodeCrashedError, SimulatedStorage } from './simulated-storage.js';
import { SimulatedTime } from './simulated-time.js';

const TABLE = 1000;
const SYNC_WINDOW_MS = 2;

function rig(disk = new SimulatedDisk(), time = new SimulatedTime(1_700_000_000_000)) {
  const open = () =>
    SimulatedStorage.open({
      port: disk.port(),
      directory: '/sim/node1/data',
      timers: time,
      clock: time.clock,
      tables: [defaultTableOptions(TABLE, 'kv')],
      syncWindowMs: SYNC_WINDOW_MS,
    });
  return { disk, time, open };
}

function put(key: string, value: string, timestamp: bigint): WriteMutation {
  return {
    tableId: TABLE,
    key: Buffer.from(key),
    deletion: null,
    rangeTombstones: [],
    staticRow: null,
    rows: [{ clustering: new Uint8Array(0), liveness: livenessInfo(timestamp), deletion: null, cells: [liveCell(1, Buffer.from(value), timestamp)] }],
  };
}

function deleteOf(key: string, timestamp: bigint, nowSeconds: number): WriteMutation {
  return { tableId: TABLE, key: Buffer.from(key), deletion: { markedForDeleteAt: timestamp, localDeletionTime: nowSeconds }, rangeTombstones: [], staticRow: null, rows: [] };
}

async function valueOf(storage: SimulatedStorage, key: string): Promise<string | null> {
  const partition = await storage.read(TABLE, Buffer.from(key));
  const value = partition?.rows[0]?.cells[0]?.value;
  return value === undefined || value === null ? null : Buffer.from(value).toString();
}

describe('SimulatedStorage', () => {
  it('acknowledges a write when its group is synced, and only then shows it to reads', async () => {
    const { time, open } = rig();
    const storage = open();
    let acked = false;
    const write = storage.write([put('a', 'one', 10n)]).then(() => (acked = true));
    await time.runFor(SYNC_WINDOW_MS - 1);
    expect(acked).toBe(false);
    expect(await valueOf(storage, 'a')).toBeNull();
    await time.settle(write, 10);
    expect(acked).toBe(true);
    expect(await valueOf(storage, 'a')).toBe('one');
  });

  it('keeps synced writes across a crash and loses the unsynced ones, whose writers see the crash', async () => {
    const { disk, time, open } = rig();
    const first = open();
    await time.settle(first.write([put('a', 'one', 10n)]), 10);
    const lost = first.write([put('b', 'two', 11n)]);
    disk.crash(new SeededRandom(0));
    first.crash();
    await expect(lost).rejects.toBeInstanceOf(NodeCrashedError);
    const second = open();
    expect(await valueOf(second, 'a')).toBe('one');
    // Torn or not, the unsynced write may come back (its bytes reached the disk) but was never acknowledged.
    expect(['two', null]).toContain(await valueOf(second, 'b'));
  });

  it('after a crash holds the synced writes and a prefix of the unsynced ones, never a write after a torn one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 8 }), async (seed, unsynced) => {
        const { disk, time, open } = rig();
        const storage = open();
        await time.settle(storage.write([put('synced', 'yes', 1n)]), 10);
        const pending = Array.from({ length: unsynced }, (_, i) => storage.write([put(`k${i}`, `v${i}`, BigInt(10 + i))]).catch(() => undefined));
        disk.crash(new SeededRandom(seed));
        storage.crash();
        await Promise.all(pending);
        const after = open();
        expect(await valueOf(after, 'synced')).toBe('yes');
        const present = await Promise.all(Array.from({ length: unsynced }, async (_, i) => (await valueOf(after, `k${i}`)) !== null));
        const kept = present.indexOf(false) === -1 ? unsynced : present.indexOf(false);
        expect(present).toEqual(present.map((_, i) => i < kept));
        // What was replayed is written on: a later write survives a clean restart with the rest.
        await time.settle(after.write([put('later', 'yes', 100n)]), 10);
        await after.close();
        const again = open();
        expect(await valueOf(again, 'later')).toBe('yes');
        for (let i = 0; i < unsynced; i++) expect((await valueOf(again, `k${i}`)) !== null).toBe(present[i]);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses writes with DiskFullError while the disk is full, applying nothing, and takes them when space returns', async () => {
    const { disk, time, open } = rig();
    const storage = open();
    disk.full = true;
    await expect(storage.write([put('a', 'one', 10n)])).rejects.toBeInstanceOf(DiskFullError);
    await time.runFor(10);
    expect(await valueOf(storage, 'a')).toBeNull();
    disk.full = false;
    await time.settle(storage.write([put('a', 'two', 11n)]), 10);
    expect(await valueOf(storage, 'a')).toBe('two');
  });

  it('refuses a write to an unknown table as the engine does', async () => {
    const { open } = rig();
    const storage = open();
    await expect(storage.write([{ ...put('a', 'one', 1n), tableId: 77 }])).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('keeps a table empty across a restart after TRUNCATE', async () => {
    const { time, open } = rig();
    const storage = open();
    await time.settle(storage.write([put('a', 'one', 10n)]), 10);
    await storage.truncateTable(TABLE);
    await time.settle(storage.write([put('b', 'two', 11n)]), 10);
    await storage.close();
    const after = open();
    expect(await valueOf(after, 'a')).toBeNull();
    expect(await valueOf(after, 'b')).toBe('two');
  });

  it('answers equal canonical partitions and digests for the same writes in any order, tombstones included', async () => {
    const { time, open } = rig();
    const { time: time2, open: open2 } = rig();
    const one = open();
    const two = open2();
    const writes = [put('k', 'old', 10n), deleteOf('k', 20n, 1_700_000_000), put('k', 'new', 30n)];
    for (const w of writes) await time.settle(one.write([w]), 10);
    for (const w of [...writes].reverse()) await time2.settle(two.write([w]), 10);
    const a = await one.readUnfiltered(TABLE, Buffer.from('k'));
    const b = await two.readUnfiltered(TABLE, Buffer.from('k'));
    expect(Buffer.from(partitionDigest(a))).toEqual(Buffer.from(partitionDigest(b)));
    expect(await valueOf(one, 'k')).toBe('new');
    const scanned = [];
    for await (const p of one.scanUnfiltered(TABLE)) scanned.push(p);
    expect(scanned).toHaveLength(1);
  });
});
