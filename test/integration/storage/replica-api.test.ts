/**
 * The calls a replica serves in a cluster (docs/adr/0012), on real engines, worker threads and
 * files: a coordinator's encoded batch is written as write() writes the same mutations (read
 * back the same, live and unfiltered, before and after the commit log replays it); replicas
 * answer merged partitions with their tombstones, by key and by token range; and the same
 * data digests the same however it was split across SSTables.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { murmur3TokenPartsOfRange } from '../../../src/cluster/ring/murmur3.js';
import { InvalidRequestError } from '../../../src/lib/errors.js';
import { cellTombstone, expiringCell, liveCell } from '../../../src/storage/model/cell.js';
import { FULL_SLICE, type ClusteringSlice } from '../../../src/storage/model/clustering-slice.js';
import { decodePartition } from '../../../src/storage/model/partition-codec.js';
import { partitionDigest } from '../../../src/storage/model/partition-digest.js';
import type { PartitionUpdate } from '../../../src/storage/model/partition-update.js';
import type { Row } from '../../../src/storage/model/row.js';
import { RowBatchWriter } from '../../../src/storage/row-batch-writer.js';
import { StorageEngine, type WriteMutation } from '../../../src/storage/storage-engine.js';
import { defaultTableOptions, type TableOptions } from '../../../src/storage/table-options.js';
import { EncodedBatchBuilder } from '../../../src/storage/vnode/encoded-batch.js';
import { encoded, partitionVersionAt } from '../../unit/storage/model/random-partitions.js';

const TABLE = 1;
/** Two tables that never compact: the digest test compares them split by flushes as they are. */
const SPLIT = 2;
const WHOLE = 3;
const noCompaction = (options: TableOptions): TableOptions => ({ ...options, compaction: { class: 'SizeTieredCompactionStrategy', enabled: 'false' } });
const tables = [defaultTableOptions(TABLE, 'ks.t'), noCompaction(defaultTableOptions(SPLIT, 'ks.split')), noCompaction(defaultTableOptions(WHOLE, 'ks.whole'))];
const nowSeconds = Math.floor(Date.now() / 1000);
/** Tombstones of the last few minutes, expiring cells expired a minute ago or so. */
const version = partitionVersionAt(nowSeconds - 300);
const text = (s: string) => new TextEncoder().encode(s);

let root: string;
let written: StorageEngine;
let encodedReplica: StorageEngine;

const open = (name: string): Promise<StorageEngine> =>
  StorageEngine.open({ dataDirectory: path.join(root, name), tables, threads: 2, vnodeCount: 4, commitLogSync: 'group', commitLogSyncPeriodMs: 5 });

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-replica-'));
  written = await open('written');
  encodedReplica = await open('encoded');
}, 60_000);
afterAll(async () => {
  await written?.close();
  await encodedReplica?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

/** A random version as a mutation of `key` in `tableId`. */
function asMutation(partition: PartitionUpdate, tableId: number, key: string): WriteMutation {
  const { token: _token, ...mutation } = partition;
  return { ...mutation, tableId, key: text(key) };
}

/** Everything a reader or a coordinator can see of one key, as comparable text. */
async function seen(engine: StorageEngine, tableId: number, key: string): Promise<string> {
  const live = await engine.read(tableId, text(key));
  const unfiltered = await engine.readUnfiltered(tableId, text(key));
  const liveText = live === null ? 'null' : encoded({ tableId, deletion: null, rangeTombstones: [], ...live });
  return `${liveText} | ${encoded(unfiltered)} | ${Buffer.from(partitionDigest(unfiltered)).toString('hex')}`;
}

async function untilRecovered(engine: StorageEngine, probeKey: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    await engine.awaitRecovery();
    const probe = await Promise.allSettled([engine.readUnfiltered(TABLE, text(probeKey))]);
    if (probe[0]!.status === 'fulfilled') return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('writeEncodedBatch', () => {
  it('writes what write() writes for the same mutations and bulk rows, before and after its commit log replays', async () => {
    const keys: string[] = [];
    let run = 0;
    const bulk = (prefix: string, count: number) => (rows: RowBatchWriter) => {
      for (let i = 0; i < count; i++) {
        rows.beginRow(text(`${prefix}-bulk-${i}`), new Uint8Array(0), BigInt(i + 1), i % 2 === 0);
        rows.cell(0, text(`value-${i}`));
        rows.cell(2, text(`other-${i}`));
        rows.endRow();
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), version), { minLength: 1, maxLength: 12 }), fc.nat({ max: 5 }), async (versions, bulkRows) => {
        const prefix = `run${++run}`;
        const mutations = versions.map(([key, v]) => asMutation(v, TABLE, `${prefix}-${key}`));
        await written.write(mutations);
        expect(await written.writeRows(TABLE, bulk(prefix, bulkRows))).toBe(bulkRows);
        const builder = new EncodedBatchBuilder();
        for (const m of mutations) builder.add(m);
        bulk(prefix, bulkRows)(new RowBatchWriter(TABLE, builder.rowSink(), murmur3TokenPartsOfRange, new Int32Array(2)));
        expect(await encodedReplica.writeEncodedBatch(builder.finish())).toBe(mutations.length + bulkRows);
        const runKeys = [...new Set(versions.map(([key]) => `${prefix}-${key}`)), ...Array.from({ length: bulkRows }, (_, i) => `${prefix}-bulk-${i}`)];
        keys.push(...runKeys);
        for (const key of runKeys) expect(await seen(encodedReplica, TABLE, key)).toBe(await seen(written, TABLE, key));
      }),
      { numRuns: 25 },
    );
    const before = await Promise.all(keys.map((key) => seen(written, TABLE, key)));
    // Both threads of both engines die and are respawned empty: what they held comes back
    // from their commit logs only.
    for (const engine of [written, encodedReplica]) {
      await engine.crashThreadForTesting(0);
      await engine.crashThreadForTesting(1);
      await untilRecovered(engine, keys[0]!);
      // Both threads' replays, not only the one holding keys[0], before the count is read.
      await engine.awaitRecovery();
    }
    // Records a flush had already made durable in SSTables are not replayed (their segments are
    // gone), so the count is at most one per record; that some came back from the log is what counts.
    expect(encodedReplica.replayReport().recordsReplayed).toBeGreaterThan(0);
    expect(await Promise.all(keys.map((key) => seen(encodedReplica, TABLE, key)))).toEqual(before);
    expect(await Promise.all(keys.map((key) => seen(written, TABLE, key)))).toEqual(before);
  }, 240_000);

  it('refuses a batch naming an unknown table, applying none of it', async () => {
    const builder = new EncodedBatchBuilder();
    builder.add(asMutation(fc.sample(version, 1)[0]!, TABLE, 'refused-a'));
    builder.add({ tableId: 99, key: text('refused-b'), deletion: null, rangeTombstones: [], staticRow: null, rows: [] });
    await expect(encodedReplica.writeEncodedBatch(builder.finish())).rejects.toThrow(InvalidRequestError);
    expect(await encodedReplica.readUnfiltered(TABLE, text('refused-a'))).toBeNull();
  });
});

const c = (n: number) => Uint8Array.of(n);
const row = (n: number, cells: Row['cells'], extra: Partial<Row> = {}): Row => ({ clustering: c(n), liveness: null, deletion: null, cells, ...extra });
const deletion = (at: bigint) => ({ markedForDeleteAt: at, localDeletionTime: nowSeconds });
const m = (key: string, rows: Row[], extra: Partial<WriteMutation> = {}): WriteMutation => ({
  tableId: TABLE,
  key: text(key),
  deletion: null,
  rangeTombstones: [],
  staticRow: null,
  rows,
  ...extra,
});

describe('readUnfiltered and scanUnfiltered', () => {
  const expired = expiringCell(1, text('expired'), 30n, 60, nowSeconds - 120);

  it('answers the merged partition with its tombstones and expired cells, within the bounds only', async () => {
    const engine = written;
    await engine.write([m('u-1', [1, 2, 3, 4].map((n) => row(n, [liveCell(0, text(`v${n}`), 20n)])))]);
    await engine.flush();
    await engine.write([
      m('u-1', [row(2, [cellTombstone(0, 25n, nowSeconds), expired]), row(5, [], { deletion: deletion(40n) })], {
        rangeTombstones: [{ start: { prefix: c(3), inclusive: true }, end: { prefix: c(3), inclusive: true }, deletion: deletion(30n) }],
      }),
      m('u-only-deleted', [], { deletion: deletion(50n) }),
    ]);
    expect((await engine.read(TABLE, text('u-1')))?.rows.map((r) => r.clustering[0])).toEqual([1, 4]);
    const merged = (await engine.readUnfiltered(TABLE, text('u-1')))!;
    expect(merged.rangeTombstones).toHaveLength(1);
    expect(merged.rows).toEqual([
      row(1, [liveCell(0, text('v1'), 20n)]),
      row(2, [cellTombstone(0, 25n, nowSeconds), expired]),
      row(4, [liveCell(0, text('v4'), 20n)]), // row 3 lies under the range tombstone
      row(5, [], { deletion: deletion(40n) }),
    ]);
    const slice: ClusteringSlice = { start: { prefix: c(2), inclusive: true }, end: { prefix: c(4), inclusive: false }, reversed: true, limit: 1 };
    const sliced = (await engine.readUnfiltered(TABLE, text('u-1'), slice))!;
    expect(sliced.rows.map((r) => r.clustering[0])).toEqual([2]);
    expect(sliced.rangeTombstones).toHaveLength(1);
    expect(await engine.read(TABLE, text('u-only-deleted'))).toBeNull();
    expect((await engine.readUnfiltered(TABLE, text('u-only-deleted')))?.deletion).toEqual(deletion(50n));
    expect(await engine.readUnfiltered(TABLE, text('u-nobody'))).toBeNull();
    await expect(engine.readUnfiltered(404, text('u-1'))).rejects.toThrow(InvalidRequestError);
  });

  it('scans every partition as readUnfiltered answers it, tombstone-only ones included, page by page', async () => {
    const engine = encodedReplica;
    const keys = Array.from({ length: 40 }, (_, i) => `s-${i}`);
    await engine.write(keys.map((key, i) => (i % 4 === 0 ? m(key, [], { deletion: deletion(60n) }) : m(key, [row(1, [liveCell(0, text(key), 61n)])]))));
    await engine.flush();
    await engine.write(keys.filter((_, i) => i % 4 === 1).map((key) => m(key, [row(1, [cellTombstone(0, 62n, nowSeconds)])])));
    const scanned = new Map<string, PartitionUpdate>();
    for await (const partition of engine.scanUnfiltered(TABLE, { pageSize: 3 })) scanned.set(new TextDecoder().decode(partition.key), partition);
    for (const key of keys) expect(encoded(scanned.get(key) ?? null)).toBe(encoded(await engine.readUnfiltered(TABLE, text(key))));
    let live = 0;
    for await (const partition of engine.scan(TABLE, { pageSize: 3 })) if (new TextDecoder().decode(partition.key).startsWith('s-')) live++;
    expect(live).toBe(keys.length / 2);
  });
});

/**
 * The digest of a replica's answer, checked three ways: the storage thread's digest of its data
 * answer and of its digest-only answer, and partitionDigest of readUnfiltered's partition; and
 * the data answer's bytes decode to that partition.
 */
async function replicaDigest(engine: StorageEngine, tableId: number, key: string): Promise<string> {
  const partition = await engine.readUnfiltered(tableId, text(key));
  const withData = (await engine.readReplica(tableId, text(key), FULL_SLICE, false)) as { data: Uint8Array | null; digest: Uint8Array };
  const digestOnly = await engine.readReplica(tableId, text(key), FULL_SLICE, true);
  expect('data' in digestOnly).toBe(false);
  expect(encoded(withData.data === null ? null : decodePartition(withData.data))).toBe(encoded(partition));
  const hex = Buffer.from(partitionDigest(partition)).toString('hex');
  expect(Buffer.from(withData.digest).toString('hex')).toBe(hex);
  expect(Buffer.from(digestOnly.digest).toString('hex')).toBe(hex);
  return hex;
}

describe('partitionDigest of replicas', () => {
  it('is what the storage thread answers, for a partition read back as stored, merged, or absent', async () => {
    const engine = encodedReplica;
    await engine.write([m('d-plain', [row(1, [liveCell(0, text('a'), 70n)]), row(2, [liveCell(0, text('b'), 70n)])])]);
    await engine.flush();
    await engine.write([m('d-merged', [row(1, [liveCell(0, text('c'), 71n)])])]);
    await engine.write([m('d-deleted', [], { deletion: deletion(72n) })]);
    const digests = await Promise.all(['d-plain', 'd-merged', 'd-deleted', 'd-nobody'].map((key) => replicaDigest(engine, TABLE, key)));
    expect(new Set(digests).size).toBe(4);
  });

  it('is the same for the same writes whatever flushes split them, and differs where the data does', async () => {
    const engine = written;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), version), { minLength: 2, maxLength: 10 }),
        fc.uniqueArray(fc.nat({ max: 9 }), { maxLength: 2 }),
        version,
        async (versions, cuts, extra) => {
          const prefix = `digest${++run}`;
          const mutations = (tableId: number) => versions.map(([key, v]) => asMutation(v, tableId, `${prefix}-${key}`));
          // SPLIT takes the writes in up to three flushed pieces, WHOLE in one, later.
          const bounds = [0, ...cuts.map((cut) => cut % versions.length).sort((a, b) => a - b), versions.length];
          for (let i = 1; i < bounds.length; i++) {
            await engine.write(mutations(SPLIT).slice(bounds[i - 1], bounds[i]));
            await engine.flush();
          }
          await engine.write(mutations(WHOLE));
          const keys = [...new Set(versions.map(([key]) => `${prefix}-${key}`))];
          const digest = (tableId: number, key: string) => replicaDigest(engine, tableId, key);
          for (const key of keys) expect(await digest(SPLIT, key)).toBe(await digest(WHOLE, key));
          // One more write to one side: its digest moves exactly when the merged data does.
          const key = keys[0]!;
          const beforeExtra = encoded(await engine.readUnfiltered(WHOLE, text(key)));
          await engine.write([asMutation(extra, WHOLE, key)]);
          const changed = encoded(await engine.readUnfiltered(WHOLE, text(key))) !== beforeExtra;
          expect((await digest(SPLIT, key)) !== (await digest(WHOLE, key))).toBe(changed);
        },
      ),
      { numRuns: 12 },
    );
  }, 240_000);
});
