/**
 * The simulator's storage implements cleanup as the engine does, durably: the partitions
 * outside the kept spans go, the rest stay, and neither a clean restart nor a crash brings
 * back what went (the kept ones are rewritten to the log, the replay point moved past the rest).
 */

import { describe, expect, it } from 'vitest';
import { murmur3Token } from '../../src/cluster/ring/murmur3.js';
import { SeededRandom } from '../../src/lib/random.js';
import { liveCell } from '../../src/storage/model/cell.js';
import { livenessInfo } from '../../src/storage/model/liveness-info.js';
import type { WriteMutation } from '../../src/storage/storage-engine.js';
import { defaultTableOptions } from '../../src/storage/table-options.js';
import { SimulatedDisk } from './simulated-disk.js';
import { SimulatedStorage } from './simulated-storage.js';
import { SimulatedTime } from './simulated-time.js';

const TABLE = 1000;

function put(key: string, timestamp: bigint): WriteMutation {
  return {
    tableId: TABLE,
    key: Buffer.from(key),
    deletion: null,
    rangeTombstones: [],
    staticRow: null,
    rows: [{ clustering: new Uint8Array(0), liveness: livenessInfo(timestamp), deletion: null, cells: [liveCell(1, Buffer.from(key), timestamp)] }],
  };
}

async function keys(storage: SimulatedStorage): Promise<string[]> {
  const found: string[] = [];
  for await (const partition of storage.scan(TABLE)) found.push(Buffer.from(partition.key).toString());
  return found.sort();
}

describe('SimulatedStorage cleanup', () => {
  it('keeps only the partitions of the kept spans, across a crash and a restart', async () => {
    const disk = new SimulatedDisk();
    const time = new SimulatedTime(1_700_000_000_000);
    const open = () => SimulatedStorage.open({ port: disk.port(), directory: '/sim/node1/data', timers: time, clock: time.clock, tables: [defaultTableOptions(TABLE, 'kv')], syncWindowMs: 2 });
    const storage = open();
    const all = Array.from({ length: 40 }, (_, i) => `k${i}`);
    await time.settle(storage.write(all.map((k, i) => put(k, BigInt(i + 1)))), 10);
    const kept = all.filter((k) => murmur3Token(Buffer.from(k)) <= 0n).sort();
    expect(kept.length).toBeGreaterThan(5);
    expect(kept.length).toBeLessThan(35);

    const report = await storage.cleanupTable(TABLE, [{ endToken: 0n }]);
    expect(report.partitionsDropped).toBe(all.length - kept.length);
    expect(await keys(storage)).toEqual(kept);
    // A write after the cleanup, outside the kept spans, is not the cleanup's to drop.
    const later = all.find((k) => !kept.includes(k))!;
    await time.settle(storage.write([put(later, 100n)]), 10);

    storage.crash();
    disk.crash(new SeededRandom(1));
    const reopened = open();
    expect(await keys(reopened)).toEqual([...kept, later].sort());
    expect((await reopened.cleanupTable(TABLE, [{ endToken: 0n }])).partitionsDropped).toBe(1);
    await reopened.close();
    expect(await keys(open())).toEqual(kept);
  });
});
