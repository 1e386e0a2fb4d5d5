/**
 * Goal: a replica's read (vnode-wire's unfiltered flag) answers the merged partition with its
 * tombstones and expired cells, in canonical form, within the slice's bounds only, beside live
 * reads in the same batch; and the same partition whether it comes from memtables, from
 * SSTables through the merging path, or as stored bytes through the plain path.
 * Method: a VNodeState driven directly (no threads), read through serveReadBatch and the wire.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { murmur3Token } from '../../../../src/cluster/ring/murmur3.js';
import { ByteWriter } from '../../../../src/lib/bytes/byte-writer.js';
import { ManualClock } from '../../../../src/lib/clock.js';
import { NodeStoragePort } from '../../../../src/lib/node-storage-port.js';
import { CommitLog } from '../../../../src/storage/commitlog/commit-log.js';
import { runCompaction } from '../../../../src/storage/compaction/compaction-task.js';
import { runFlush } from '../../../../src/storage/flush/flush-task.js';
import { SlabPool } from '../../../../src/storage/memtable/slab-pool.js';
import { cellTombstone, expiringCell, liveCell } from '../../../../src/storage/model/cell.js';
import { FULL_SLICE, type ClusteringSlice } from '../../../../src/storage/model/clustering-slice.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import type { Row } from '../../../../src/storage/model/row.js';
import { defaultStorageConfig } from '../../../../src/storage/storage-config.js';
import { defaultTableOptions } from '../../../../src/storage/table-options.js';
import { serveReadBatch } from '../../../../src/storage/vnode/read-batch.js';
import type { StorageThreadServices } from '../../../../src/storage/vnode/storage-thread-services.js';
import { VNodeRanges } from '../../../../src/storage/vnode/vnode-ranges.js';
import { VNodeState } from '../../../../src/storage/vnode/vnode-state.js';
import {
  beginBatch,
  decodeReadReply,
  finishBatch,
  readBatchHeader,
  readReadCommand,
  VNodeMessageType,
  writeBatchRecord,
  writeReadCommand,
  type ReadCommand,
  type ReadMode,
  type ReadOutcome,
} from '../../../../src/storage/vnode/vnode-wire.js';

const TABLE = 1;
/** Seconds on the state's clock: expiring cells written below expire before it. */
const NOW_SECONDS = 1_700_000_000;
const text = (s: string) => new TextEncoder().encode(s);
const c = (n: number) => Uint8Array.of(n);
const manualScheduler = { setTimeout: () => 0, clearTimeout: () => undefined };
let dir: string;
let state: VNodeState;
let commitLog: CommitLog;

function services(): StorageThreadServices {
  const port = new NodeStoragePort();
  const config = { ...defaultStorageConfig(dir, [defaultTableOptions(TABLE, 't')]), vnodeCount: 1, commitLogSync: 'batch' as const };
  const clock = new ManualClock(NOW_SECONDS * 1000);
  commitLog = CommitLog.open(port, clock, manualScheduler, { directory: path.join(dir, 'commitlog'), syncMode: 'batch', syncPeriodMs: 10, segmentBytes: 1024 * 1024 });
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

const row = (clustering: Uint8Array, cells: Row['cells'], extra: Partial<Row> = {}): Row => ({ clustering, liveness: null, deletion: null, cells, ...extra });
const update = (key: string, rows: Row[], extra: Partial<PartitionUpdate> = {}): PartitionUpdate => ({
  tableId: TABLE,
  token: murmur3Token(text(key)),
  key: text(key),
  deletion: null,
  rangeTombstones: [],
  staticRow: null,
  rows,
  ...extra,
});

async function write(...updates: PartitionUpdate[]): Promise<void> {
  const writer = new ByteWriter();
  beginBatch(writer, VNodeMessageType.write);
  for (const u of updates) writeBatchRecord(writer, u);
  await state.write(finishBatch(writer, updates.length).slice());
}

function readBatch(commands: Array<{ key: string; slice?: ClusteringSlice; mode: ReadMode }>): ReadOutcome[] {
  const writer = new ByteWriter();
  beginBatch(writer, VNodeMessageType.read);
  for (const { key, slice, mode } of commands) writeReadCommand(writer, { tableId: TABLE, token: murmur3Token(text(key)), key: text(key), slice: slice ?? FULL_SLICE, mode });
  return decodeReadReply(serveReadBatch(finishBatch(writer, commands.length).slice(), () => state));
}

const found = (outcome: ReadOutcome | undefined): PartitionUpdate => {
  if (outcome?.kind !== 'found') throw new Error(`expected a partition, got ${JSON.stringify(outcome?.kind)}`);
  return outcome.partition;
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-unfiltered-'));
  state = new VNodeState({ vnode: new VNodeRanges(1).ranges[0]!, vnodesOnThread: 1 }, services());
});
afterEach(() => {
  state.close();
  commitLog.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the unfiltered read flag on the wire', () => {
  it('round-trips with the direction, limit and bounds of the slice', () => {
    const slice: ClusteringSlice = { start: { prefix: c(2), inclusive: false }, end: { prefix: c(9), inclusive: true }, reversed: true, limit: 3 };
    for (const mode of ['live', 'unfiltered'] as const) {
      const command: ReadCommand = { tableId: 4, token: -7n, key: text('k'), slice, mode };
      const writer = new ByteWriter();
      beginBatch(writer, VNodeMessageType.read);
      writeReadCommand(writer, command);
      const { reader } = readBatchHeader(finishBatch(writer, 1));
      expect(readReadCommand(reader)).toEqual(command);
    }
  });
});

describe('unfiltered reads', () => {
  const deletedAt = { markedForDeleteAt: 10n, localDeletionTime: NOW_SECONDS - 5 };
  const expired = expiringCell(2, text('gone'), 20n, 10, NOW_SECONDS - 100);
  const rangeDeletion = { start: { prefix: c(4), inclusive: true }, end: { prefix: c(5), inclusive: true }, deletion: { markedForDeleteAt: 30n, localDeletionTime: NOW_SECONDS - 5 } };

  async function writeMixed(flushBetween: boolean): Promise<void> {
    await write(update('p', [row(c(1), [liveCell(0, text('old'), 5n)]), row(c(2), [liveCell(0, text('a'), 20n), expired]), row(c(4), [liveCell(0, text('b'), 20n)])]));
    if (flushBetween) await state.flushAll();
    await write(
      update('p', [row(c(3), [cellTombstone(0, 25n, NOW_SECONDS - 5)]), row(c(6), [], { deletion: { markedForDeleteAt: 40n, localDeletionTime: NOW_SECONDS - 5 } })], {
        deletion: deletedAt,
        rangeTombstones: [rangeDeletion],
      }),
      update('only-tombstone', [], { deletion: deletedAt }),
    );
  }

  for (const flushBetween of [false, true]) {
    it(`answers tombstones and expired cells beside a live read of the same batch${flushBetween ? ', across an SSTable and a memtable' : ''}`, async () => {
      await writeMixed(flushBetween);
      const [live, unfiltered, tombstoneOnlyLive, tombstoneOnly, absent] = readBatch([
        { key: 'p', mode: 'live' },
        { key: 'p', mode: 'unfiltered' },
        { key: 'only-tombstone', mode: 'live' },
        { key: 'only-tombstone', mode: 'unfiltered' },
        { key: 'nobody', mode: 'unfiltered' },
      ]);
      expect(found(live).rows.map((r) => r.clustering[0])).toEqual([2]);
      const merged = found(unfiltered);
      expect(merged.deletion).toEqual(deletedAt);
      expect(merged.rangeTombstones).toEqual([rangeDeletion]);
      // Row 1 (written at 5, before the partition deletion at 10) and row 4 (under the range
      // tombstone at 30) are shadowed and left out; the rest is as written.
      expect(merged.rows).toEqual([
        row(c(2), [liveCell(0, text('a'), 20n), expired]),
        row(c(3), [cellTombstone(0, 25n, NOW_SECONDS - 5)]),
        row(c(6), [], { deletion: { markedForDeleteAt: 40n, localDeletionTime: NOW_SECONDS - 5 } }),
      ]);
      expect(tombstoneOnlyLive).toEqual({ kind: 'absent' });
      expect(found(tombstoneOnly).deletion).toEqual(deletedAt);
      expect(absent).toEqual({ kind: 'absent' });
    });
  }

  it('applies the bounds of the slice but neither its limit nor its direction', async () => {
    await write(update('w', [1, 2, 3, 4, 5].map((n) => row(c(n), [liveCell(0, text(`r${n}`), 1n)])), { rangeTombstones: [rangeDeletion] }));
    const slice: ClusteringSlice = { start: { prefix: c(2), inclusive: true }, end: { prefix: c(3), inclusive: true }, reversed: true, limit: 1 };
    const [live, unfiltered] = readBatch([
      { key: 'w', slice, mode: 'live' },
      { key: 'w', slice, mode: 'unfiltered' },
    ]);
    expect(found(live).rows.map((r) => r.clustering[0])).toEqual([3]);
    const sliced = found(unfiltered);
    expect(sliced.rows.map((r) => r.clustering[0])).toEqual([2, 3]);
    expect(sliced.rangeTombstones).toEqual([]); // 4..5 cannot reach into 2..3
  });

  it('answers the same partition from the memtable, from the stored bytes of one SSTable, and after more writes', async () => {
    const plain = update('plain', [row(c(1), [liveCell(0, text('x'), 3n), liveCell(1, text('y'), 3n)]), row(c(2), [liveCell(0, text('z'), 3n)])]);
    await write(plain);
    const fromMemtable = found(readBatch([{ key: 'plain', mode: 'unfiltered' }])[0]);
    await state.flushAll();
    const fromSSTable = found(readBatch([{ key: 'plain', mode: 'unfiltered' }])[0]);
    expect(fromSSTable).toEqual(fromMemtable);
    expect(fromSSTable).toEqual(plain);
  });

  it('scans partitions with their tombstones, those holding only tombstones included, a page at a time', async () => {
    await writeMixed(true);
    await write(update('q', [row(c(1), [liveCell(0, text('v'), 50n)])]));
    const all = state.scanUnfilteredPage(TABLE, undefined, undefined, null, 10);
    expect(all.map((p) => new TextDecoder().decode(p.key)).sort()).toEqual(['only-tombstone', 'p', 'q']);
    expect(all.find((p) => new TextDecoder().decode(p.key) === 'p')).toEqual(found(readBatch([{ key: 'p', mode: 'unfiltered' }])[0]));
    const first = state.scanUnfilteredPage(TABLE, undefined, undefined, null, 2);
    const rest = state.scanUnfilteredPage(TABLE, undefined, undefined, { token: first[1]!.token, key: first[1]!.key }, 2);
    expect([...first, ...rest]).toEqual(all);
    expect(state.scanPage(TABLE, undefined, undefined, null, 10).map((p) => new TextDecoder().decode(p.key)).sort()).toEqual(['p', 'q']);
  });
});
