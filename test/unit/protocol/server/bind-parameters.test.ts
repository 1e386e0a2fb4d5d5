// Values bound to a prepared statement's markers: in order, or by name (the marker's or its
// column's, exactly first and then ignoring case), decoded with each marker's type.

import { describe, expect, it } from 'vitest';
import type { PreparedStatement } from '../../../../src/cql/prepare/prepared-statement.js';
import { nativeCqlType } from '../../../../src/cql/types/cql-type.js';
import { serializeValue } from '../../../../src/cql/types/value-codec.js';
import { bindParameters } from '../../../../src/protocol/server/bind-parameters.js';
import { UNSET } from '../../../../src/protocol/wire/wire-value.js';

const int = nativeCqlType('int')!;
const text = nativeCqlType('text')!;

const prepared: PreparedStatement = {
  id: Buffer.alloc(16),
  query: 'UPDATE ks.t SET v = :value, "V" = ? WHERE k = ?',
  keyspace: 'ks',
  variables: [
    { keyspace: 'ks', table: 't', name: 'value', type: text },
    { keyspace: 'ks', table: 't', name: 'V', type: text },
    { keyspace: 'ks', table: 't', name: 'k', type: int },
  ],
  partitionKeyIndexes: [2],
  resultColumns: [],
  resultMetadataId: Buffer.alloc(16),
  schemaVersion: 'v',
};

describe('bindParameters', () => {
  it('decodes positional values by marker type; null stays null, unset is undefined', () => {
    expect(bindParameters(prepared, { values: [serializeValue(text, 'a'), null, serializeValue(int, 7)], valueNames: null })).toEqual(['a', null, 7]);
    expect(bindParameters(prepared, { values: [UNSET, UNSET, serializeValue(int, 1)], valueNames: null })).toEqual([undefined, undefined, 1]);
  });

  it('binds named values by name in any order, an exact match before one ignoring case', () => {
    const values = [serializeValue(int, 3), serializeValue(text, 'lower'), serializeValue(text, 'upper'), serializeValue(text, 'x')];
    expect(bindParameters(prepared, { values, valueNames: ['K', 'v', 'V', 'VALUE'] })).toEqual(['x', 'upper', 3]);
  });

  it('refuses a marker without a named value, and a wrong count of positional values', () => {
    expect(() => bindParameters(prepared, { values: [serializeValue(text, 'a')], valueNames: ['value'] })).toThrow(/Invalid amount of bind variables/);
    expect(() => bindParameters(prepared, { values: [serializeValue(text, 'a')], valueNames: null })).toThrow('There were 3 markers(?) in CQL but 1 bound variables');
  });

  it('refuses bytes the marker type cannot hold', () => {
    expect(() => bindParameters(prepared, { values: [null, null, Uint8Array.of(1, 2)], valueNames: null })).toThrow(/int/);
  });
});
