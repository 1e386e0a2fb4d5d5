// Rows' cells from JS values and bound [value]s back to JS values: null, unset and counts.

import { describe, expect, it } from 'vitest';
import { nativeCqlType } from '../../../../src/cql/types/cql-type.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';
import { boundValues, rowCells } from '../../../../src/protocol/types/cell-values.js';
import { UNSET } from '../../../../src/protocol/wire/wire-value.js';

const int = nativeCqlType('int')!;
const text = nativeCqlType('text')!;

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

  it('malformed bytes are Invalid, not a crash', () => {
    expect(() => boundValues([int], [new Uint8Array(3)])).toThrow(InvalidRequestError);
  });
});
