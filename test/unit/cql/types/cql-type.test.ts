import { describe, expect, it } from 'vitest';
import {
  cqlTypeOptionId,
  formatCqlType,
  listType,
  mapType,
  nativeCqlType,
  nativeCqlTypeKinds,
  setType,
  tupleType,
  udtType,
} from '../../../../src/cql/types/cql-type.js';
import { AssertionError } from '../../../../src/lib/assert.js';

const int = nativeCqlType('int')!;
const text = nativeCqlType('text')!;

describe('nativeCqlType', () => {
  it('knows every native kind, in any case', () => {
    for (const kind of nativeCqlTypeKinds) {
      expect(nativeCqlType(kind)).toEqual({ kind });
      expect(nativeCqlType(kind.toUpperCase())).toBe(nativeCqlType(kind));
    }
  });

  it('parses varchar to text', () => {
    expect(nativeCqlType('varchar')).toEqual({ kind: 'text' });
  });

  it('returns null for anything else', () => {
    for (const name of ['list', 'frozen', 'string', 'integer', '', 'udt']) expect(nativeCqlType(name)).toBeNull();
  });

  it('returns frozen objects', () => {
    expect(Object.isFrozen(int)).toBe(true);
    expect(Object.isFrozen(listType(int))).toBe(true);
  });
});

describe('formatCqlType', () => {
  it.each([
    [int, 'int'],
    [text, 'text'],
    [listType(int), 'list<int>'],
    [listType(int, true), 'frozen<list<int>>'],
    [setType(nativeCqlType('timeuuid')!), 'set<timeuuid>'],
    [mapType(text, int), 'map<text, int>'],
    [mapType(text, listType(int, true)), 'map<text, frozen<list<int>>>'],
    [tupleType([int, text, mapType(int, int, true)]), 'frozen<tuple<int, text, frozen<map<int, int>>>>'],
    [udtType('ks', 'address', [{ name: 'a', type: int }]), 'frozen<address>'],
    [udtType('ks', 'Address', [{ name: 'a', type: int }], false), '"Address"'],
    [listType(udtType('ks', 'we"ird', [{ name: 'a', type: int }])), 'list<frozen<"we""ird">>'],
  ])('%j is %s', (type, expected) => {
    expect(formatCqlType(type)).toBe(expected);
  });
});

describe('cqlTypeOptionId', () => {
  it.each([
    ['ascii', 0x0001],
    ['bigint', 0x0002],
    ['blob', 0x0003],
    ['boolean', 0x0004],
    ['counter', 0x0005],
    ['decimal', 0x0006],
    ['double', 0x0007],
    ['float', 0x0008],
    ['int', 0x0009],
    ['timestamp', 0x000b],
    ['uuid', 0x000c],
    ['varchar', 0x000d],
    ['text', 0x000d],
    ['varint', 0x000e],
    ['timeuuid', 0x000f],
    ['inet', 0x0010],
    ['date', 0x0011],
    ['time', 0x0012],
    ['smallint', 0x0013],
    ['tinyint', 0x0014],
    ['duration', 0x0015],
  ])('%s is %i', (name, id) => {
    expect(cqlTypeOptionId(nativeCqlType(name)!)).toBe(id);
  });

  it('numbers the composite types', () => {
    expect(cqlTypeOptionId(listType(int))).toBe(0x0020);
    expect(cqlTypeOptionId(mapType(int, int))).toBe(0x0021);
    expect(cqlTypeOptionId(setType(int))).toBe(0x0022);
    expect(cqlTypeOptionId(udtType('ks', 'u', [{ name: 'a', type: int }]))).toBe(0x0030);
    expect(cqlTypeOptionId(tupleType([int]))).toBe(0x0031);
  });
});

describe('composite constructors', () => {
  it('refuse empty tuples and user types', () => {
    expect(() => tupleType([])).toThrow(AssertionError);
    expect(() => udtType('ks', 'u', [])).toThrow(AssertionError);
  });

  it('copy their element lists', () => {
    const elements = [int];
    const tuple = tupleType(elements);
    elements.push(text);
    expect(tuple.elements).toEqual([int]);
  });
});
