import { describe, expect, it } from 'vitest';
import {
  clusteringPrefixBound,
  decodeClustering,
  encodeClustering,
  type ClusteringColumn,
} from '../../../../src/cql/keys/clustering-codec.js';
import { listType, nativeCqlType, tupleType, type CqlType } from '../../../../src/cql/types/cql-type.js';
import { bigDecimalOf, driverTypes } from '../../../../src/cql/types/driver-values.js';
import { serializeValue } from '../../../../src/cql/types/value-codec.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';
import { compareBytes } from '../../../../src/storage/model/byte-order.js';

const t = (name: string): CqlType => nativeCqlType(name)!;
const asc = (type: CqlType): ClusteringColumn => ({ type, order: 'asc' });
const desc = (type: CqlType): ClusteringColumn => ({ type, order: 'desc' });
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const canonical = (type: CqlType, value: unknown): string => hex(serializeValue(type, value));

/** Values listed in Cassandra's order must encode strictly increasing (reversed for DESC) and round-trip. */
function expectOrdered(type: CqlType, values: readonly unknown[]): void {
  for (const column of [asc(type), desc(type)]) {
    const encoded = values.map((value) => encodeClustering([column], [value]));
    for (let i = 1; i < encoded.length; i++) {
      const sign = Math.sign(compareBytes(encoded[i - 1]!, encoded[i]!));
      expect(sign, `${column.order} ${String(values[i - 1])} vs ${String(values[i])}`).toBe(column.order === 'asc' ? -1 : 1);
    }
    values.forEach((value, i) => {
      const decoded = decodeClustering([column], encoded[i]!);
      expect(decoded).toHaveLength(1);
      // decimals decode normalized (1.50 as 1.5): check they re-encode to the same bytes instead
      if (type.kind === 'decimal') expect(hex(encodeClustering([column], decoded))).toBe(hex(encoded[i]!));
      else expect(canonical(type, decoded[0])).toBe(canonical(type, value));
    });
  }
}

describe('clustering order per type', () => {
  it('int, smallint, tinyint, bigint, counter: signed', () => {
    expectOrdered(t('int'), [-(2 ** 31), -256, -1, 0, 1, 255, 2 ** 31 - 1]);
    expectOrdered(t('smallint'), [-32768, -1, 0, 1, 32767]);
    expectOrdered(t('tinyint'), [-128, -1, 0, 1, 127]);
    expectOrdered(t('bigint'), [-(2n ** 63n), -(2n ** 32n), -1n, 0n, 1n, 2n ** 32n, 2n ** 63n - 1n]);
    expectOrdered(t('counter'), [-5n, 0n, 5n]);
  });

  it('varint: by value, across lengths', () => {
    expectOrdered(t('varint'), [-(2n ** 100n), -257n, -256n, -255n, -128n, -1n, 0n, 1n, 127n, 128n, 255n, 256n, 2n ** 100n]);
  });

  it('decimal: by value; 1.0 and 1.00 share bytes as they compare equal in Cassandra', () => {
    const d = (text: string): unknown => driverTypes.BigDecimal.fromString(text);
    const e = (unscaled: bigint, scale: number): unknown => bigDecimalOf(unscaled, scale);
    expectOrdered(t('decimal'), [
      e(-1n, -10), e(-100n, 0), e(-15n, 1), e(-125n, 2), e(-12n, 1), e(-1n, 0), e(-1n, 3), e(0n, 0),
      e(1n, 3), e(12n, 2), e(123n, 3), e(2n, 1), e(1n, 0), e(15n, 1), e(10n, 0), e(1n, -10), e(1n, -2147483648),
    ]);
    expect(hex(encodeClustering([asc(t('decimal'))], [d('1.0')]))).toBe(hex(encodeClustering([asc(t('decimal'))], [d('1.00')])));
    expect(hex(encodeClustering([asc(t('decimal'))], [d('0.00')]))).toBe(hex(encodeClustering([asc(t('decimal'))], [d('0')])));
    const [decoded] = decodeClustering([asc(t('decimal'))], encodeClustering([asc(t('decimal'))], [d('1.500')]));
    expect(String(decoded)).toBe('1.5');
    const huge = e(100n, -2147483648);
    const [large] = decodeClustering([asc(t('decimal'))], encodeClustering([asc(t('decimal'))], [huge]));
    expect(canonical(t('decimal'), large)).toBe(canonical(t('decimal'), huge));
  });

  it("float and double: Java's Float.compare (-0.0 < 0.0, NaN greatest)", () => {
    const doubles = [-Infinity, -1e300, -1, -Number.MIN_VALUE, -0, 0, Number.MIN_VALUE, 1, 1e300, Infinity, NaN];
    expectOrdered(t('double'), doubles);
    expectOrdered(t('float'), [-Infinity, -3e38, -1.5, -0, 0, 1.5, 3e38, Infinity, NaN]);
    const [negativeZero] = decodeClustering([desc(t('double'))], encodeClustering([desc(t('double'))], [-0]));
    expect(Object.is(negativeZero, -0)).toBe(true);
  });

  it('boolean: false < true', () => {
    expectOrdered(t('boolean'), [false, true]);
  });

  it('text and ascii: unsigned UTF-8 bytes, with empty strings, prefixes and NUL characters', () => {
    expectOrdered(t('text'), ['', '\0', '\0\0', '\0a', 'a', 'a\0', 'a\0\0', 'a\0b', 'a\u0001', 'ab', 'b', 'é', '\uffff', '\u{10000}']);
    expectOrdered(t('ascii'), ['', '\0', 'A', 'AB', 'a', '\x7f']);
  });

  it('blob: unsigned bytes, with 0x00 and 0xff inside', () => {
    const b = (...bytes: number[]): Buffer => Buffer.from(bytes);
    expectOrdered(t('blob'), [b(), b(0), b(0, 0), b(0, 1), b(0, 0xff), b(1), b(1, 0), b(0x7f), b(0x80), b(0xff), b(0xff, 0), b(0xff, 0xff)]);
  });

  it('inet: raw bytes unsigned, so IPv4 and IPv6 interleave', () => {
    expectOrdered(t('inet'), ['::', '::1', '1.2.3.4', '1.2.3.5', 'ffff::', '255.255.255.255', 'ffff:ffff:ffff::']);
  });

  it('timestamp signed, date unsigned as stored, time signed nanos', () => {
    expectOrdered(t('timestamp'), [new Date(-86_400_000), new Date(-1), new Date(0), new Date(1), new Date(1e12)]);
    expectOrdered(t('date'), ['1900-01-01', '1969-12-31', '1970-01-01', '2024-02-29']);
    expectOrdered(t('time'), ['00:00:00', '00:00:00.000000001', '12:00:00', '23:59:59.999999999']);
  });

  it('uuid: version first, version 1 by timestamp, otherwise raw bytes unsigned', () => {
    expectOrdered(t('uuid'), [
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-0fff-ffff-ffffffffffff',
      // version 1: time_hi outranks time_low even though the raw bytes say otherwise
      'ffffffff-0000-1000-8000-000000000000',
      '00000000-0000-1001-8000-000000000000',
      '00000000-0001-1001-0000-000000000000',
      '00000000-0001-1001-ff00-000000000000',
      '00000000-0000-4000-8000-000000000000',
      '00000000-0000-4000-8000-000000000001',
      'ffffffff-0000-4000-0000-000000000000',
      '00000000-0000-5000-0000-000000000000',
    ]);
  });

  it('timeuuid: by timestamp, then the remaining bytes as signed bytes', () => {
    expectOrdered(t('timeuuid'), [
      'ffffffff-ffff-1000-ff00-000000000000',
      '00000000-0000-1001-8000-000000000000', // 0x80 is -128: first among equal timestamps
      '00000000-0000-1001-ff00-000000000000',
      '00000000-0000-1001-0000-000000000000',
      '00000000-0000-1001-7f00-0000000000ff',
      '00000000-0000-1001-7f00-000000000000',
      '00000000-0000-1001-7f00-000000000001',
      '00000000-0000-1001-7f00-00000000007f',
    ]);
  });

  it('round-trips driver value classes', () => {
    const columns = [asc(t('uuid')), desc(t('timeuuid')), asc(t('bigint')), desc(t('varint')), asc(t('inet'))];
    const values = [
      driverTypes.Uuid.random(),
      driverTypes.TimeUuid.now(),
      driverTypes.Long.fromString('-9000000000000'),
      driverTypes.Integer.fromString('-123456789012345678901234567890'),
      driverTypes.InetAddress.fromString('10.0.0.1'),
    ];
    const decoded = decodeClustering(columns, encodeClustering(columns, values)) as { equals(other: unknown): boolean }[];
    decoded.forEach((value, i) => expect(value.equals(values[i]), String(values[i])).toBe(true));
  });
});

describe('prefixes, bounds and DESC', () => {
  const columns = [asc(t('int')), desc(t('text'))];
  const key = (...values: unknown[]): Uint8Array => encodeClustering(columns, values);
  const bound = (values: unknown[], side: 'start' | 'end', inclusive: boolean): Uint8Array =>
    clusteringPrefixBound(columns, values, side, inclusive);
  const inSlice = (k: Uint8Array, start: Uint8Array, end: Uint8Array): boolean => compareBytes(start, k) < 0 && compareBytes(k, end) < 0;

  it('sorts a prefix before its extensions and DESC components in reverse', () => {
    expect(hex(key())).toBe('38');
    expect(hex(key(1))).toBe('40' + '80000001' + '38');
    expect(hex(key(1, 'a'))).toBe('40' + '80000001' + '40' + '9effff' + '38');
    const sorted = [bound([], 'start', true), key(), key(1), key(1, 'b'), key(1, 'a'), key(1, ''), key(2), key(2, 'z'), bound([], 'end', true)];
    for (let i = 1; i < sorted.length; i++) expect(compareBytes(sorted[i - 1]!, sorted[i]!)).toBeLessThan(0);
    expect(decodeClustering(columns, key(1))).toEqual([1]);
    expect(decodeClustering(columns, key())).toEqual([]);
    expect(decodeClustering(columns, key(1, 'a\0'))).toEqual([1, 'a\0']);
  });

  it('bounds a prefix: inclusive start and exclusive end before it, the others after all extensions', () => {
    const rows = [key(0, 'a'), key(1, 'z'), key(1, 'b'), key(1, ''), key(2, 'a')];
    const pick = (start: Uint8Array, end: Uint8Array): unknown[] =>
      rows.filter((k) => inSlice(k, start, end)).map((k) => decodeClustering(columns, k));
    expect(pick(bound([1], 'start', true), bound([1], 'end', true))).toEqual([[1, 'z'], [1, 'b'], [1, '']]);
    expect(pick(bound([1], 'start', false), bound([], 'end', true))).toEqual([[2, 'a']]);
    expect(pick(bound([], 'start', true), bound([1], 'end', false))).toEqual([[0, 'a']]);
    expect(pick(bound([1, 'z'], 'start', false), bound([1, ''], 'end', true))).toEqual([[1, 'b'], [1, '']]);
    expect(pick(bound([1, 'z'], 'start', true), bound([1, ''], 'end', false))).toEqual([[1, 'z'], [1, 'b']]);
    for (const k of rows) for (const side of ['start', 'end'] as const) for (const inc of [true, false]) {
      expect(compareBytes(k, bound(decodeClustering(columns, k), side, inc))).not.toBe(0);
    }
  });
});

describe('refusals', () => {
  it('refuses null values, naming the column', () => {
    expect(() => encodeClustering([{ type: t('int'), order: 'asc', name: 'ck' }], [null])).toThrow(
      new InvalidRequestError('Invalid null value in condition for column ck'),
    );
  });

  it('refuses duration, also nested, and too many values', () => {
    expect(() => encodeClustering([asc(t('duration'))], ['1h'])).toThrow(/durations have no order/);
    expect(() => encodeClustering([asc(listType(t('duration'), true))], [['1h']])).toThrow(/holds durations/);
    expect(() => encodeClustering([asc(tupleType([t('int'), t('duration')]))], [[1]])).toThrow(/holds durations/);
    expect(() => encodeClustering([asc(t('int'))], [1, 2])).toThrow(InvalidRequestError);
  });

  it('refuses malformed bytes', () => {
    expect(() => decodeClustering([asc(t('int'))], Uint8Array.from([0x41, 0, 0, 0, 1, 0x38]))).toThrow(InvalidRequestError);
    expect(() => decodeClustering([asc(t('int'))], Uint8Array.from([0x40, 0, 0]))).toThrow(InvalidRequestError);
    expect(() => decodeClustering([asc(t('int'))], Uint8Array.from([0x40, 0x80, 0, 0, 1]))).toThrow(InvalidRequestError);
    expect(() => decodeClustering([asc(t('int'))], Uint8Array.from([0x38, 0x38]))).toThrow(InvalidRequestError);
    expect(() => decodeClustering([asc(t('text'))], Uint8Array.from([0x40, 0x61, 0, 5, 0x38]))).toThrow(InvalidRequestError);
    const two = encodeClustering([asc(t('int')), asc(t('int'))], [1, 2]);
    expect(() => decodeClustering([asc(t('int'))], two)).toThrow(InvalidRequestError);
  });
});

describe('decoding from a Node Buffer (messages arrive as Buffers, whose slice is a view)', () => {
  it('leaves the bytes as they were: the same value decodes twice, descending too', () => {
    for (const column of [asc(t('int')), desc(t('int')), asc(t('bigint')), desc(t('text'))]) {
      const value = column.type === t('text') ? 'abc' : column.type === t('bigint') ? driverTypes.Long.fromNumber(-7) : 0;
      const bytes = Buffer.from(encodeClustering([column], [value]));
      const before = hex(bytes);
      const first = decodeClustering([column], bytes);
      const second = decodeClustering([column], bytes);
      expect(hex(bytes)).toBe(before);
      expect(String(second)).toBe(String(first));
      expect(String(first)).toBe(String(value));
    }
  });
});
