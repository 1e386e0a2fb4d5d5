import { describe, expect, it } from 'vitest';
import cassandra from 'cassandra-driver';
import { fromJson } from '../../../../src/cql/json/from-json-text.js';
import { fromJsonValue } from '../../../../src/cql/json/from-json.js';
import { parseJson } from '../../../../src/cql/json/json-parser.js';
import { listType, mapType, nativeCqlType, setType, tupleType, udtType, type CqlType, type NativeCqlTypeKind } from '../../../../src/cql/types/cql-type.js';
import { serializeValue } from '../../../../src/cql/types/value-codec.js';
import { ManualClock } from '../../../../src/lib/clock.js';
import { CqlErrorCode, InvalidRequestError } from '../../../../src/lib/errors.js';

const { Long, LocalDate, Duration, Tuple } = cassandra.types;
const type = (kind: NativeCqlTypeKind): CqlType => nativeCqlType(kind)!;
const clock = new ManualClock(Date.UTC(2024, 0, 2));

/** fromJson(?) with the JSON text bound, for a column of `columnType`. */
function read(columnType: CqlType, json: string): unknown {
  return fromJsonValue(columnType, parseJson(json), clock);
}

function expectRefused(columnType: CqlType, json: string, message: string): void {
  let caught: unknown;
  try {
    read(columnType, json);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidRequestError);
  expect((caught as InvalidRequestError).code).toBe(CqlErrorCode.invalid);
  expect((caught as Error).message).toBe(message);
}

describe('JSON values for each type (JsonTest.testFromJsonFct)', () => {
  it('reads numbers, and numeric strings', () => {
    expect(read(type('int'), '123123')).toBe(123123);
    expect(read(type('int'), '"123123"')).toBe(123123);
    expect(read(type('bigint'), '123123123123')).toStrictEqual(Long.fromString('123123123123'));
    expect(read(type('bigint'), '"123123123123"')).toStrictEqual(Long.fromString('123123123123'));
    expect(read(type('smallint'), '32767')).toBe(32767);
    expect(read(type('tinyint'), '"127"')).toBe(127);
    expect(String(read(type('varint'), '"1234567890123456789012345678901234567890"'))).toBe('1234567890123456789012345678901234567890');
    expect(read(type('double'), '123123')).toBe(123123);
    expect(read(type('float'), '123123.123123')).toBe(Math.fround(123123.123123));
  });

  it('refuses numbers of the wrong size or kind, naming Jackson\'s class', () => {
    expectRefused(type('int'), '2147483648', 'Expected an int value, but got a Long: 2147483648');
    expectRefused(type('int'), '123.456', 'Expected an int value, but got a Double: 123.456');
    expectRefused(type('int'), 'true', 'Expected an int value, but got a Boolean: true');
    expectRefused(type('int'), '"xyzz"', "Unable to make int from 'xyzz'");
    expectRefused(type('bigint'), '9223372036854775808', 'Expected a bigint value, but got a BigInteger: 9223372036854775808');
    expectRefused(type('bigint'), '["abc"]', 'Expected a bigint value, but got a ArrayList: [abc]');
    expectRefused(type('smallint'), '32768', "Unable to make short from '32768'");
    expectRefused(type('smallint'), 'true', 'Expected a short value, but got a Boolean: true');
    expectRefused(type('tinyint'), '123.456', "Unable to make byte from '123.456'");
    expectRefused(type('varint'), '123123.123', "Value '123123.123' is not a valid representation of a varint value");
    expectRefused(type('varint'), '""', "Value '' is not a valid representation of a varint value");
    expectRefused(type('decimal'), 'true', "Value 'true' is not a valid representation of a decimal value");
    expectRefused(type('double'), 'true', 'Expected a double value, but got a Boolean: true');
    expectRefused(type('float'), '"xyzz"', "Unable to make float from 'xyzz'");
  });

  it('reads decimals through Jackson\'s double, or exactly from strings', () => {
    const bytes = (value: unknown): string => Buffer.from(serializeValue(type('decimal'), value)).toString('hex');
    expect(bytes(read(type('decimal'), '123123.123123'))).toBe('000000061caab5c3b3');
    expect(bytes(read(type('decimal'), '"-1.23E-12"'))).toBe('0000000e85');
    expect(bytes(read(type('decimal'), '0.10'))).toBe('0000000101');
  });

  it('reads text, ascii, booleans, blobs and inet', () => {
    expect(read(type('text'), '"some \\" text"')).toBe('some " text');
    expect(read(type('text'), '"\\u2013"')).toBe('\u2013');
    expectRefused(type('text'), '123', 'Expected a UTF-8 string, but got a Integer: 123');
    expectRefused(type('ascii'), '"\\u1fff"', 'Invalid ASCII character in string literal: java.nio.charset.UnmappableCharacterException: Input length = 1');
    expectRefused(type('ascii'), '123', 'Expected an ascii string, but got a Integer: 123');
    expect(read(type('boolean'), '"false"')).toBe(false);
    expectRefused(type('boolean'), '"abc"', "Unable to make boolean from 'abc'");
    expectRefused(type('boolean'), '123', 'Expected a boolean value, but got a Integer: 123');
    expect(read(type('blob'), '"0x00000001"')).toStrictEqual(Buffer.from([0, 0, 0, 1]));
    expectRefused(type('blob'), '"xyzz"', "Value 'xyzz' is not a valid blob representation: String representation of blob is missing 0x prefix: xyzz");
    expectRefused(type('blob'), '"0x123"', "Value '0x123' is not a valid blob representation: cannot parse '123' as hex bytes");
    expectRefused(type('blob'), '123', "Value '123' is not a valid blob representation: class java.lang.Integer cannot be cast to class java.lang.String");
    expectRefused(type('inet'), '"xyzz"', "Unable to make inet address from 'xyzz'");
    expectRefused(type('inet'), '123', 'Expected a string representation of an inet value, but got a Integer: 123');
  });

  it('reads time types from strings, and timestamps from Longs (but not Integers, as Cassandra)', () => {
    expect(read(type('timestamp'), '123123123123')).toStrictEqual(new Date(123123123123));
    expect(read(type('timestamp'), '"2014-01-01"')).toStrictEqual(new Date(Date.UTC(2014, 0, 1)));
    expectRefused(type('timestamp'), '123', 'Expected a long or a datestring representation of a timestamp value, but got a Integer: 123');
    expectRefused(type('timestamp'), '123.456', 'Expected a long or a datestring representation of a timestamp value, but got a Double: 123.456');
    expectRefused(type('timestamp'), '"abcd"', "Unable to coerce 'abcd' to a formatted date (long)");
    expect(read(type('date'), '"1987-03-23"')).toStrictEqual(LocalDate.fromString('1987-03-23'));
    expectRefused(type('date'), '123', 'Expected a string representation of a date value, but got a Integer: 123');
    expectRefused(type('date'), '"xyz"', "Unable to coerce 'xyz' to a formatted date (long)");
    expect(String(read(type('time'), '"07:35:07.000111222"'))).toBe('07:35:07.000111222');
    expectRefused(type('time'), '123456', 'Expected a string representation of a time value, but got a Integer: 123456');
    expect(read(type('duration'), '"P2W"')).toStrictEqual(new Duration(0, 14, Long.ZERO));
    expectRefused(type('duration'), '"xyz"', "Unable to convert 'xyz' to a duration");
  });

  it('reads uuids, and only version 1 uuids into timeuuid', () => {
    expect(String(read(type('uuid'), '"6BDDC89A-5644-11E4-97FC-56847AFE9799"'))).toBe('6bddc89a-5644-11e4-97fc-56847afe9799');
    expectRefused(type('uuid'), '"00000000-0000-0000-zzzz-000000000000"', "Unable to make UUID from '00000000-0000-0000-zzzz-000000000000'");
    expectRefused(type('timeuuid'), '"00000000-0000-0000-0000-000000000000"', 'TimeUUID supports only version 1 UUIDs');
    expectRefused(type('uuid'), '123', 'Expected a string representation of a uuid, but got a Integer: 123');
  });

  it('reads collections from arrays and objects, refusing nulls inside', () => {
    expect(read(listType(type('int')), '[1, 2, 3]')).toStrictEqual([1, 2, 3]);
    expect(read(listType(type('int')), '"[1, 2]"')).toStrictEqual([1, 2]);
    expectRefused(listType(type('int')), '123', 'Expected a list, but got a Integer: 123');
    expectRefused(listType(type('int')), '["abc"]', "Unable to make int from 'abc'");
    expectRefused(listType(type('int')), '[null]', 'Invalid null element in list');
    expect(read(setType(type('int')), '[3, 1, 3]')).toStrictEqual([1, 3]);
    expectRefused(setType(type('int')), '123', 'Expected a list (representing a set), but got a Integer: 123');
    expectRefused(setType(type('int')), '[null]', 'Invalid null element in set');
    const byKey = read(mapType(type('ascii'), type('int')), '{"b": 2, "a": 1}') as Map<unknown, unknown>;
    expect([...byKey]).toStrictEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expectRefused(mapType(type('ascii'), type('int')), '{"a": null}', 'Invalid null value in map');
    expectRefused(mapType(type('ascii'), type('int')), '123', 'Expected a map, but got a Integer: 123');
    const byInt = read(mapType(type('int'), type('boolean')), '{"1": false, "0": true}') as Map<unknown, unknown>;
    expect([...byInt.keys()]).toStrictEqual([0, 1]);
    const byList = read(mapType(listType(type('int'), true), type('boolean')), '{"[3, 4]": false, "[0, 1]": true}') as Map<unknown, unknown>;
    expect([...byList.keys()]).toStrictEqual([
      [0, 1],
      [3, 4],
    ]);
  });

  it('reads tuples of exactly their size', () => {
    const triple = tupleType([type('int'), type('ascii'), type('uuid')]);
    expect(read(triple, '[1, null, "6bddc89a-5644-11e4-97fc-56847afe9799"]')).toStrictEqual(
      Tuple.fromArray([1, null, cassandra.types.Uuid.fromString('6bddc89a-5644-11e4-97fc-56847afe9799')]),
    );
    expectRefused(triple, '[1, "a", "6bddc89a-5644-11e4-97fc-56847afe9799", 1]', 'Tuple contains extra items (expected 3): [1, a, 6bddc89a-5644-11e4-97fc-56847afe9799, 1]');
    expectRefused(triple, '[1, "foobar"]', 'Tuple is missing items (expected 3): [1, foobar]');
    expectRefused(triple, '{"a": 1}', 'Expected a list representation of a tuple, but got a LinkedHashMap: {a=1}');
  });

  it('reads UDTs by field name, case-insensitively unless quoted', () => {
    const holder = udtType('ks', 'holder', [
      { name: 'a', type: type('int') },
      { name: 'Foo', type: type('int') },
    ]);
    expect(read(holder, '{"A": 0, "\\"Foo\\"": 1}')).toStrictEqual({ a: 0, Foo: 1 });
    expect(read(holder, '{"a": null}')).toStrictEqual({ a: null, Foo: null });
    expectRefused(holder, '{"foo": 1}', "Unknown field 'foo' in value of user defined type holder");
    expectRefused(holder, '{"a": "foobar"}', "Unable to make int from 'foobar'");
  });

  it('rewords errors for a named column, as INSERT JSON does', () => {
    expect(() => fromJson(type('int'), 'x', 'v', clock)).toThrow("Error decoding JSON value for v: Unable to make int from 'x'");
    expect(fromJson(listType(type('int')), [1, 2], 'l', clock)).toStrictEqual([1, 2]);
  });
});
