import { describe, expect, it } from 'vitest';
import cassandra from 'cassandra-driver';
import { rowToJson } from '../../../../src/cql/json/row-to-json.js';
import { toJson } from '../../../../src/cql/json/to-json.js';
import { listType, mapType, nativeCqlType, setType, tupleType, udtType, type CqlType, type NativeCqlTypeKind } from '../../../../src/cql/types/cql-type.js';
import { bigDecimalOf, integerFromBigInt, localDateFromDays } from '../../../../src/cql/types/driver-values.js';

const { Long, Uuid, InetAddress, LocalDate, LocalTime, Duration, Tuple } = cassandra.types;
const type = (kind: NativeCqlTypeKind): CqlType => nativeCqlType(kind)!;

describe('toJson(c) and SELECT JSON, as Cassandra 4 writes values (JsonTest.testToJsonFct)', () => {
  it.each([
    ['ascii', 'ascii text', '"ascii text"'],
    ['ascii', '', '""'],
    ['text', '\u8422', '"\u8422"'],
    ['text', '\u0000 "q" \\ \n\t', '"\\u0000 \\"q\\" \\\\ \\n\\t"'],
    ['int', -123123, '-123123'],
    ['smallint', 32767, '32767'],
    ['tinyint', -128, '-128'],
    ['bigint', Long.fromString('123123123123'), '123123123123'],
    ['varint', integerFromBigInt(123123123123123123123n), '123123123123123123123'],
    ['decimal', bigDecimalOf(123123123123n, 6), '123123.123123'],
    ['decimal', bigDecimalOf(-123n, 14), '-1.23E-12'],
    ['double', 123123.123123, '123123.123123'],
    ['double', 123123, '123123.0'],
    ['double', 1e-5, '1.0E-5'],
    ['float', Math.fround(123.123), '123.123'],
    ['float', 123123, '123123.0'],
    ['float', NaN, 'null'],
    ['double', -Infinity, 'null'],
    ['boolean', false, 'false'],
    ['blob', Buffer.from([0, 0, 0, 1]), '"0x00000001"'],
    ['blob', Buffer.alloc(0), '"0x"'],
    ['inet', InetAddress.fromString('127.0.0.1'), '"127.0.0.1"'],
    ['inet', InetAddress.fromString('::1'), '"0:0:0:0:0:0:0:1"'],
    ['uuid', Uuid.fromString('6bddc89a-5644-11e4-97fc-56847afe9799'), '"6bddc89a-5644-11e4-97fc-56847afe9799"'],
    ['timestamp', new Date(Date.UTC(2014, 0, 1)), '"2014-01-01 00:00:00.000Z"'],
    ['date', LocalDate.fromString('1987-03-23'), '"1987-03-23"'],
    ['date', localDateFromDays(-(2 ** 31)), '"-5877641-06-23"'],
    ['time', LocalTime.fromString('07:35:07.000111222'), '"07:35:07.000111222"'],
    ['duration', new Duration(0, 0, Long.fromNumber(12000)), '"12us"'],
    ['duration', new Duration(13, 2, Long.fromString('36300000000000')), '"1y1mo2d10h5m"'],
  ] as const)('%s %o is %s', (kind, value, json) => {
    expect(toJson(type(kind), value)).toBe(json);
  });

  it('writes null as null, collections as arrays and objects with ", " and ": "', () => {
    expect(toJson(type('int'), null)).toBe('null');
    expect(toJson(listType(type('int')), [1, 2, 3])).toBe('[1, 2, 3]');
    expect(toJson(setType(type('text')), ['foo', 'bar'])).toBe('["bar", "foo"]');
    expect(toJson(mapType(type('ascii'), type('int')), { b: 2, a: 1 })).toBe('{"a": 1, "b": 2}');
    expect(toJson(tupleType([type('int'), type('text'), type('uuid')]), Tuple.fromArray([1, 'foobar', null]))).toBe('[1, "foobar", null]');
  });

  it('turns map keys whose JSON is not a string into strings', () => {
    expect(toJson(mapType(type('int'), type('boolean')), new Map([[1, false], [0, true]]))).toBe('{"0": true, "1": false}');
    expect(toJson(mapType(type('boolean'), type('int')), new Map([[true, 1], [false, 0]]))).toBe('{"false": 0, "true": 1}');
    expect(toJson(mapType(listType(type('int'), true), type('int')), new Map([[[0, 1], 2]]))).toBe('{"[0, 1]": 2}');
    expect(toJson(mapType(setType(type('text'), true), type('int')), new Map([[['0', '1'], 2]]))).toBe('{"[\\"0\\", \\"1\\"]": 2}');
  });

  it('writes UDT fields by name, quoting names that are not lower case', () => {
    const holder = udtType('ks', 'holder', [
      { name: 'a', type: type('int') },
      { name: 'Foo', type: type('int') },
      { name: 'c', type: setType(type('text'), true) },
    ]);
    expect(toJson(holder, { a: 0, Foo: 1 })).toBe('{"a": 0, "\\"Foo\\"": 1, "c": null}');
  });
});

describe('the [json] column of SELECT JSON', () => {
  it('lists the selected columns in order, quoting names with upper case', () => {
    const columns = [
      { name: 'k', type: type('int') },
      { name: 'Foo', type: type('int') },
      { name: 'ttl(v)', type: type('int') },
      { name: 'name', type: type('text') },
    ];
    expect(rowToJson(columns, [0, 1, null, ''])).toBe('{"k": 0, "\\"Foo\\"": 1, "ttl(v)": null, "name": ""}');
  });

  it('embeds toJson() results as JSON strings, as Cassandra does', () => {
    expect(rowToJson([{ name: 'system.tojson(v)', type: type('text') }], ['0'])).toBe('{"system.tojson(v)": "0"}');
  });

  it('writes NaN and the infinities as null', () => {
    const columns = ['f1', 'd1'].map((name) => ({ name, type: type(name.startsWith('f') ? 'float' : 'double') }));
    expect(rowToJson(columns, [NaN, Infinity])).toBe('{"f1": null, "d1": null}');
  });
});
