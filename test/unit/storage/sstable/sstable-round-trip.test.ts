import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { limits } from '../../../../src/config/limits.js';
import { cellTombstone, expiringCell, liveCell } from '../../../../src/storage/model/cell.js';
import { FULL_SLICE, sliceRows } from '../../../../src/storage/model/clustering-slice.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import type { Row } from '../../../../src/storage/model/row.js';
import { componentPath } from '../../../../src/storage/sstable/descriptor.js';
import { SSTableReader } from '../../../../src/storage/sstable/sstable-reader.js';
import { SSTableWriter } from '../../../../src/storage/sstable/sstable-writer.js';
import {
  bytes,
  ck,
  defaultOptions,
  keyOf,
  makeTempDirectory,
  normalize,
  port,
  simplePartition,
  simpleRow,
  slice,
  text,
  writeSSTable,
} from './sstable-test-kit.js';

const directory = makeTempDirectory('round-trip');
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));
let generation = 0;
const next = () => ({ directory, generation: ++generation });

/** A partition using every feature of the model. */
function richPartition(): PartitionUpdate {
  const rows: Row[] = [
    {
      clustering: ck(1),
      liveness: { timestamp: 10n, ttl: 3600, localExpirationTime: 5_000 },
      deletion: null,
      cells: [expiringCell(1, text('expiring'), 10n, 3600, 1_400), liveCell(2, text('live'), 11n)],
    },
    { clustering: ck(2), liveness: null, deletion: { markedForDeleteAt: 20n, localDeletionTime: 1_500 }, cells: [] },
    {
      clustering: ck(3),
      liveness: null,
      deletion: null,
      cells: [
        cellTombstone(1, 30n, 1_600),
        liveCell(4, text('a'), 31n, text('path-a')),
        liveCell(4, text('b'), 31n, text('path-b')),
        cellTombstone(4, 32n, 1_601, text('path-c')),
      ],
    },
  ];
  return {
    tableId: 3,
    token: -42n,
    key: text('rich'),
    deletion: { markedForDeleteAt: 5n, localDeletionTime: 1_000 },
    rangeTombstones: [
      { start: { prefix: ck(5), inclusive: true }, end: { prefix: ck(9), inclusive: false }, deletion: { markedForDeleteAt: 40n, localDeletionTime: 1_700 } },
    ],
    staticRow: { clustering: new Uint8Array(0), liveness: null, deletion: null, cells: [liveCell(0, text('static'), 7n)] },
    rows,
  };
}

/** A partition well over limits.sstableRowIndexBytes: 400 rows of ~330 bytes, ~130 KiB. */
function widePartition(token: bigint, key: string, rowCount = 400): PartitionUpdate {
  const rows: Row[] = [];
  for (let i = 0; i < rowCount; i++) rows.push(simpleRow(ck(i * 2), BigInt(100 + i), 100));
  return {
    tableId: 7,
    token,
    key: text(key),
    deletion: null,
    rangeTombstones: [
      { start: { prefix: ck(10), inclusive: true }, end: { prefix: ck(20), inclusive: true }, deletion: { markedForDeleteAt: 500n, localDeletionTime: 9 } },
      { start: { prefix: ck(700), inclusive: true }, end: { prefix: ck(710), inclusive: true }, deletion: { markedForDeleteAt: 501n, localDeletionTime: 9 } },
    ],
    staticRow: { clustering: new Uint8Array(0), liveness: null, deletion: null, cells: [liveCell(0, text('s'), 1n)] },
    rows,
  };
}

describe('SSTable round trip', () => {
  it('returns every model feature unchanged: tombstones of each kind, TTLs, static row, collection paths', () => {
    const rich = richPartition();
    const reader = writeSSTable(next(), [rich, simplePartition(1)]);
    expect(normalize(reader.readPartition(rich.token, rich.key))).toEqual(normalize(rich));
    expect(normalize([...reader.scan()])).toEqual(normalize([rich, simplePartition(1)]));
    reader.close();
  });

  it('records statistics a reader can use to skip the file', () => {
    const rich = richPartition();
    const d = next();
    const writer = SSTableWriter.create(port, d, { ...defaultOptions, level: 2 });
    writer.append(rich);
    writer.append(simplePartition(1));
    const stats = writer.finish();
    expect(stats).toMatchObject({
      formatVersion: 1,
      partitionCount: 2,
      rowCount: 4,
      // partition deletion, range tombstone, row deletion, two cell tombstones
      tombstoneCount: 5,
      minTimestamp: 5n,
      maxTimestamp: 1000n,
      minLocalDeletionTime: 1_000,
      maxLocalDeletionTime: 0x7fffffff,
      minToken: -42n,
      maxToken: 1000n,
      level: 2,
      createdAtMs: defaultOptions.createdAtMs,
    });
    expect(Array.from(stats.minClustering!)).toEqual(Array.from(ck(0)));
    expect(Array.from(stats.maxClustering!)).toEqual(Array.from(ck(3)));
    expect(stats.dataBytes).toBe(fs.statSync(componentPath(d, 'Data')).size);
    const reader = SSTableReader.open(port, d);
    expect(normalize(reader.stats)).toEqual(normalize(stats));
    expect(reader.sizeOnDisk()).toBeGreaterThan(stats.dataBytes);
    expect(reader.componentPaths()).toHaveLength(6);
    reader.close();
  });

  it('finds every one of many partitions, across many blocks and index pages, and misses absent keys', () => {
    const partitions = Array.from({ length: 3000 }, (_, i) => simplePartition(i));
    const reader = writeSSTable(next(), partitions, { ...defaultOptions, expectedPartitions: 3000 });
    expect(reader.stats.dataBytes).toBeGreaterThan(limits.sstableBlockBytes * 10);
    for (const p of partitions) expect(normalize(reader.readPartition(p.token, p.key))).toEqual(normalize(p));
    expect(reader.readPartition(5n, keyOf(0))).toBeNull(); // between tokens
    expect(reader.readPartition(0n, text('key-000000x'))).toBeNull(); // same token, other key
    expect(reader.readPartition(-1n, keyOf(0))).toBeNull(); // below the range
    expect(reader.readPartition(10_000_000n, keyOf(0))).toBeNull(); // above the range
    reader.close();
  });

  it('rejects partitions out of order and keeps the file consistent for abort', () => {
    const d = next();
    const writer = SSTableWriter.create(port, d, defaultOptions);
    writer.append(simplePartition(2));
    expect(() => writer.append(simplePartition(1))).toThrow(/out of order/);
    expect(() => writer.append(simplePartition(2))).toThrow(/out of order/);
    writer.abort();
    expect(fs.readdirSync(directory).filter((f) => f.startsWith(`sb-${d.generation}-`))).toEqual([]);
  });

  it('writes and reads an empty SSTable', () => {
    const reader = writeSSTable(next(), []);
    expect(reader.stats.partitionCount).toBe(0);
    expect([...reader.scan()]).toEqual([]);
    expect(reader.readPartition(0n, keyOf(0))).toBeNull();
    expect(reader.mayContain(0n, keyOf(0))).toBe(false);
    reader.close();
  });
});

describe('SSTable scan', () => {
  const partitions = Array.from({ length: 500 }, (_, i) => simplePartition(i)); // tokens 0, 1000, ...
  const d = next();
  const reader = writeSSTable(d, partitions);
  afterAll(() => reader.close());
  const tokens = (start?: bigint, end?: bigint) => [...reader.scan(start, end)].map((p) => Number(p.token / 1000n));

  it('yields everything in token order when unbounded', () => {
    expect(tokens()).toEqual(partitions.map((_, i) => i));
  });

  it('excludes the start token and includes the end token, like Cassandra ranges', () => {
    expect(tokens(10_000n, 15_000n)).toEqual([11, 12, 13, 14, 15]);
    expect(tokens(10_500n, 14_500n)).toEqual([11, 12, 13, 14]);
    expect(tokens(undefined, 2_000n)).toEqual([0, 1, 2]);
    expect(tokens(497_000n)).toEqual([498, 499]);
    expect(tokens(499_000n)).toEqual([]);
    expect(tokens(-5n, 0n)).toEqual([0]);
  });
});

describe('SSTable bloom filter', () => {
  it('never denies a written key and rejects most absent ones', () => {
    const partitions = Array.from({ length: 2000 }, (_, i) => simplePartition(i));
    const reader = writeSSTable(next(), partitions, { ...defaultOptions, expectedPartitions: 2000, bloomFilterFpChance: 0.01 });
    for (const p of partitions) expect(reader.mayContain(p.token, p.key)).toBe(true);
    let falsePositives = 0;
    for (let i = 0; i < 2000; i++) if (reader.mayContain(BigInt(i) * 1000n, text(`absent-${i}`))) falsePositives++;
    expect(falsePositives).toBeLessThan(60); // 1% of 2,000 is 20; allow noise
    expect(reader.mayContain(-1n, keyOf(0))).toBe(false); // below the token range, no filter needed
    reader.close();
  });
});

describe('SSTable wide partitions', () => {
  const wide = widePartition(5_000n, 'wide');
  const partitions = [simplePartition(1), wide, simplePartition(9)];
  const d = next();
  const reader = writeSSTable(d, partitions);
  afterAll(() => reader.close());

  it('spans several blocks and reads back whole, by key and by scan', () => {
    expect(reader.stats.dataBytes).toBeGreaterThan(limits.sstableRowIndexBytes);
    expect(normalize(reader.readPartition(wide.token, wide.key))).toEqual(normalize(wide));
    expect(normalize([...reader.scan()])).toEqual(normalize(partitions));
    expect(normalize([...reader.scan(4_999n, 5_000n)])).toEqual(normalize([wide]));
  });

  it('answers slices forward and reverse, with limits, as sliceRows over the whole partition would', () => {
    const cases = [
      slice(ck(100), ck(130)),
      slice(ck(100), ck(130), true),
      slice(ck(100), ck(700), false, 7),
      slice(ck(100), ck(700), true, 7),
      slice(ck(101), ck(129), false, Infinity, false, false),
      slice(new Uint8Array(0), new Uint8Array(0), true, 3),
      slice(ck(790), new Uint8Array(0)),
      slice(ck(5_000), ck(6_000)),
      FULL_SLICE,
    ];
    for (const s of cases) {
      const got = reader.readSlice(wide.token, wide.key, s)!;
      const expected = sliceRows(wide.rows, s);
      if (s.reversed) expected.reverse();
      expect(normalize(got.rows)).toEqual(normalize(expected));
      expect(normalize(got.staticRow)).toEqual(normalize(wide.staticRow));
    }
  });

  it('keeps only range tombstones that may meet the slice', () => {
    const near = reader.readSlice(wide.token, wide.key, slice(ck(0), ck(15)))!;
    expect(near.rangeTombstones).toHaveLength(1);
    const far = reader.readSlice(wide.token, wide.key, slice(ck(600), ck(800)))!;
    expect(normalize(far.rangeTombstones)).toEqual(normalize([wide.rangeTombstones[1]]));
  });

  it('reads only the blocks a slice needs', () => {
    const reads: number[] = [];
    const counting = { ...port, read: (fd: number, into: Uint8Array, offset: number, length: number, position: number) => {
      reads.push(length);
      return port.read(fd, into, offset, length, position);
    } };
    const spy = SSTableReader.open(Object.assign(Object.create(Object.getPrototypeOf(port)), counting), d);
    reads.length = 0;
    const result = spy.readSlice(wide.token, wide.key, slice(ck(300), ck(304)))!;
    expect(result.rows.map((r) => new DataView(r.clustering.buffer, r.clustering.byteOffset).getUint32(0))).toEqual([300, 302, 304]);
    // One index page, the header record and one row chunk: far less than the ~130 KiB partition.
    expect(reads.length).toBe(3);
    expect(reads.reduce((a, b) => a + b, 0)).toBeLessThan(limits.sstableBlockBytes * 2);
    spy.close();
  });

  it('slices small partitions too, and returns the partition with no rows when none match', () => {
    const p = simplePartition(1, [simpleRow(ck(1), 1n), simpleRow(ck(2), 1n), simpleRow(ck(3), 1n)]);
    const small = writeSSTable(next(), [p]);
    expect(normalize(small.readSlice(p.token, p.key, slice(ck(2), ck(3), true, 1))!.rows)).toEqual(normalize([p.rows[2]]));
    expect(small.readSlice(p.token, p.key, slice(ck(7), ck(9)))!.rows).toEqual([]);
    expect(small.readSlice(p.token, bytes(1), slice(ck(7), ck(9)))).toBeNull();
    small.close();
  });
});
