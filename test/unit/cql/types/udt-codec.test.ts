import cassandra from 'cassandra-driver';
import { describe, expect, it } from 'vitest';
import { listType, mapType, nativeCqlType, tupleType, udtType, type CqlType } from '../../../../src/cql/types/cql-type.js';
import { deserializeValue, serializeValue } from '../../../../src/cql/types/value-codec.js';
import { expectMatchesDriver, hex } from './driver-golden.js';

const { Tuple, Uuid } = cassandra.types;
const native = (name: string): CqlType => nativeCqlType(name)!;
const int = native('int');
const text = native('text');

const address = udtType('shop', 'address', [
  { name: 'street', type: text },
  { name: 'number', type: int },
  { name: 'tags', type: listType(text, true) },
]);
const customer = udtType('shop', 'Customer', [
  { name: 'id', type: native('uuid') },
  { name: 'home', type: address },
  { name: 'others', type: mapType(text, address, true) },
  { name: 'pair', type: tupleType([int, text]) },
]);

describe('udt', () => {
  it.each<[string, CqlType, unknown]>([
    ['all fields', address, { street: 'Main St', number: 12, tags: ['a', 'b'] }],
    ['null fields', address, { street: null, number: 12, tags: null }],
    ['missing fields are null', address, { number: 3 }],
    ['empty object', address, {}],
    ['nested UDTs, maps and tuples', customer, {
      id: Uuid.fromString('3e2d8e6a-9b3c-4f1e-8d2a-1b2c3d4e5f60'),
      home: { street: 'Elm', number: 1, tags: ['x'] },
      others: { work: { street: 'Oak', number: 2, tags: null } },
      pair: new Tuple(1, 'one'),
    }],
  ])('%s matches the driver', (_, type, value) => {
    expectMatchesDriver(type, value);
  });

  it('decodes every field, a missing one as null', () => {
    const decoded = deserializeValue(address, serializeValue(address, { number: 3 }));
    expect(decoded).toEqual({ street: null, number: 3, tags: null });
  });

  it('decodes fields beyond the end of older bytes as null', () => {
    const decoded = deserializeValue(address, Buffer.from('00000001' + '61', 'hex'));
    expect(decoded).toEqual({ street: 'a', number: null, tags: null });
  });

  it('writes fields in declaration order, null as length -1', () => {
    expect(hex(serializeValue(address, { number: 1, street: 'a' }))).toBe('0000000161' + '0000000400000001' + 'ffffffff');
  });

  it('rejects unknown fields, non-objects and bad field values', () => {
    expect(() => serializeValue(address, { street: 'a', zip: 1 })).toThrow(/Invalid value for CQL type frozen<address>.*unknown field 'zip'/);
    expect(() => serializeValue(customer, new Map())).toThrow(/Invalid value for CQL type frozen<"Customer">/);
    expect(() => serializeValue(address, ['Main'])).toThrow(/expected a plain object/);
    expect(() => serializeValue(address, { number: '12' })).toThrow(/Invalid value for CQL type int: '12'/);
  });

  it('rejects bytes past the last field', () => {
    expect(() => deserializeValue(udtType('ks', 'one', [{ name: 'a', type: int }]), Buffer.from('000000040000000100', 'hex'))).toThrow(
      'Unexpected extraneous bytes after value of user type one',
    );
  });
});
