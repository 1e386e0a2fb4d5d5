// Rows' cells from JS values and bound [value]s back to JS values: null, unset and counts.

import { describe, expect, it } from 'vitest';
import { nativeCqlType } from '../../../../src/cql/types/cql-type.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';
import { boundValues, rowCells } from '../../../../src/protocol/types/cell-values.js';
import { UNSET } from '../../../../src/protocol/wire/wire-value.js';

const int = nativeCqlType('int')!;
const text = nativeCqlType('text')!;
const blob = nativeCqlType('blob')!;

describe('rowCells', () => {
  it('serializes values with the type codecs; null and undefined are null cells', () => {
    expect(rowCells([int, text, int, text], [1, 'a', null, undefined])).toEqual([Buffer.from('00000001', 'hex'), Buffer.from('a'), null, null]);
  });

  it("a value of the wrong type is the codec's InvalidRequestError", () => {
    expect(() => rowCells([int], ['one'])).toThrow(InvalidRequestError);
  });
});

describe('boundValues', () => {
  it('decodes bytes, keeps null, and turns unset into undefined', () => {
    expect(boundValues([int, text, int], [Buffer.from('00000007', 'hex'), null, UNSET])).toEqual([7, null, undefined]);
  });

  it('empty bytes are empty text but null for an int, as Cassandra reads them', () => {
    expect(boundValues([text, int], [new Uint8Array(0), new Uint8Array(0)])).toEqual(['', null]);
  });

  it("a wrong number of values is Cassandra's Invalid error", () => {
    expect(() => boundValues([int, int], [null])).toThrow('There were 2 markers(?) in CQL but 1 bound variables');
  });

  it('a blob is a Buffer over the request bytes themselves, from a Buffer or a plain Uint8Array', () => {
    const frame = Buffer.from('00cafe01', 'hex');
    const plain = new Uint8Array([9, 8, 7, 6]);
    const [fromBuffer, fromPlain, empty] = boundValues([blob, blob, blob], [frame.subarray(1, 3), plain.subarray(1), new Uint8Array(0)]) as Buffer[];
    expect(Buffer.isBuffer(fromBuffer) && Buffer.isBuffer(fromPlain) && Buffer.isBuffer(empty)).toBe(true);
    expect([fromBuffer!.toString('hex'), fromPlain!.toString('hex'), empty!.length]).toEqual(['cafe', '080706', 0]);
    // No copy: the value shares the frame's memory.
    expect(fromBuffer!.buffer).toBe(frame.buffer);
    expect(fromPlain!.buffer).toBe(plain.buffer);
  });

  it('malformed bytes are Invalid, not a crash', () => {
    expect(() => boundValues([int], [new Uint8Array(3)])).toThrow(InvalidRequestError);
  });
});
