/**
 * Goal: the bulk path encodes exactly the partition update a Mutation would, whether a key or
 * value comes as its own array (beginRow, cell) or as a range of a shared buffer (beginRowFrom,
 * cellFrom), for any timestamp.
 * Method: encode rows into a captured ByteWriter and decode them with the partition codec.
 */

import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../../src/lib/bytes/byte-reader.js';
import { ByteWriter } from '../../../src/lib/bytes/byte-writer.js';
import { InvalidRequestError } from '../../../src/lib/errors.js';
import { readPartition } from '../../../src/storage/model/partition-codec.js';
import { EMPTY_CLUSTERING } from '../../../src/storage/model/row.js';
import { RowBatchWriter } from '../../../src/storage/row-batch-writer.js';

function encode(fill: (rows: RowBatchWriter) => void): ByteWriter {
  const writer = new ByteWriter(1024);
  const parts = new Int32Array(2);
  const tokenOf = (bytes: Uint8Array, offset: number, length: number, out: Int32Array): void => {
    out[0] = bytes[offset]! - 128;
    out[1] = length;
  };
  const rows = new RowBatchWriter(9, { writerFor: () => writer, recordDone: () => undefined }, tokenOf, parts);
  fill(rows);
  return writer;
}

function decodeFirst(writer: ByteWriter) {
  const reader = new ByteReader(writer.written());
  const length = reader.u32();
  expect(length).toBe(writer.position - 4);
  return readPartition(reader, false);
}

describe('RowBatchWriter', () => {
  const key = new Uint8Array([200, 1, 2]);
  const values = new Uint8Array(100).map((_, i) => i);

  it('writes each row at its own timestamp when they change from row to row', () => {
    const timestamps = [1_700_000_000_000_000n, -5n, 1_700_000_000_000_000n, 0n, 2n ** 62n + 3n];
    const writer = encode((rows) => {
      for (const timestamp of timestamps) {
        rows.beginRow(key, EMPTY_CLUSTERING, timestamp);
        rows.cellFrom(1, values, 0, 8);
        rows.endRow();
      }
    });
    const reader = new ByteReader(writer.written());
    const seen: bigint[] = [];
    while (reader.position < reader.end) {
      reader.u32();
      seen.push(readPartition(reader, false).rows[0]!.cells[0]!.timestamp);
    }
    expect(seen).toEqual(timestamps);
  });

  it('beginRowFrom encodes the same bytes as beginRow, the token taken over the key range only', () => {
    const keys = new Uint8Array([9, 9, 200, 1, 2, 9]);
    const viaView = encode((rows) => {
      rows.beginRow(key, EMPTY_CLUSTERING, 5n, true);
      rows.cellFrom(1, values, 0, 8);
      rows.endRow();
    });
    const viaRange = encode((rows) => {
      rows.beginRowFrom(keys, 2, 3, EMPTY_CLUSTERING, 5n, true);
      rows.cellFrom(1, values, 0, 8);
      rows.endRow();
    });
    expect(viaRange.written()).toEqual(viaView.written());
    const partition = decodeFirst(viaRange);
    expect([...partition.key]).toEqual([200, 1, 2]);
    expect(partition.token).toBe((BigInt(200 - 128) << 32n) | 3n);
  });

  it('beginRowFrom refuses an empty key and a range outside its buffer', () => {
    encode((rows) => {
      expect(() => rows.beginRowFrom(key, 1, 0, EMPTY_CLUSTERING, 1n)).toThrow(InvalidRequestError);
      expect(() => rows.beginRowFrom(key, 2, 2, EMPTY_CLUSTERING, 1n)).toThrow(/outside its buffer/);
    });
  });

  it.each([0n, 1_700_000_000_000_000n, -5n, 2n ** 62n + 3n, -(2n ** 63n)])('cellFrom and cell encode the same bytes at timestamp %s', (timestamp) => {
    const viaCell = encode((rows) => {
      rows.beginRow(key, EMPTY_CLUSTERING, timestamp, true);
      rows.cell(0, values.subarray(10, 44));
      rows.cell(3, values.subarray(44, 100));
      rows.endRow();
    });
    const viaRange = encode((rows) => {
      rows.beginRow(key, EMPTY_CLUSTERING, timestamp, true);
      rows.cellFrom(0, values, 10, 34);
      rows.cellFrom(3, values, 44, 56);
      rows.endRow();
    });
    expect(viaRange.written()).toEqual(viaCell.written());
    const partition = decodeFirst(viaRange);
    expect(partition.tableId).toBe(9);
    expect(partition.token).toBe((BigInt(200 - 128) << 32n) | 3n); // the test token: first key byte, key length
    const row = partition.rows[0]!;
    expect(row.liveness?.timestamp).toBe(timestamp);
    expect(row.cells.map((c) => [c.column, c.timestamp, [...c.value!]])).toEqual([
      [0, timestamp, [...values.subarray(10, 44)]],
      [3, timestamp, [...values.subarray(44, 100)]],
    ]);
  });

  it('refuses a value range outside its buffer and an oversized value', () => {
    expect(() =>
      encode((rows) => {
        rows.beginRow(key, EMPTY_CLUSTERING, 1n);
        rows.cellFrom(0, values, 90, 20);
      }),
    ).toThrow(/outside its buffer/);
    expect(() =>
      encode((rows) => {
        rows.beginRow(key, EMPTY_CLUSTERING, 1n);
        rows.cellFrom(0, new Uint8Array(1), 0, 2 ** 31);
      }),
    ).toThrow(InvalidRequestError);
  });
});
