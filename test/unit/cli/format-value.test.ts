import cassandra from 'cassandra-driver';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataTypes, DURATION_CLASS, type DriverColumnType } from '../../../src/cli/shell/driver-column-type.js';
import { formatValue, textValue, timestampText } from '../../../src/cli/shell/format-value.js';
import { cqlshFloatText, pythonDecimalText, pythonG } from '../../../src/cli/shell/python-number-text.js';

const { types } = cassandra;
const t = (code: number, info?: unknown): DriverColumnType => (info === undefined ? { code } : { code, info });
const text = t(dataTypes.varchar);
const int = t(dataTypes.int);

describe('formatValue', () => {
  it.each([
    ['text raw', 'it\'s a \\ test', text, "it's a \\\\ test"],
    ['control characters escaped', 'a\nb\tc\x07\x7f\xa0é', text, 'a\\nb\\tc\\x07\\x7f\\xa0é'],
    ['int', 42, int, '42'],
    ['bigint', types.Long.fromString('-9223372036854775808'), t(dataTypes.bigint), '-9223372036854775808'],
    ['counter', types.Long.fromNumber(7), t(dataTypes.counter), '7'],
    ['varint', types.Integer.fromString('123456789012345678901234567890'), t(dataTypes.varint), '123456789012345678901234567890'],
    ['decimal', types.BigDecimal.fromString('1.50'), t(dataTypes.decimal), '1.50'],
    ['boolean true', true, t(dataTypes.boolean), 'True'],
    ['boolean false', false, t(dataTypes.boolean), 'False'],
    ['blob', Buffer.from([0xca, 0xfe, 0x01]), t(dataTypes.blob), '0xcafe01'],
    ['empty blob', Buffer.alloc(0), t(dataTypes.blob), '0x'],
    ['uuid', types.Uuid.fromString('550e8400-e29b-41d4-a716-446655440000'), t(dataTypes.uuid), '550e8400-e29b-41d4-a716-446655440000'],
    ['timestamp', new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 67)), t(dataTypes.timestamp), '2024-01-02 03:04:05.067000+0000'],
    ['date', new types.LocalDate(2024, 1, 2), t(dataTypes.date), '2024-01-02'],
    ['time', types.LocalTime.fromString('03:04:05.5'), t(dataTypes.time), '03:04:05.500000000'],
    ['inet', types.InetAddress.fromString('127.0.0.1'), t(dataTypes.inet), '127.0.0.1'],
    ['duration', new types.Duration(14, 3, types.Long.fromNumber(5_400_000_000_000)), t(dataTypes.duration), '1y2mo3d1h30m'],
    ['duration as v4 custom type', new types.Duration(0, 1, types.Long.ZERO), t(dataTypes.custom, DURATION_CLASS), '1d'],
    ['double', 1.5, t(dataTypes.double), '1.5'],
    ['float from 32 bits', Math.fround(1.1), t(dataTypes.float), '1.1'],
    ['double, large', 1234567.0, t(dataTypes.double), '1.2346e+06'],
    ['double, NaN', Number.NaN, t(dataTypes.double), 'NaN'],
    ['double, -Infinity', -Infinity, t(dataTypes.double), '-Infinity'],
    ['null', null, int, 'null'],
  ])('%s', (_name, value, type, expected) => {
    expect(formatValue(value, type)).toBe(expected);
  });

  it('quotes strings, inets and timestamps inside collections, not numbers, uuids or blobs', () => {
    expect(formatValue(['a', "it's"], t(dataTypes.list, text))).toBe("['a', 'it''s']");
    expect(formatValue([1, 2], t(dataTypes.set, int))).toBe('{1, 2}');
    expect(formatValue([], t(dataTypes.list, int))).toBe('[]');
    expect(formatValue([Buffer.from([1])], t(dataTypes.list, t(dataTypes.blob)))).toBe('[0x01]');
    expect(formatValue([types.InetAddress.fromString('::1')], t(dataTypes.set, t(dataTypes.inet)))).toBe("{'::1'}");
    expect(formatValue([new Date(0)], t(dataTypes.list, t(dataTypes.timestamp)))).toBe("['1970-01-01 00:00:00.000000+0000']");
  });

  it('prints maps from objects and from Maps, keys by their type', () => {
    expect(formatValue({ a: 1, b: 2 }, t(dataTypes.map, [text, int]))).toBe("{'a': 1, 'b': 2}");
    expect(formatValue(new Map([[1, 'x']]), t(dataTypes.map, [int, text]))).toBe("{1: 'x'}");
    expect(formatValue({ 1: ['x'] }, t(dataTypes.map, [int, t(dataTypes.list, text)]))).toBe("{1: ['x']}");
  });

  it('prints UDTs by field, nulls as null, and tuples in parentheses', () => {
    const address = t(dataTypes.udt, { keyspace: 'ks', name: 'address', fields: [{ name: 'street', type: text }, { name: 'zip', type: int }] });
    expect(formatValue({ street: '1 Main', zip: null }, address)).toBe("{street: '1 Main', zip: null}");
    expect(formatValue(new types.Tuple(1, 'a', null), t(dataTypes.tuple, [int, text, int]))).toBe("(1, 'a', null)");
    expect(formatValue([{ street: 'x', zip: 1 }], t(dataTypes.list, address))).toBe("[{street: 'x', zip: 1}]");
  });
});

describe('timestamps', () => {
  it('prints years outside 1-9999 as milliseconds since the epoch, as cqlsh does', () => {
    expect(timestampText(new Date(-62167219200001))).toBe('-62167219200001');
    const yearOne = new Date(0);
    yearOne.setUTCFullYear(1);
    expect(timestampText(yearOne)).toBe('0001-01-01 00:00:00.000000+0000');
  });
});

describe('Python number text', () => {
  it.each([
    [0, '0'],
    [1, '1'],
    [0.1, '0.1'],
    [100, '100'],
    [123.456, '123.456'],
    [99999.5, '99999.5'],
    [123456.789, '1.2346e+05'],
    [0.0001234, '0.000123'],
    [0.00001, '1e-05'],
    [-2.5e-300, '-2.5e-300'],
    [3.14159265358979, '3.14159'],
  ])('cqlsh prints the double %d as %s', (value, expected) => expect(cqlshFloatText(value)).toBe(expected));

  it.each([
    [1234567, 5, '1.2346e+06'],
    [0.5, 1, '0.5'],
    [1e21, 3, '1e+21'],
    [12, 2, '12'],
    [100, 2, '1e+02'],
    [9.99999, 3, '10'],
  ])('%%.*g of %d at %d is %s', (value, precision, expected) => expect(pythonG(value, precision)).toBe(expected));

  it.each([
    [150n, 2, '1.50'],
    [1n, 0, '1'],
    [1n, -2, '1E+2'],
    [-12345n, 3, '-12.345'],
    [1n, 7, '1E-7'],
    [1n, 6, '0.000001'],
    [123n, 10, '1.23E-8'],
    [0n, 2, '0.00'],
  ])('Decimal %d scale %d is %s', (unscaled, scale, expected) => expect(pythonDecimalText(unscaled, scale)).toBe(expected));

  // cqlsh widens the precision by int(log10(|x|)), which leaves as few as 2 significant digits
  // just under 1e-4 (1.0001e-05 shows as 1e-05): the bound is cqlsh's, not a better one.
  it('shows any double to 2 significant digits at least', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e307, max: 1e307 }), (value) => {
        const shown = Number(cqlshFloatText(value));
        const relative = value === 0 ? Math.abs(shown) : Math.abs((shown - value) / value);
        expect(relative).toBeLessThan(0.05);
      }),
    );
  });
});

describe('textValue', () => {
  it('escapes only backslashes and control characters, and doubles quotes when quoting', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const shown = textValue(s, true);
        expect(shown.startsWith("'") && shown.endsWith("'")).toBe(true);
        // eslint-disable-next-line no-control-regex -- no raw control character may reach the terminal
        expect(/[\x00-\x1f\x7f-\x9f]/.test(shown)).toBe(false);
      }),
    );
  });
});
