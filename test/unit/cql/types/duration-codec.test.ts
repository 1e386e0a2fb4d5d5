import cassandra from 'cassandra-driver';
import { describe, expect, it } from 'vitest';
import { nativeCqlType } from '../../../../src/cql/types/cql-type.js';
import { deserializeValue, serializeValue } from '../../../../src/cql/types/value-codec.js';
import { expectMatchesDriver, hex } from './driver-golden.js';

const { Duration, Long } = cassandra.types;
const duration = nativeCqlType('duration')!;

describe('duration', () => {
  const values = [
    new Duration(0, 0, 0),
    new Duration(1, 2, 3),
    new Duration(-1, -2, -3),
    new Duration(14, 0, Long.fromString('3600000000000')),
    new Duration(2 ** 31 - 1, 2 ** 31 - 1, Long.MAX_VALUE),
    new Duration(-(2 ** 31), -(2 ** 31), Long.MIN_VALUE),
    new Duration(0, 0, Long.fromString('-1')),
    Duration.fromString('1y2mo3w4d5h6m7s8ms9us10ns'),
    Duration.fromString('-P2DT3H'),
  ];

  it.each(values)('%s matches the driver', (value) => {
    const decoded = expectMatchesDriver(duration, value);
    expect((decoded as InstanceType<typeof Duration>).equals(value)).toBe(true);
  });

  it('writes three zigzag vints', () => {
    expect(hex(serializeValue(duration, new Duration(1, 2, 64)))).toBe('02048080');
    expect(hex(serializeValue(duration, new Duration(-1, 0, -1)))).toBe('010001');
  });

  it('rejects mixed signs, non-integer parts and non-Durations', () => {
    expect(() => serializeValue(duration, new Duration(1, -1, 0))).toThrow(/same sign/);
    expect(() => serializeValue(duration, new Duration(1.5, 0, 0))).toThrow(/32-bit integers/);
    expect(() => serializeValue(duration, new Duration(2 ** 31, 0, 0))).toThrow(/32-bit integers/);
    expect(() => serializeValue(duration, '1h')).toThrow(/Invalid value for CQL type duration: '1h'/);
  });

  it('rejects truncated, overlong and short bytes', () => {
    expect(() => deserializeValue(duration, Buffer.from([0, 0]))).toThrow('Expected at least 3 bytes for a duration (2)');
    expect(() => deserializeValue(duration, Buffer.from([0, 0, 0xc0, 1]))).toThrow('Truncated duration value');
    expect(() => deserializeValue(duration, Buffer.from([0, 0, 0, 0]))).toThrow('Unexpected extraneous bytes after duration value');
    const tooManyMonths = Buffer.from([0xf8, 0x01, 0x00, 0x00, 0x00, 0x00, 0, 0]);
    expect(() => deserializeValue(duration, tooManyMonths)).toThrow(/32-bit/);
  });
});
