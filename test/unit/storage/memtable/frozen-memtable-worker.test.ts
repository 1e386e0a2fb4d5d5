/**
 * A frozen memtable is handed to another thread by reference and read there: this starts a
 * real worker_threads Worker (the built fixture test/fixtures/frozen-memtable-reader.ts, per
 * ADR 0001: run `npm run build` first, `npm test` does), posts it the frozen handle, and checks
 * that what the worker reads (full scan, token slice, point reads) is byte for byte what the
 * owner reads. It then releases the memtable and checks that the worker's next read fails
 * instead of reading recycled slabs: the control block is shared memory, not a copy.
 */
import { Buffer } from 'node:buffer';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../../src/lib/bytes/byte-writer.js';
import { SeededRandom } from '../../../../src/lib/random.js';
import { cellTombstone, liveCell } from '../../../../src/storage/model/cell.js';
import { writePartition } from '../../../../src/storage/model/partition-codec.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import { Memtable } from '../../../../src/storage/memtable/memtable.js';
import { SlabPool } from '../../../../src/storage/memtable/slab-pool.js';
import type {
  FrozenReaderAfterRelease,
  FrozenReaderReply,
  FrozenReaderRequest,
} from '../../../fixtures/frozen-memtable-reader.js';
import { TABLE_ID, bytes, partition, randomToken, row, text } from './memtable-fixtures.js';

const built = '../../../../dist/test/fixtures/frozen-memtable-reader.js';
const fixture = fileURLToPath(new URL(built, import.meta.url));

function encode(partitions: Iterable<PartitionUpdate>): Buffer {
  const writer = new ByteWriter();
  for (const p of partitions) writePartition(writer, p);
  return Buffer.from(writer.written());
}

function nextMessage<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe('frozen memtable in a worker thread', () => {
  it('reads what the owner reads, sharing the buffers, and fails after release', async () => {
    expect(existsSync(fixture), `${fixture} is missing: run npm run build (ADR 0001)`).toBe(true);
    const random = new SeededRandom(5);
    const pool = new SlabPool(4096, 10_000);
    const memtable = new Memtable(TABLE_ID, pool);
    const written: PartitionUpdate[] = [];
    for (let i = 0; i < 2000; i++) {
      const token = i % 10 === 0 ? 42n : randomToken(random);
      const update = partition(token, text(`key-${i % 1500}`), [
        row(bytes(i % 3), [
          liveCell(1, text(`v${i}`), BigInt(i)),
          cellTombstone(2, BigInt(i), 1000),
        ]),
        row(bytes(7, i % 5), [liveCell(3, new Uint8Array(i % 97), 5n)]),
      ], i % 50 === 0 ? { deletion: { markedForDeleteAt: 3n, localDeletionTime: 1000 } } : {});
      memtable.apply(update);
      written.push(update);
    }
    const handle = memtable.freeze();
    const probes = [written[0]!, written[1234]!, { token: 42n, key: text('absent') }].map((p) => ({
      token: p.token,
      key: p.key,
    }));
    const request: FrozenReaderRequest = {
      handle,
      probes,
      sliceStart: -(2n ** 62n),
      sliceEnd: 42n,
    };
    const worker = new Worker(fixture, { workerData: request });
    try {
      const reply = await nextMessage<FrozenReaderReply>(worker);
      expect(reply.kind).toBe('read');
      expect(reply.buffersShared).toBe(true);
      expect(reply.partitionCount).toBe(memtable.partitionCount());
      expect(reply.rowCount).toBe(memtable.rowCount());
      expect(memtable.partitionCount()).toBeGreaterThan(1000);
      expect(Buffer.from(reply.all).equals(encode(memtable.partitions()))).toBe(true);
      const slice = encode(memtable.partitions(request.sliceStart, request.sliceEnd));
      expect(slice.length).toBeGreaterThan(0);
      expect(Buffer.from(reply.slice).equals(slice)).toBe(true);
      expect(reply.probesFound).toEqual([true, true, false]);
      const owned = probes.slice(0, 2).map((p) => memtable.readPartition(p.token, p.key)!);
      expect(Buffer.from(reply.probes).equals(encode(owned))).toBe(true);

      memtable.release();
      expect(pool.stats().slabsInUse).toBe(0);
      worker.postMessage('read again');
      const after = await nextMessage<FrozenReaderAfterRelease>(worker);
      expect(after.kind).toBe('after-release');
      expect(after.error).toMatch(/released/);
    } finally {
      await worker.terminate();
    }
  });
});
