/**
 * The batchlog's blobs: any mutation comes back as it went in; a plain row for the row batch
 * writer is stored as exactly the record that writer puts on the wire; a blob that is not one
 * whole record of its own key is refused as corrupt, not applied.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmur3Token, murmur3TokenPartsOfRange } from '../../../src/cluster/ring/murmur3.js';
import { asWriteMutation, decodeBatchlogMutation, encodeBatchlogMutation } from '../../../src/cql/batchlog/batchlog-codec.js';
import type { EncodedRow } from '../../../src/cql/rows/bulk-rows.js';
import { writeEncodedRows } from '../../../src/cql/rows/bulk-rows.js';
import { ByteWriter } from '../../../src/lib/bytes/byte-writer.js';
import { CorruptionError } from '../../../src/lib/errors.js';
import type { Cell } from '../../../src/storage/model/cell.js';
import { writePartition } from '../../../src/storage/model/partition-codec.js';
import type { Row } from '../../../src/storage/model/row.js';
import { NO_DELETION_TIME } from '../../../src/storage/model/timestamp.js';
import { RowBatchWriter } from '../../../src/storage/row-batch-writer.js';
import type { WriteMutation } from '../../../src/storage/storage-engine.js';

const bytes = (max: number) => fc.uint8Array({ maxLength: max });
const timestamp = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const deletion = fc.record({ markedForDeleteAt: timestamp, localDeletionTime: fc.integer({ min: 0, max: NO_DELETION_TIME }) });

const cell: fc.Arbitrary<Cell> = fc.oneof(
  fc.record({ column: fc.integer({ min: 0, max: 0xffff }), path: fc.option(bytes(8)), value: bytes(32), timestamp, ttl: fc.constant(0), localDeletionTime: fc.constant(NO_DELETION_TIME) }),
  fc.record({ column: fc.integer({ min: 0, max: 0xffff }), path: fc.option(bytes(8)), value: bytes(32), timestamp, ttl: fc.integer({ min: 1, max: 1000 }), localDeletionTime: fc.integer({ min: 0, max: 2 ** 31 - 2 }) }),
  fc.record({ column: fc.integer({ min: 0, max: 0xffff }), path: fc.option(bytes(8)), value: fc.constant(null), timestamp, ttl: fc.constant(0), localDeletionTime: fc.integer({ min: 0, max: 2 ** 31 - 2 }) }),
);

const row: fc.Arbitrary<Row> = fc.record({
  clustering: bytes(16),
  liveness: fc.option(fc.record({ timestamp, ttl: fc.integer({ min: 0, max: 1000 }), localExpirationTime: fc.integer({ min: 0, max: NO_DELETION_TIME }) })),
  deletion: fc.option(deletion),
  cells: fc.array(cell, { maxLength: 4 }),
});

const mutation: fc.Arbitrary<WriteMutation> = fc.record({
  tableId: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  key: fc.uint8Array({ minLength: 1, maxLength: 24 }),
  deletion: fc.option(deletion),
  rangeTombstones: fc.array(
    fc.record({ start: fc.record({ prefix: bytes(8), inclusive: fc.boolean() }), end: fc.record({ prefix: bytes(8), inclusive: fc.boolean() }), deletion }),
    { maxLength: 2 },
  ),
  staticRow: fc.option(row),
  rows: fc.array(row, { maxLength: 3 }),
});

const encodedRow: fc.Arbitrary<EncodedRow> = fc
  .record({
    tableId: fc.integer({ min: 1000, max: 5000 }),
    key: fc.uint8Array({ minLength: 1, maxLength: 24 }),
    clustering: bytes(16),
    timestamp,
    values: fc.array(bytes(32), { maxLength: 5 }),
  })
  .map(({ values, ...rest }) => ({ ...rest, columns: values.map((_v, i) => i * 3), values }));

/** The record RowBatchWriter encodes for a row, without its u32 length prefix. */
function rowBatchWriterRecord(row: EncodedRow): Uint8Array {
  const writer = new ByteWriter(64);
  const sink = { writerFor: () => writer, recordDone: () => undefined };
  writeEncodedRows(new RowBatchWriter(row.tableId, sink, murmur3TokenPartsOfRange, new Int32Array(2)), [row]);
  return writer.toBytes().subarray(4);
}

describe('batchlog codec', () => {
  it('gives back every mutation it encodes', () => {
    fc.assert(
      fc.property(mutation, (m) => {
        expect(decodeBatchlogMutation(encodeBatchlogMutation(m), 'test')).toEqual(m);
      }),
    );
  });

  it('stores a plain row as the very record the row batch writer writes', () => {
    fc.assert(
      fc.property(encodedRow, (r) => {
        const blob = encodeBatchlogMutation(asWriteMutation(r));
        expect(Buffer.from(blob).equals(Buffer.from(rowBatchWriterRecord(r)))).toBe(true);
      }),
    );
  });

  it('refuses a blob that is cut short, runs on, or carries another key\'s token', () => {
    const m: WriteMutation = { tableId: 1000, key: Uint8Array.of(1, 2), deletion: null, rangeTombstones: [], staticRow: null, rows: [] };
    const blob = encodeBatchlogMutation(m);
    expect(() => decodeBatchlogMutation(blob.subarray(0, blob.length - 1), 'b')).toThrow(CorruptionError);
    expect(() => decodeBatchlogMutation(Uint8Array.from([...blob, 0]), 'b')).toThrow(CorruptionError);
    const writer = new ByteWriter(64);
    writePartition(writer, { ...m, token: murmur3Token(Uint8Array.of(9)) });
    expect(() => decodeBatchlogMutation(writer.toBytes(), 'b')).toThrow(/token/);
  });
});
