import cassandra from 'cassandra-driver';
import { describe, expect, it } from 'vitest';
import { listType, mapType, nativeCqlType, setType, tupleType, udtType, type CqlType } from '../../../../src/cql/types/cql-type.js';
import { deserializeValue, serializeValue } from '../../../../src/cql/types/value-codec.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';
import { driverDecode, driverEncode, expectMatchesDriver, expectSameValue, hex } from './driver-golden.js';

const { Long, Uuid, LocalDate, InetAddress, Tuple } = cassandra.types;
const native = (name: string): CqlType => nativeCqlType(name)!;
const int = native('int');
const text = native('text');

describe('list and set', () => {
  it.each<[string, CqlType, unknown]>([
    ['list<int>', listType(int), [1, 2, 3, -(2 ** 31)]],
    ['list<text> with duplicates', listType(text), ['a', '', 'a', 'Grüße']],
    ['list<bigint>', listType(native('bigint')), [Long.MAX_VALUE, Long.ZERO]],
    ['frozen<list<uuid>>', listType(native('uuid'), true), [Uuid.random(), Uuid.random()]],
    ['set<date>', setType(native('date')), [LocalDate.fromString('1900-01-01'), LocalDate.fromString('2100-12-31')]],
    ['set<inet>', setType(native('inet')), ['::1', '10.0.0.1']],
    ['list<frozen<list<int>>>', listType(listType(int, true)), [[1], [2, 3], [4, 5, 6]]],
    ['list<frozen<set<text>>>', listType(setType(text, true)), [['x'], ['y', 'z']]],
    ['list<frozen<map<text, int>>>', listType(mapType(text, int, true)), [{ a: 1 }, { b: 2, c: 3 }]],
    ['list<frozen<tuple<int, text>>>', listType(tupleType([int, text])), [new Tuple(1, 'a'), new Tuple(2, null)]],
    ['list<blob>', listType(native('blob')), [Buffer.from('00ff', 'hex'), Buffer.from('')]],
  ])('%s matches the driver', (_, type, value) => {
    expectMatchesDriver(type, value);
  });

  it('accepts a JS Set for set<...>, with the same bytes as the array', () => {
    const type = setType(text);
    expect(hex(serializeValue(type, new Set(['b', 'a'])))).toBe(hex(serializeValue(type, ['b', 'a'])));
  });

  it('writes [int n] then [int length][bytes] per element', () => {
    expect(hex(serializeValue(listType(int), [1, 2]))).toBe('00000002' + '00000004' + '00000001' + '00000004' + '00000002');
  });

  it('writes an empty collection as [int 0], where the driver sends null', () => {
    expect(hex(serializeValue(listType(int), []))).toBe('00000000');
    expect(driverEncode(listType(int), [])).toBeNull();
    expectSameValue(deserializeValue(listType(int), Buffer.from('00000000', 'hex')), driverDecode(listType(int), Buffer.from('00000000', 'hex')));
    expect(deserializeValue(listType(int), new Uint8Array(0))).toBeNull();
  });

  it('decodes an empty element as the element type decodes empty bytes', () => {
    const bytes = Buffer.from('00000002' + '00000000' + '00000004' + '00000007', 'hex');
    expectSameValue(deserializeValue(listType(int), bytes), driverDecode(listType(int), bytes));
    expect(deserializeValue(listType(text), Buffer.from('0000000100000000', 'hex'))).toEqual(['']);
  });

  it('rejects nulls, wrong containers and wrong elements', () => {
    expect(() => serializeValue(listType(int), [1, null])).toThrow('null is not supported inside collections (CQL type list<int>)');
    expect(() => serializeValue(listType(int), [1, undefined])).toThrow(InvalidRequestError);
    expect(() => serializeValue(listType(int), new Set([1]))).toThrow(/Invalid value for CQL type list<int>.*expected an array/);
    expect(() => serializeValue(setType(int), 'abc')).toThrow(/Invalid value for CQL type set<int>: 'abc'/);
    expect(() => serializeValue(listType(int), ['abc'])).toThrow(/Invalid value for CQL type int: 'abc'/);
  });

  it('rejects malformed bytes', () => {
    expect(() => deserializeValue(listType(int), Buffer.from('000000', 'hex'))).toThrow('Not enough bytes to read a list value');
    expect(() => deserializeValue(listType(int), Buffer.from('00000002' + '0000000400000001', 'hex'))).toThrow('Not enough bytes to read a list value');
    expect(() => deserializeValue(listType(int), Buffer.from('00000001' + '0000000400000001' + '00', 'hex'))).toThrow(
      'Unexpected extraneous bytes after list value',
    );
    expect(() => deserializeValue(setType(int), Buffer.from('00000001ffffffff', 'hex'))).toThrow('null is not supported inside collections');
    expect(() => deserializeValue(listType(int), Buffer.from('ffffffff', 'hex'))).toThrow('Negative element count -1 for list<int>');
    expect(() => deserializeValue(listType(int), Buffer.from('00000001' + '00000003' + '000001', 'hex'))).toThrow('Expected 4 or 0 byte int (3)');
  });
});

describe('map', () => {
  it.each<[string, CqlType, unknown]>([
    ['map<text, int>', mapType(text, int), { a: 1, b: -1, '': 0, 'ü': 2 ** 31 - 1 }],
    ['map<text, frozen<list<int>>>', mapType(text, listType(int, true)), { xs: [1, 2, 3], ys: [4] }],
    ['frozen<map<text, text>>', mapType(text, text, true), { k: 'v' }],
    ['map<ascii, frozen<map<text, bigint>>>', mapType(native('ascii'), mapType(text, native('bigint'), true)), { outer: { inner: Long.fromInt(5) } }],
    ['map<uuid, inet> with string keys', mapType(native('uuid'), native('inet')), { '3e2d8e6a-9b3c-4f1e-8d2a-1b2c3d4e5f60': InetAddress.fromString('1.2.3.4') }],
    ['map<text, frozen<tuple<int, text>>>', mapType(text, tupleType([int, text])), { t: new Tuple(1, 'x') }],
  ])('%s from a plain object matches the driver', (_, type, value) => {
    expectMatchesDriver(type, value);
  });

  it('accepts a Map with non-string keys, decoding to an object keyed by String(key)', () => {
    const type = mapType(int, text);
    const bytes = serializeValue(type, new Map([[1, 'one'], [-2, 'minus two']]));
    expect(hex(bytes)).toBe('00000002' + '00000004' + '00000001' + '00000003' + Buffer.from('one').toString('hex') + '00000004fffffffe' + '00000009' + Buffer.from('minus two').toString('hex'));
    const decoded = deserializeValue(type, bytes);
    expect(decoded).toEqual({ '1': 'one', '-2': 'minus two' });
    expectSameValue(decoded, driverDecode(type, bytes));
  });

  it('keeps a "__proto__" key as a plain entry', () => {
    const type = mapType(text, int);
    const decoded = deserializeValue(type, serializeValue(type, new Map([['__proto__', 1]]))) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(['__proto__']);
  });

  it('writes an empty map as [int 0] (the driver agrees here)', () => {
    expectMatchesDriver(mapType(text, int), {});
  });

  it('rejects null keys and values, and non-map containers', () => {
    const type = mapType(text, int);
    expect(() => serializeValue(type, { a: null })).toThrow('null is not supported inside collections (CQL type map<text, int>)');
    expect(() => serializeValue(type, new Map([[null, 1]]))).toThrow(/null is not supported/);
    expect(() => serializeValue(type, [['a', 1]])).toThrow(/Invalid value for CQL type map<text, int>/);
    expect(() => serializeValue(type, new Date())).toThrow(/expected a Map or a plain object/);
    expect(() => serializeValue(mapType(int, int), { '1': 1 })).toThrow(/Invalid value for CQL type int: '1'/);
    expect(() => deserializeValue(type, Buffer.from('00000001' + '0000000161' + 'ffffffff', 'hex'))).toThrow('null is not supported inside collections');
  });
});

describe('collections inside UDTs', () => {
  it('nest two levels deep', () => {
    const address = udtType('ks', 'address', [
      { name: 'street', type: text },
      { name: 'phones', type: setType(text, true) },
    ]);
    expectMatchesDriver(mapType(text, address), { home: { street: 'Main', phones: ['1', '2'] }, work: { street: 'Side', phones: null } });
  });
});

describe('empty collections nested', () => {
  it('are [int 0] at every depth', () => {
    const nested = mapType(text, listType(int, true));
    expect(hex(serializeValue(nested, { a: [] }))).toBe('00000001' + '0000000161' + '00000004' + '00000000');
    expect(deserializeValue(nested, serializeValue(nested, { a: [] }))).toEqual({ a: [] });
    expect(deserializeValue(listType(listType(int, true)), serializeValue(listType(listType(int, true)), [[]]))).toEqual([[]]);
  });
});
