/**
 * The receiver's check of a streamed page: a page of the table and range asked for passes;
 * a partition of another table, a token outside the range, a count that lies, or bytes that
 * are not a write batch are refused before anything is written. What is left of a list of
 * ranges after a page stopped.
 */

import { describe, expect, it } from 'vitest';
import { murmur3Token } from '../../../../src/cluster/ring/murmur3.js';
import { TokenRange } from '../../../../src/cluster/ring/token-range.js';
import { checkStreamedBatch } from '../../../../src/cluster/streaming/check-streamed-batch.js';
import { remainderAfter } from '../../../../src/cluster/streaming/stream-messages.js';
import { EncodedBatchBuilder } from '../../../../src/storage/vnode/encoded-batch.js';

const key = (s: string): Uint8Array => new TextEncoder().encode(s);
const mutation = (tableId: number, k: string) => ({ tableId, key: key(k), deletion: { markedForDeleteAt: 5n, localDeletionTime: 100 }, rangeTombstones: [], staticRow: null, rows: [] });

function batchOf(...mutations: ReturnType<typeof mutation>[]): Uint8Array {
  const builder = new EncodedBatchBuilder();
  for (const m of mutations) builder.add(m);
  return builder.finish();
}

describe('checkStreamedBatch', () => {
  const a = murmur3Token(key('a'));
  const b = murmur3Token(key('b'));
  const around = (t: bigint): TokenRange => TokenRange.create(t - 1n, t);

  it('passes a page of the table and range asked for', () => {
    expect(() => checkStreamedBatch(batchOf(mutation(3, 'a')), 3, [around(a)], 1)).not.toThrow();
    expect(() => checkStreamedBatch(batchOf(mutation(3, 'a'), mutation(3, 'b')), 3, [TokenRange.create(0n, 0n)], 2)).not.toThrow();
    expect(() => checkStreamedBatch(batchOf(mutation(3, 'a')), 3, null, 1)).not.toThrow();
    // Several ranges, the records in their order, some ranges without any.
    expect(() => checkStreamedBatch(batchOf(mutation(3, 'a'), mutation(3, 'b')), 3, [TokenRange.create(0n, 1n), around(a), around(b)], 2)).not.toThrow();
  });

  it('refuses another table, a token outside the range, a wrong count, and bytes that are not a batch', () => {
    expect(() => checkStreamedBatch(batchOf(mutation(4, 'a')), 3, [around(a)], 1)).toThrow(/holds a partition of table 4/);
    expect(() => checkStreamedBatch(batchOf(mutation(3, 'a'), mutation(3, 'b')), 3, [around(a)], 2)).toThrow(new RegExp(`holds token ${b}`));
    // Out of the ranges' order.
    expect(() => checkStreamedBatch(batchOf(mutation(3, 'b'), mutation(3, 'a')), 3, [around(a), around(b)], 2)).toThrow(new RegExp(`holds token ${a}`));
    expect(() => checkStreamedBatch(batchOf(mutation(3, 'a')), 3, [around(a)], 2)).toThrow(/says 2 partitions and holds 1/);
    expect(() => checkStreamedBatch(Uint8Array.from([9, 0, 0, 0, 0]), 3, null, 0)).toThrow(/not an encoded write batch/);
  });
});

describe('remainderAfter', () => {
  const r = (left: number, right: number): TokenRange => TokenRange.create(BigInt(left), BigInt(right));
  it('keeps the rest of the range a page stopped in, and the ranges after it', () => {
    expect(remainderAfter([r(0, 10), r(20, 30), r(40, 50)], { rangeIndex: 1, after: 25n })).toEqual([r(25, 30), r(40, 50)]);
    expect(remainderAfter([r(0, 10), r(20, 30)], { rangeIndex: 0, after: 10n })).toEqual([r(20, 30)]);
    expect(remainderAfter([r(0, 10)], { rangeIndex: 0, after: 10n })).toEqual([]);
    expect(remainderAfter([r(100, -100)], { rangeIndex: 0, after: -150n })).toEqual([r(-150, -100)]);
    expect(() => remainderAfter([r(0, 10)], { rangeIndex: 0, after: 11n })).toThrow(/outside the ranges asked for/);
  });
});
