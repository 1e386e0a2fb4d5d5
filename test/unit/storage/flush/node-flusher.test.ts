/**
 * The node's one flusher (src/storage/flush/node-flusher.ts) on its real pool thread (the built
 * flush worker, ADR 0001), reached through FlushClients as storage threads reach it: each
 * thread's flushes come back to that thread; a dead thread's flushes are dropped (queued) or
 * stopped (running) while the other threads' go on; a closed line fails what waits on it.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeStoragePort } from '../../../../src/lib/node-storage-port.js';
import { SeededRandom } from '../../../../src/lib/random.js';
import { FlushClient } from '../../../../src/storage/flush/flush-client.js';
import type { FlushRequest } from '../../../../src/storage/flush/flush-task.js';
import { flusherNiceIncrement, NodeFlusher } from '../../../../src/storage/flush/node-flusher.js';
import { Memtable } from '../../../../src/storage/memtable/memtable.js';
import { SlabPool } from '../../../../src/storage/memtable/slab-pool.js';
import { SSTableReader } from '../../../../src/storage/sstable/sstable-reader.js';
import { STRESS_TABLE_ID, stressBatch } from '../../../fixtures/memtable-throughput.js';

const directories: string[] = [];
const flushers: NodeFlusher[] = [];

afterEach(async () => {
  await Promise.all(flushers.splice(0).map((flusher) => flusher.close()));
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function startFlusher(): NodeFlusher {
  const flusher = new NodeFlusher({ niceIncrement: 0 });
  flushers.push(flusher);
  return flusher;
}

/** A frozen memtable of `rows` stress rows and the request that flushes it into a fresh folder. */
function flushRequest(seed: number, rows: number, generation = 1): FlushRequest {
  const memtable = new Memtable(STRESS_TABLE_ID, new SlabPool(1024 * 1024, 512));
  const batch = stressBatch(new SeededRandom(seed), rows);
  for (let i = 0; i < rows; i++) memtable.applyEncoded(batch.bytes, batch.offsets[i]!, batch.lengths[i]!);
  const directory = mkdtempSync(path.join(os.tmpdir(), 'sibyl-node-flusher-'));
  directories.push(directory);
  return { memtable: memtable.freeze(), directory, generation, bloomFilterFpChance: 0.01, createdAtMs: 1 };
}

const filesIn = (directory: string): string[] => readdirSync(directory).sort();

describe('flusherNiceIncrement', () => {
  it('raises the one flusher above the storage threads by about their number in scheduler weight', () => {
    expect(flusherNiceIncrement(5, 1)).toBe(5);
    expect(flusherNiceIncrement(5, 2)).toBe(2); // 1.25^3 ~ 2
    expect(flusherNiceIncrement(5, 4)).toBe(0); // 1.25^6 ~ 4, floored at the main thread's
    expect(flusherNiceIncrement(0, 8)).toBe(0);
  });
});

describe('NodeFlusher', () => {
  it("writes every thread's flushes on one pool thread and answers each on its own line", async () => {
    const flusher = startFlusher();
    const threads = [0, 1, 2].map((t) => new FlushClient(flusher.connect(t)));
    const requests = threads.map((_, t) => flushRequest(t + 1, 500 * (t + 1)));
    const results = await Promise.all(threads.map((client, t) => client.flush(requests[t]!)));
    for (const [t, result] of results.entries()) {
      expect(result.generation).toBe(1);
      expect(result.stats?.partitionCount).toBe(500 * (t + 1));
      const reader = SSTableReader.open(new NodeStoragePort(), { directory: requests[t]!.directory, generation: 1 });
      expect(reader.stats.partitionCount).toBe(500 * (t + 1));
      reader.close();
    }
    expect(flusher.flushesInFlight()).toBe(0);
  });

  it("drops a dead thread's queued flushes, stops its running one, and still serves the others", async () => {
    const flusher = startFlusher();
    const dying = new FlushClient(flusher.connect(0));
    const living = new FlushClient(flusher.connect(1));
    const running = flushRequest(1, 60_000); // long enough to be running when the thread dies
    const queued = flushRequest(2, 100);
    const other = flushRequest(3, 100);
    const outcomes = [dying.flush(running), dying.flush(queued)].map((p) => p.then(() => 'flushed', () => 'failed'));
    const otherFlush = living.flush(other);
    // Running: its Data file is there (it takes ~0.1-0.3 s to write; the others wait behind it).
    for (let waited = 0; !filesIn(running.directory).includes('sb-1-Data.db'); waited += 5) {
      expect(waited, 'the flush never started').toBeLessThan(10_000);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(flusher.flushesInFlight()).toBe(3);
    await flusher.abandon(0);
    // The dead thread's line is closed: what waited on it fails (nobody is there to care).
    await expect(Promise.all(outcomes)).resolves.toEqual(['failed', 'failed']);
    expect(filesIn(queued.directory)).toEqual([]); // never started
    expect(filesIn(running.directory)).not.toContain('sb-1-TOC.db'); // stopped before it finished
    const result = await otherFlush; // the pool replaced its thread and went on
    expect(result.stats?.partitionCount).toBe(100);
    expect(filesIn(other.directory)).toContain('sb-1-TOC.db');
  });

  it('fails the flushes waiting on a line that closes', async () => {
    const flusher = startFlusher();
    const client = new FlushClient(flusher.connect(0));
    const waiting = expect(client.flush(flushRequest(1, 30_000))).rejects.toThrow(/closed its line/);
    await flusher.close();
    await waiting;
    await expect(client.flush(flushRequest(2, 10))).rejects.toThrow(/closed/);
  });
});
