import cassandra from 'cassandra-driver';
import { describe, expect, it } from 'vitest';
import { listType, mapType, nativeCqlType, tupleType, type CqlType } from '../../../../src/cql/types/cql-type.js';
import { deserializeValue, serializeValue } from '../../../../src/cql/types/value-codec.js';
import { expectMatchesDriver, hex } from './driver-golden.js';

const { Tuple, Long, LocalTime } = cassandra.types;
const native = (name: string): CqlType => nativeCqlType(name)!;
const int = native('int');
const text = native('text');

describe('tuple', () => {
  it.each<[string, CqlType, unknown]>([
    ['tuple<int, text>', tupleType([int, text]), new Tuple(1, 'one')],
    ['with a null', tupleType([int, text, native('bigint')]), new Tuple(null, 'x', Long.ONE)],
    ['all nulls', tupleType([int, text]), new Tuple(null, null)],
    ['single element', tupleType([native('double')]), new Tuple(-0)],
    ['nested', tupleType([tupleType([int, int]), listType(text, true)]), new Tuple(new Tuple(1, 2), ['a', 'b'])],
    ['with a map', tupleType([mapType(text, native('time'), true), native('boolean')]), new Tuple({ t: LocalTime.fromString('01:02:03') }, false)],
    ['fewer elements than the type', tupleType([int, text, int]), new Tuple(7)],
  ])('%s matches the driver', (_, type, value) => {
    const decoded = expectMatchesDriver(type, value);
    expect(decoded).toBeInstanceOf(Tuple);
  });

  it('accepts an array', () => {
    const type = tupleType([int, text]);
    expect(hex(serializeValue(type, [1, null]))).toBe(hex(serializeValue(type, new Tuple(1, null))));
    expect(hex(serializeValue(type, [1, null]))).toBe('0000000400000001ffffffff');
  });

  it('decodes missing trailing elements as null, with the type\'s full arity', () => {
    const decoded = deserializeValue(tupleType([int, text, int]), Buffer.from('0000000400000007', 'hex')) as InstanceType<typeof Tuple>;
    expect(decoded.values()).toEqual([7, null, null]);
    expect(decoded.length).toBe(3);
  });

  it('rejects too many elements, wrong containers and bad elements', () => {
    const type = tupleType([int, text]);
    expect(() => serializeValue(type, new Tuple(1, 'a', 2))).toThrow(/Invalid value for CQL type frozen<tuple<int, text>>.*at most 2 elements/);
    expect(() => serializeValue(type, { 0: 1 })).toThrow(/expected a Tuple or an array/);
    expect(() => serializeValue(type, ['x', 'y'])).toThrow(/Invalid value for CQL type int: 'x'/);
  });

  it('rejects bytes past the last element or cut short', () => {
    const type = tupleType([int]);
    expect(() => deserializeValue(type, Buffer.from('000000040000000100', 'hex'))).toThrow('Unexpected extraneous bytes after tuple value');
    expect(() => deserializeValue(type, Buffer.from('0000000400', 'hex'))).toThrow('Not enough bytes to read a tuple value');
  });
});
