/**
 * Goal: a coordinator's encoded batch holds exactly the records write() would have built (for
 * mutations and for bulk rows), a replica refuses a batch whose headers break a rule before
 * anything is applied, and table ids can be renumbered for the replica in place.
 * Method: build batches, decode them with the partition codec, and damage them byte by byte.
 */

import { describe, expect, it } from 'vitest';
import { murmur3Token, murmur3TokenPartsOfRange } from '../../../../src/cluster/ring/murmur3.js';
import { limits } from '../../../../src/config/limits.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';
import { cellTombstone, liveCell } from '../../../../src/storage/model/cell.js';
import { readPartition } from '../../../../src/storage/model/partition-codec.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import { EMPTY_CLUSTERING } from '../../../../src/storage/model/row.js';
import { validateEncodedBatch } from '../../../../src/storage/mutation-validator.js';
import { RowBatchWriter } from '../../../../src/storage/row-batch-writer.js';
import type { WriteMutation } from '../../../../src/storage/storage-engine.js';
import { EncodedBatchBuilder, retargetTableIds } from '../../../../src/storage/vnode/encoded-batch.js';
import { readBatchHeader } from '../../../../src/storage/vnode/vnode-wire.js';

const text = (s: string) => new TextEncoder().encode(s);
const known = new Set([1, 2]);
const parts = new Int32Array(2);

function mutation(tableId: number, key: string, extra: Partial<WriteMutation> = {}): WriteMutation {
  return {
    tableId,
    key: text(key),
    deletion: null,
    rangeTombstones: [],
    staticRow: null,
    rows: [{ clustering: Uint8Array.of(1), liveness: null, deletion: null, cells: [liveCell(0, text(`v-${key}`), 7n), cellTombstone(1, 7n, 100)] }],
    ...extra,
  };
}

function records(batch: Uint8Array): PartitionUpdate[] {
  const { count, reader } = readBatchHeader(batch);
  const decoded: PartitionUpdate[] = [];
  for (let i = 0; i < count; i++) {
    const length = reader.u32();
    const start = reader.position;
    decoded.push(readPartition(reader, true));
    expect(reader.position - start).toBe(length);
  }
  expect(reader.position).toBe(batch.length);
  return decoded;
}

describe('EncodedBatchBuilder', () => {
  it('encodes mutations with their tokens, and starts again empty after finish', () => {
    const builder = new EncodedBatchBuilder();
    const mutations = [mutation(1, 'a'), mutation(2, 'b', { deletion: { markedForDeleteAt: 3n, localDeletionTime: 100 } })];
    for (const m of mutations) builder.add(m);
    expect(builder.count).toBe(2);
    const batch = builder.finish();
    expect(records(batch)).toEqual(mutations.map((m) => ({ ...m, token: murmur3Token(m.key) })));
    expect(validateEncodedBatch(batch, known, parts)).toBe(2);
    expect(builder.count).toBe(0);
    builder.add(mutation(1, 'c'));
    expect(records(builder.finish()).map((p) => new TextDecoder().decode(p.key))).toEqual(['c']);
  });

  it('takes bulk rows from a RowBatchWriter through its sink', () => {
    const builder = new EncodedBatchBuilder();
    const rows = new RowBatchWriter(2, builder.rowSink(), murmur3TokenPartsOfRange, new Int32Array(2));
    for (const key of ['x', 'y', 'z']) {
      rows.beginRow(text(key), EMPTY_CLUSTERING, 5n, true);
      rows.cell(0, text(key.repeat(3)));
      rows.endRow();
    }
    builder.add(mutation(1, 'after'));
    expect(builder.count).toBe(4);
    const decoded = records(builder.finish());
    expect(decoded.slice(0, 3).map((p) => [p.tableId, p.token, new TextDecoder().decode(p.rows[0]!.cells[0]!.value!)])).toEqual([
      [2, murmur3Token(text('x')), 'xxx'],
      [2, murmur3Token(text('y')), 'yyy'],
      [2, murmur3Token(text('z')), 'zzz'],
    ]);
    expect(decoded[0]!.rows[0]!.liveness?.timestamp).toBe(5n);
  });

  it('refuses a mutation breaking a limit and leaves the batch as it was', () => {
    const builder = new EncodedBatchBuilder();
    builder.add(mutation(1, 'ok'));
    const before = builder.byteLength;
    expect(() => builder.add(mutation(1, ''))).toThrow(InvalidRequestError);
    const huge = new Uint8Array(limits.cellValueBytesMax + 1);
    expect(() => builder.add({ ...mutation(1, 'big'), rows: [{ clustering: EMPTY_CLUSTERING, liveness: null, deletion: null, cells: [liveCell(0, huge, 1n)] }] })).toThrow(
      /over the maximum/,
    );
    expect(builder.byteLength).toBe(before);
    expect(records(builder.finish())).toHaveLength(1);
  });
});

describe('validateEncodedBatch', () => {
  const build = (...mutations: WriteMutation[]): Uint8Array => {
    const builder = new EncodedBatchBuilder();
    for (const m of mutations) builder.add(m);
    return builder.finish();
  };
  const refuses = (batch: Uint8Array, message: RegExp) => expect(() => validateEncodedBatch(batch, known, parts)).toThrow(message);

  it('accepts an empty batch', () => {
    expect(validateEncodedBatch(build(), known, parts)).toBe(0);
  });

  it('refuses an unknown table', () => {
    refuses(build(mutation(1, 'a'), mutation(7, 'b')), /unknown table id 7/);
  });

  it('refuses a record whose token is not its key’s', () => {
    const batch = build(mutation(1, 'a'), mutation(1, 'key'));
    batch[batch.length - 1] = batch[batch.length - 1]! ^ 0xff; // not the key: its last cell's deletion time
    expect(validateEncodedBatch(batch, known, parts)).toBe(2);
    const second = 5 + 4 + new DataView(batch.buffer).getUint32(5);
    batch[second + 4 + 14] = text('x')[0]!; // 'key' becomes 'xey'
    refuses(batch, /token that is not its key's/);
  });

  it('refuses a truncated batch, bytes after the last record, a count beyond the records, and other batch types', () => {
    const batch = build(mutation(1, 'a'), mutation(2, 'b'));
    refuses(batch.subarray(0, batch.length - 3), /does not fit/);
    refuses(Uint8Array.from([...batch, 0]), /1 bytes after its 2 records/);
    const overCounted = batch.slice();
    new DataView(overCounted.buffer).setUint32(1, 3);
    refuses(overCounted, /truncated at record 2 of 3/);
    const read = batch.slice();
    read[0] = 3;
    refuses(read, /not an encoded write batch/);
  });

  it('refuses a record larger than a mutation may be, from its length alone', () => {
    const batch = build(mutation(1, 'a'));
    new DataView(batch.buffer).setUint32(5, limits.mutationBytesMax + 1);
    refuses(batch, /too large/);
  });
});

describe('retargetTableIds', () => {
  it('renumbers every record in place, for the replica', () => {
    const builder = new EncodedBatchBuilder();
    builder.add(mutation(1, 'a'));
    builder.add(mutation(2, 'b'));
    builder.add(mutation(1, 'c'));
    const batch = builder.finish();
    retargetTableIds(batch, (id) => id + 40);
    expect(records(batch).map((p) => p.tableId)).toEqual([41, 42, 41]);
    expect(validateEncodedBatch(batch, new Set([41, 42]), parts)).toBe(3);
  });
});
