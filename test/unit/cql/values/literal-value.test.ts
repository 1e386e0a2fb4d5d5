import { describe, expect, it } from 'vitest';
import cassandra from 'cassandra-driver';
import { evaluate, expectInvalid, hex, int, lit, NOW_MS, NULL, str, type } from './term-fixtures.js';

const { Long, Integer, BigDecimal, LocalDate, LocalTime, Uuid, TimeUuid, InetAddress, Duration } = cassandra.types;

describe('constants written for a column (INSERT INTO t (k) VALUES (<constant>))', () => {
  it.each([
    ['int', int('-42'), -42],
    ['smallint', int('32767'), 32767],
    ['tinyint', int('-128'), -128],
    ['float', lit('float', '1.5'), 1.5],
    ['double', lit('float', '-1.5e3'), -1500],
    ['double', int('7'), 7],
    ['boolean', lit('boolean', 'true'), true],
    ['text', str('héllo'), 'héllo'],
    ['ascii', str("it's"), "it's"],
  ] as const)('%s column, %o', (kind, term, expected) => {
    expect(evaluate(term, type(kind))).toStrictEqual(expected);
  });

  it('reads integers into bigint, counter and varint as the driver returns them', () => {
    expect(evaluate(int('9223372036854775807'), type('bigint'))).toStrictEqual(Long.fromString('9223372036854775807'));
    expect(evaluate(int('-5'), type('counter'))).toStrictEqual(Long.fromNumber(-5));
    expect(String(evaluate(int('123456789012345678901234567890'), type('varint')))).toBe('123456789012345678901234567890');
    expect(evaluate(int('12'), type('varint'))).toBeInstanceOf(Integer);
  });

  it('reads decimals exactly, keeping the scale written', () => {
    const value = evaluate(lit('float', '0.10'), type('decimal'));
    expect(value).toBeInstanceOf(BigDecimal);
    expect(hex(type('decimal'), value)).toBe('000000020a');
    expect(hex(type('decimal'), evaluate(lit('float', '1.5E+3'), type('decimal')))).toBe('fffffffe0f');
    expect(hex(type('decimal'), evaluate(int('12'), type('decimal')))).toBe('000000000c');
  });

  it('reads NaN and the infinities into float and double', () => {
    expect(evaluate(lit('float', 'NaN'), type('double'))).toBeNaN();
    expect(evaluate(lit('float', '-Infinity'), type('float'))).toBe(-Infinity);
  });

  it('refuses a constant of the wrong kind, naming the column and its type', () => {
    expectInvalid(() => evaluate(str('abc'), type('int')), 'Invalid STRING constant (abc) for "k" of type int');
    expectInvalid(() => evaluate(lit('float', '1.5'), type('int')), 'Invalid FLOAT constant (1.5) for "k" of type int');
    expectInvalid(() => evaluate(int('1'), type('text')), 'Invalid INTEGER constant (1) for "k" of type text');
    expectInvalid(() => evaluate(lit('boolean', 'true'), type('text')), 'Invalid BOOLEAN constant (true) for "k" of type text');
    expectInvalid(() => evaluate(lit('blob', '0x01'), type('int')), 'Invalid HEX constant (0x01) for "k" of type int');
    expectInvalid(() => evaluate(str('x'), type('blob')), 'Invalid STRING constant (x) for "k" of type blob');
    expectInvalid(() => evaluate(int('1'), type('boolean')), 'Invalid INTEGER constant (1) for "k" of type boolean');
  });

  it('refuses integers out of the column type range with Cassandra\'s parse errors', () => {
    expectInvalid(() => evaluate(int('2147483648'), type('int')), "Unable to make int from '2147483648'");
    expectInvalid(() => evaluate(int('32768'), type('smallint')), "Unable to make short from '32768'");
    expectInvalid(() => evaluate(int('128'), type('tinyint')), "Unable to make byte from '128'");
    expectInvalid(() => evaluate(int('9223372036854775808'), type('bigint')), "Unable to make long from '9223372036854775808'");
  });

  it('refuses non-ASCII text for an ascii column', () => {
    expectInvalid(
      () => evaluate(str('é'), type('ascii')),
      'Invalid ASCII character in string literal: java.nio.charset.UnmappableCharacterException: Input length = 1',
    );
  });

  it('reads uuids, and only version 1 uuids into timeuuid', () => {
    const v4 = '6bddc89a-5644-41e4-97fc-56847afe9799';
    const v1 = '6bddc89a-5644-11e4-97fc-56847afe9799';
    expect(evaluate(lit('uuid', v4), type('uuid'))).toStrictEqual(Uuid.fromString(v4));
    expect(evaluate(lit('uuid', v1), type('uuid'))).toStrictEqual(Uuid.fromString(v1));
    expect(evaluate(lit('uuid', v1), type('timeuuid'))).toBeInstanceOf(TimeUuid);
    expectInvalid(() => evaluate(lit('uuid', v4), type('timeuuid')), 'TimeUUID supports only version 1 UUIDs');
    expectInvalid(() => evaluate(str(v4), type('uuid')), `Invalid STRING constant (${v4}) for "k" of type uuid`);
  });

  it('reads timestamps from milliseconds, Cassandra\'s date formats and now', () => {
    const ms = (text: string): number => (evaluate(str(text), type('timestamp')) as Date).getTime();
    expect((evaluate(int('1704164645000'), type('timestamp')) as Date).getTime()).toBe(1704164645000);
    expect(ms('2024-01-02 03:04:05+0000')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(ms('2024-01-02 03:04:05.123+0100')).toBe(Date.UTC(2024, 0, 2, 2, 4, 5, 123));
    expect(ms('2024-01-02T03:04:05.678Z')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    expect(ms('2024-01-02T03:04:05-08:00')).toBe(Date.UTC(2024, 0, 2, 11, 4, 5));
    expect(ms('2024-01-02 03:04 PST')).toBe(Date.UTC(2024, 0, 2, 11, 4));
    expect(ms('2024-01-02 03:04:05 GMT+02:00')).toBe(Date.UTC(2024, 0, 2, 1, 4, 5));
    expect(ms('2024-01-02')).toBe(Date.UTC(2024, 0, 2));
    expect(ms('2024-01-02 03:04:05')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(ms('now')).toBe(NOW_MS);
    // SimpleDateFormat's SSS is a count of milliseconds: '.5' is 5 ms.
    expect(ms('2024-01-02 03:04:05.5Z')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 5));
  });

  it('refuses timestamps that match no format, or name impossible dates', () => {
    for (const text of ['2024-13-01', '2024-02-30', 'yesterday', '2024-01-02 25:00', '2024-01-02T03:04:05.123456Z']) {
      expectInvalid(() => evaluate(str(text), type('timestamp')), `Unable to coerce '${text}' to a formatted date (long)`);
    }
  });

  it('reads dates from ISO text and from the raw unsigned day number', () => {
    expect(evaluate(str('2024-01-02'), type('date'))).toStrictEqual(LocalDate.fromString('2024-01-02'));
    expect(String(evaluate(int('2147483648'), type('date')))).toBe('1970-01-01');
    expect(String(evaluate(str('2147483649'), type('date')))).toBe('1970-01-02');
    expectInvalid(() => evaluate(str('2023-02-29'), type('date')), "Unable to coerce '2023-02-29' to a formatted date (long)");
    expectInvalid(() => evaluate(int('-1'), type('date')), "Unable to make unsigned int (for date) from: '-1'");
  });

  it('reads times from text and raw nanoseconds', () => {
    expect(evaluate(str('03:04:05.123456789'), type('time'))).toStrictEqual(LocalTime.fromString('03:04:05.123456789'));
    expect(String(evaluate(str('3:04:05'), type('time')))).toBe('03:04:05');
    expect(String(evaluate(int('1000'), type('time')))).toBe('00:00:00.000001');
    expectInvalid(() => evaluate(str('24:00:00'), type('time')), "(TimeType) Unable to coerce '24:00:00' to a formatted time (long)");
    expectInvalid(() => evaluate(int('86400000000000'), type('time')), "Unable to make long (for time) from: '86400000000000'");
  });

  it('reads inet addresses', () => {
    expect(evaluate(str('127.0.0.1'), type('inet'))).toStrictEqual(InetAddress.fromString('127.0.0.1'));
    expect(evaluate(str('::1'), type('inet'))).toStrictEqual(InetAddress.fromString('::1'));
    expect(hex(type('inet'), evaluate(str('::ffff:1.2.3.4'), type('inet')))).toBe('01020304');
    expectInvalid(() => evaluate(str('300.1.1.1'), type('inet')), "Unable to make inet address from '300.1.1.1'");
  });

  it('reads durations in both notations', () => {
    expect(evaluate(lit('duration', '1h30m'), type('duration'))).toStrictEqual(new Duration(0, 0, Long.fromString('5400000000000')));
    expect(evaluate(lit('duration', '-2d'), type('duration'))).toStrictEqual(new Duration(0, -2, Long.ZERO));
    expect(evaluate(lit('duration', 'P1Y2M3DT4H'), type('duration'))).toStrictEqual(new Duration(14, 3, Long.fromString('14400000000000')));
    expectInvalid(() => evaluate(int('5'), type('duration')), "Unable to convert '5' to a duration");
    expectInvalid(() => evaluate(lit('duration', '1d2y'), type('duration')), 'Invalid duration. The days should be after years');
    expectInvalid(() => evaluate(lit('duration', '1h1h'), type('duration')), 'Invalid duration. The hours are specified multiple times');
  });

  it('reads hex constants as blobs, refusing an odd number of digits', () => {
    expect(evaluate(lit('blob', '0xcafe'), type('blob'))).toStrictEqual(Buffer.from('cafe', 'hex'));
    expect(evaluate(lit('blob', '0x'), type('blob'))).toStrictEqual(Buffer.alloc(0));
    expectInvalid(() => evaluate(lit('blob', '0xabc'), type('blob')), "cannot parse 'abc' as hex bytes");
  });

  it('takes NULL anywhere but a counter', () => {
    expect(evaluate(NULL, type('int'))).toBeNull();
    expect(evaluate(NULL, type('text'))).toBeNull();
    expectInvalid(() => evaluate(NULL, type('counter')), 'Invalid null value for counter increment/decrement');
  });

  it('refuses any constant for a collection column', () => {
    expectInvalid(() => evaluate(int('1'), { kind: 'list', element: type('int'), frozen: false }, [], 'l'), 'Invalid INTEGER constant (1) for "l" of type list<int>');
  });
});
