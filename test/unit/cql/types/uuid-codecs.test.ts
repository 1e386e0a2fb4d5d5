import cassandra from 'cassandra-driver';
import { describe, expect, it } from 'vitest';
import { nativeCqlType } from '../../../../src/cql/types/cql-type.js';
import { deserializeValue, serializeValue } from '../../../../src/cql/types/value-codec.js';
import { expectMatchesDriver, hex } from './driver-golden.js';

const { Uuid, TimeUuid } = cassandra.types;
const uuid = nativeCqlType('uuid')!;
const timeuuid = nativeCqlType('timeuuid')!;

const v1 = '50554d6e-29bb-11e5-b345-feff819cdc9f';
const v4 = '3e2d8e6a-9b3c-4f1e-8d2a-1b2c3d4e5f60';

describe('uuid', () => {
  it.each([v4, v1, '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'])('Uuid %s matches the driver', (text) => {
    const decoded = expectMatchesDriver(uuid, Uuid.fromString(text));
    expect(decoded).toBeInstanceOf(Uuid);
    expect(String(decoded)).toBe(text);
  });

  it('accepts strings, any case, and a TimeUuid', () => {
    expectMatchesDriver(uuid, v4);
    expect(hex(serializeValue(uuid, v4.toUpperCase()))).toBe(v4.replaceAll('-', ''));
    expectMatchesDriver(uuid, TimeUuid.fromString(v1));
  });

  it.each(['not-a-uuid', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', v4.replaceAll('-', ''), 42])('rejects %s', (value) => {
    expect(() => serializeValue(uuid, value)).toThrow(/Invalid value for CQL type uuid/);
  });

  it('rejects bytes that are not 16 long', () => {
    expect(() => deserializeValue(uuid, new Uint8Array(15))).toThrow('UUID should be 16 or 0 bytes (15)');
  });
});

describe('timeuuid', () => {
  const now = TimeUuid.fromDate(new Date(Date.UTC(2024, 1, 29, 12, 0, 0)), 1234, 'host01', '02');
  const early = TimeUuid.fromDate(new Date(Date.UTC(1582, 9, 15)), 0, 'host01', '02');

  it.each([now, early, TimeUuid.fromString(v1)])('%s matches the driver', (value) => {
    const decoded = expectMatchesDriver(timeuuid, value);
    expect(decoded).toBeInstanceOf(TimeUuid);
    expect((decoded as InstanceType<typeof TimeUuid>).getDate().getTime()).toBe(value.getDate().getTime());
  });

  it('accepts a version 1 string or Uuid', () => {
    expectMatchesDriver(timeuuid, v1);
    expectMatchesDriver(timeuuid, Uuid.fromString(v1));
  });

  it('rejects UUIDs of other versions, both ways', () => {
    expect(() => serializeValue(timeuuid, v4)).toThrow(/Invalid value for CQL type timeuuid: '3e2d8e6a.*version 1/);
    expect(() => serializeValue(timeuuid, Uuid.fromString(v4))).toThrow(/version 1/);
    expect(() => deserializeValue(timeuuid, Buffer.from(v4.replaceAll('-', ''), 'hex'))).toThrow('Invalid version for TimeUUID type.');
  });
});
