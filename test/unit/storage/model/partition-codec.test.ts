/** The one record layout must round-trip every model feature and refuse truncated input. */
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../../src/lib/bytes/byte-writer.js';
import { ByteReader } from '../../../../src/lib/bytes/byte-reader.js';
import { cellTombstone, decodePartition, expiringCell, liveCell, readPartition, writePartition, type PartitionUpdate } from '../../../../src/storage/model/index.js';

const b = (...v: number[]) => Uint8Array.from(v);

const sample: PartitionUpdate = {
  tableId: 7,
  token: -(2n ** 63n) + 5n,
  key: b(1, 2, 3),
  deletion: { markedForDeleteAt: 99n, localDeletionTime: 1234 },
  rangeTombstones: [{ start: { prefix: b(1), inclusive: false }, end: { prefix: b(), inclusive: true }, deletion: { markedForDeleteAt: 98n, localDeletionTime: 1200 } }],
  staticRow: { clustering: b(), liveness: null, deletion: null, cells: [liveCell(0, b(5), 100n)] },
  rows: [
    { clustering: b(1, 0), liveness: { timestamp: 100n, ttl: 60, localExpirationTime: 2000 }, deletion: { markedForDeleteAt: 50n, localDeletionTime: 10 }, cells: [liveCell(1, b(), 100n), expiringCell(2, b(9, 9), 101n, 60, 1000), cellTombstone(3, 102n, 1000), liveCell(4, b(1), 103n, b(0xff))] },
    { clustering: b(2), liveness: null, deletion: null, cells: [] },
  ],
};

describe('partition codec', () => {
  it('round-trips every kind of data and tombstone', () => {
    const writer = new ByteWriter(16);
    writePartition(writer, sample);
    expect(decodePartition(writer.toBytes())).toEqual(sample);
  });

  it('reads consecutive records from one buffer', () => {
    const writer = new ByteWriter();
    writePartition(writer, sample);
    writePartition(writer, { ...sample, key: b(4) });
    const reader = new ByteReader(writer.written());
    expect(readPartition(reader, true).key).toEqual(b(1, 2, 3));
    expect(readPartition(reader, true).key).toEqual(b(4));
    expect(reader.remaining()).toBe(0);
  });

  it('throws on a truncated record instead of inventing data', () => {
    const writer = new ByteWriter();
    writePartition(writer, sample);
    const bytes = writer.toBytes();
    for (const cut of [1, 10, 20, bytes.length - 1]) {
      expect(() => decodePartition(bytes.subarray(0, cut))).toThrow(RangeError);
    }
  });
});
