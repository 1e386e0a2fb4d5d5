/**
 * A partition read between nodes travels as bytes (replica-messages.ts): the request is the
 * storage thread's read command, the response the digest and the partition's bytes.
 */
import { describe, expect, it } from 'vitest';
import { decodeReadRequest, decodeReadResponse, encodeReadRequest, encodeReadResponse, type ReadRequest } from '../../../../src/cluster/coordinator/replica-messages.js';
import { FULL_SLICE, type ClusteringSlice } from '../../../../src/storage/model/clustering-slice.js';

const key = Uint8Array.of(1, 2, 3);
const digest = Uint8Array.from({ length: 16 }, (_, i) => i + 100);

describe('read request bytes', () => {
  it('carry the table, key, bounds and kind of a read', () => {
    const bounded: ClusteringSlice = { start: { prefix: Uint8Array.of(5), inclusive: false }, end: { prefix: Uint8Array.of(9, 9), inclusive: true }, reversed: false, limit: Infinity };
    for (const request of [
      { tableId: 7, key, slice: FULL_SLICE, digest: false },
      { tableId: 70_000, key, slice: bounded, digest: true },
    ] satisfies ReadRequest[]) {
      const decoded = decodeReadRequest(encodeReadRequest(request));
      expect(decoded.tableId).toBe(request.tableId);
      expect([...decoded.key]).toEqual([...key]);
      expect(decoded.digest).toBe(request.digest);
      expect(decoded.slice.start.inclusive).toBe(request.slice.start.inclusive);
      expect([...decoded.slice.start.prefix]).toEqual([...request.slice.start.prefix]);
      expect([...decoded.slice.end.prefix]).toEqual([...request.slice.end.prefix]);
      expect(decoded.slice.limit).toBe(Infinity);
    }
  });
});

describe('read response bytes', () => {
  it('carry data with its digest, no data, or a digest alone', () => {
    const data = Uint8Array.of(0, 0, 0, 7, 42);
    const withData = decodeReadResponse(encodeReadResponse({ data, digest }), false) as { data: Uint8Array | null; digest: Uint8Array };
    expect([...withData.data!]).toEqual([...data]);
    expect([...withData.digest]).toEqual([...digest]);
    const none = decodeReadResponse(encodeReadResponse({ data: null, digest }), false);
    expect(none).toEqual({ data: null, digest: expect.any(Uint8Array) });
    const digestOnly = decodeReadResponse(encodeReadResponse({ digest }), true);
    expect('data' in digestOnly).toBe(false);
    expect([...digestOnly.digest]).toEqual([...digest]);
  });
});
