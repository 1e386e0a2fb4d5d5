import { describe, expect, it } from 'vitest';
import cassandra from 'cassandra-driver';
import { listType, mapType, setType, tupleType, udtType, type CqlType } from '../../../../src/cql/types/cql-type.js';
import { UNSET_VALUE } from '../../../../src/cql/values/unset-value.js';
import { evaluate, expectInvalid, int, list, lit, map, marker, NULL, set, str, tuple, type, udt } from './term-fixtures.js';

const { Tuple, Uuid } = cassandra.types;

const listOfInt = listType(type('int'));
const setOfInt = setType(type('int'));
const mapOfTextInt = mapType(type('text'), type('int'));
const address = udtType('ks', 'address', [
  { name: 'street', type: type('text') },
  { name: 'zip', type: type('int') },
]);

describe('collection literals (INSERT ... VALUES ([..], {..}, {k: v}))', () => {
  it('builds lists in order, sets sorted and deduplicated, maps sorted by key', () => {
    expect(evaluate(list(int(3), int(1), int(3)), listOfInt)).toStrictEqual([3, 1, 3]);
    expect(evaluate(set(int(3), int(1), int(3), int(-7)), setOfInt)).toStrictEqual([-7, 1, 3]);
    const value = evaluate(map([str('b'), int(2)], [str('a'), int(1)]), mapOfTextInt) as Map<unknown, unknown>;
    expect([...value]).toStrictEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('orders set elements by the element type, not by text (uuids by version, then time)', () => {
    const v4 = '00000000-0000-4000-8000-000000000000';
    const v1 = 'ffffffff-ffff-1fff-8000-000000000000';
    const value = evaluate(set(lit('uuid', v4), lit('uuid', v1)), setType(type('uuid'))) as unknown[];
    expect(value.map(String)).toStrictEqual([v1, v4]);
  });

  it('keeps the last value for a key written twice', () => {
    const value = evaluate(map([str('a'), int(1)], [str('a'), int(2)]), mapOfTextInt) as Map<unknown, unknown>;
    expect([...value]).toStrictEqual([['a', 2]]);
  });

  it('takes {} as an empty set or an empty map, as the column says', () => {
    expect(evaluate(map(), setOfInt)).toStrictEqual([]);
    expect(evaluate(map(), mapOfTextInt)).toStrictEqual(new Map());
    expect(evaluate(list(), listOfInt)).toStrictEqual([]);
    expectInvalid(() => evaluate(map(), listOfInt, [], 'l'), 'Invalid set literal for l of type list<int>');
  });

  it('refuses a literal of another collection kind', () => {
    expectInvalid(() => evaluate(set(int(1)), listOfInt, [], 'l'), 'Invalid set literal for l of type list<int>');
    expectInvalid(() => evaluate(list(int(1)), setOfInt, [], 's'), 'Invalid list literal for s of type set<int>');
    expectInvalid(() => evaluate(map([str('a'), int(1)]), setOfInt, [], 's'), 'Invalid map literal for s of type set<int>');
    expectInvalid(() => evaluate(list(int(1)), type('int'), [], 'v'), 'Invalid list literal for v of type int');
  });

  it('checks every element before reading any, naming the one that does not fit', () => {
    expectInvalid(() => evaluate(list(int(1), str('a')), listOfInt, [], 'l'), "Invalid list literal for l: value 'a' is not of type int");
    expectInvalid(() => evaluate(set(lit('boolean', 'true')), setOfInt, [], 's'), 'Invalid set literal for s: value true is not of type int');
    expectInvalid(() => evaluate(map([int(1), int(1)]), mapOfTextInt, [], 'm'), 'Invalid map literal for m: key 1 is not of type text');
    expectInvalid(() => evaluate(map([str('a'), str('b')]), mapOfTextInt, [], 'm'), "Invalid map literal for m: value 'b' is not of type int");
    const nested = listType(listType(type('int'), true));
    expectInvalid(() => evaluate(list(list(int(1), str('x'))), nested, [], 'l'), "Invalid list literal for l: value [1, 'x'] is not of type frozen<list<int>>");
  });

  it('reads elements with the element type, so their parse errors surface', () => {
    expectInvalid(() => evaluate(list(int('3000000000')), listOfInt, [], 'l'), "Unable to make int from '3000000000'");
  });

  it('refuses null elements, keys and values', () => {
    expectInvalid(() => evaluate(list(int(1), NULL), listOfInt), 'null is not supported inside collections');
    expectInvalid(() => evaluate(set(marker(0)), setOfInt, [null]), 'null is not supported inside collections');
    expectInvalid(() => evaluate(map([str('a'), NULL]), mapOfTextInt), 'null is not supported inside collections');
  });

  it('leaves the whole collection unset when an element is bound to unset, but refuses an unset map key', () => {
    expect(evaluate(list(int(1), marker(0)), listOfInt, [UNSET_VALUE])).toBe(UNSET_VALUE);
    expect(evaluate(set(marker(0)), setOfInt, [undefined])).toBe(UNSET_VALUE);
    expect(evaluate(map([str('a'), marker(0)]), mapOfTextInt, [UNSET_VALUE])).toBe(UNSET_VALUE);
    expectInvalid(() => evaluate(map([marker(0), int(1)]), mapOfTextInt, [UNSET_VALUE]), 'unset value is not supported for map keys');
  });

  it('takes bound elements inside literals', () => {
    expect(evaluate(list(marker(0), marker(1)), listOfInt, [5, 6])).toStrictEqual([5, 6]);
  });
});

describe('tuple literals', () => {
  const pair = tupleType([type('int'), type('text')]);

  it('builds a driver Tuple of the type arity, missing trailing components null', () => {
    expect(evaluate(tuple(int(1), str('a')), pair)).toStrictEqual(Tuple.fromArray([1, 'a']));
    expect(evaluate(tuple(int(1)), pair)).toStrictEqual(Tuple.fromArray([1, null]));
    expect(evaluate(tuple(NULL, str('a')), pair)).toStrictEqual(Tuple.fromArray([null, 'a']));
  });

  it('refuses the wrong shape with Cassandra\'s messages', () => {
    expectInvalid(() => evaluate(tuple(int(1), str('a')), type('int'), [], 't'), 'Invalid tuple type literal for t of type int');
    expectInvalid(
      () => evaluate(tuple(int(1), str('a'), int(3)), pair, [], 't'),
      'Invalid tuple literal for t: too many elements. Type frozen<tuple<int, text>> expects 2 but got 3',
    );
    expectInvalid(() => evaluate(tuple(str('a'), str('b')), pair, [], 't'), 'Invalid tuple literal for t: component 0 is not of type int');
    expectInvalid(() => evaluate(tuple(int(1), marker(0)), pair, [UNSET_VALUE], 't'), 'Invalid unset value for tuple field number 1');
  });
});

describe('user type literals', () => {
  it('builds a plain object with every field, missing ones null', () => {
    expect(evaluate(udt({ street: str('Main'), zip: int(1000) }), address)).toStrictEqual({ street: 'Main', zip: 1000 });
    expect(evaluate(udt({ zip: int(1000) }), address)).toStrictEqual({ street: null, zip: 1000 });
  });

  it('refuses unknown fields, ill-typed fields and other receivers', () => {
    expectInvalid(() => evaluate(udt({ city: str('x') }), address, [], 'a'), "Unknown field 'city' in value of user defined type address");
    expectInvalid(() => evaluate(udt({ zip: str('x') }), address, [], 'a'), 'Invalid user type literal for a: field zip is not of type int');
    expectInvalid(() => evaluate(udt({ zip: int(1) }), mapOfTextInt, [], 'm'), 'Invalid user type literal for m of type map<text, int>');
  });

  it('refuses an unset field of a frozen UDT but keeps it unset in a non-frozen one', () => {
    expectInvalid(() => evaluate(udt({ zip: marker(0) }), address, [UNSET_VALUE]), "Invalid unset value for field 'zip' of user defined type address");
    const open = udtType('ks', 'address', address.fields, false);
    expect(evaluate(udt({ zip: marker(0) }), open, [UNSET_VALUE])).toStrictEqual({ street: null, zip: UNSET_VALUE });
  });

  it('names nested receivers in messages (field and element specs)', () => {
    const withList: CqlType = udtType('ks', 'holder', [{ name: 'ids', type: listType(type('int'), true) }]);
    expectInvalid(() => evaluate(udt({ ids: list(int(1), NULL) }), withList, [], 'h'), 'null is not supported inside collections');
    expectInvalid(() => evaluate(udt({ ids: list(str('x')) }), withList, [], 'h'), 'Invalid user type literal for h: field ids is not of type frozen<list<int>>');
    expect(evaluate(udt({ ids: list(int(2), int(1)) }), withList)).toStrictEqual({ ids: [2, 1] });
  });

  it('reads uuids inside UDTs as driver values', () => {
    const tagged = udtType('ks', 'tagged', [{ name: 'id', type: type('uuid') }]);
    const id = '6bddc89a-5644-41e4-97fc-56847afe9799';
    expect(evaluate(udt({ id: lit('uuid', id) }), tagged)).toStrictEqual({ id: Uuid.fromString(id) });
  });
});
