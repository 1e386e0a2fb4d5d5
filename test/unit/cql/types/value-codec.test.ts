import cassandra from 'cassandra-driver';
import { describe, expect, it } from 'vitest';
import { listType, mapType, nativeCqlType, nativeCqlTypeKinds, setType, tupleType, udtType, type CqlType } from '../../../../src/cql/types/cql-type.js';
import { deserializeValue, serializeValue } from '../../../../src/cql/types/value-codec.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';
import { driverDecode, expectSameValue } from './driver-golden.js';

const { Duration } = cassandra.types;
const int = nativeCqlType('int')!;
const composites: CqlType[] = [
  listType(int),
  setType(int),
  mapType(int, int),
  tupleType([int]),
  udtType('ks', 'u', [{ name: 'a', type: int }]),
];
const allTypes: CqlType[] = [...nativeCqlTypeKinds.map((kind) => nativeCqlType(kind)!), ...composites];

describe('serializeValue and deserializeValue', () => {
  it.each(allTypes)('decode empty bytes of %j as the driver does', (type) => {
    expectSameValue(deserializeValue(type, new Uint8Array(0)), driverDecode(type, Buffer.alloc(0)));
  });

  it('decode empty bytes to null except for text, ascii and blob', () => {
    const empties = Object.fromEntries(nativeCqlTypeKinds.map((kind) => [kind, deserializeValue(nativeCqlType(kind)!, new Uint8Array(0))]));
    for (const kind of nativeCqlTypeKinds) {
      if (kind === 'text' || kind === 'ascii') expect(empties[kind]).toBe('');
      else if (kind === 'blob') expect(Buffer.isBuffer(empties[kind])).toBe(true);
      else expect(empties[kind]).toBeNull();
    }
  });

  it.each(allTypes)('refuse to serialize null or undefined as %j: a null cell has no bytes', (type) => {
    expect(() => serializeValue(type, null)).toThrow(InvalidRequestError);
    expect(() => serializeValue(type, undefined)).toThrow(/null has no bytes/);
  });

  it('word a bad value with the CQL type and the value', () => {
    expect(() => serializeValue(int, 'abc')).toThrow("Invalid value for CQL type int: 'abc' (expected an integer number in [-2147483648, 2147483647])");
  });

  it('read a subarray of a larger buffer without looking outside it', () => {
    const backing = Buffer.from('ff0000002aff', 'hex');
    expect(deserializeValue(int, backing.subarray(1, 5))).toBe(42);
    expect(deserializeValue(listType(int), new Uint8Array(Buffer.from('99000000010000000400000007', 'hex')).subarray(1))).toEqual([7]);
  });

  it('reject every wrong JS type for every type, never returning bytes', () => {
    const wrong = [Symbol('x'), () => 1, new Duration(0, 0, 0), { not: 'it' }];
    for (const type of allTypes) {
      for (const value of wrong) {
        if (type.kind === 'duration' && value instanceof Duration) continue;
        if (type.kind === 'udt' && typeof value === 'object') continue;
        expect(() => serializeValue(type, value), `${JSON.stringify(type)} ${String(value)}`).toThrow(InvalidRequestError);
      }
    }
  });
});
