import cassandra from 'cassandra-driver';
import { describe, expect, it } from 'vitest';
import { nativeCqlType } from '../../../../src/cql/types/cql-type.js';
import { deserializeValue, serializeValue } from '../../../../src/cql/types/value-codec.js';
import { expectMatchesDriver, hex } from './driver-golden.js';

const { InetAddress } = cassandra.types;
const inet = nativeCqlType('inet')!;

const addresses = [
  '127.0.0.1',
  '0.0.0.0',
  '255.255.255.255',
  '10.1.2.3',
  '::1',
  '::',
  'fe80::1',
  '2001:db8::ff00:42:8329',
  '2001:db8:85a3:8d3:1319:8a2e:370:7348',
  'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
  '1::',
  '::ffff:192.168.1.10',
];

describe('inet', () => {
  it.each(addresses)('string %s matches the driver', (text) => {
    const decoded = expectMatchesDriver(inet, text);
    expect(decoded).toBeInstanceOf(InetAddress);
  });

  it.each(addresses)('InetAddress %s matches the driver', (text) => {
    expectMatchesDriver(inet, InetAddress.fromString(text));
  });

  it('writes 4 bytes for IPv4 and 16 for IPv6', () => {
    expect(hex(serializeValue(inet, '192.168.0.1'))).toBe('c0a80001');
    expect(hex(serializeValue(inet, '2001:db8::1'))).toBe('20010db8000000000000000000000001');
    expect(hex(serializeValue(inet, '::ffff:1.2.3.4'))).toBe('00000000000000000000ffff01020304');
  });

  it.each(['300.1.1.1', '1.2.3', 'localhost', '1::2::3', 'fe80::1%eth0', '', 7])('rejects %s', (value) => {
    expect(() => serializeValue(inet, value)).toThrow(/Invalid value for CQL type inet/);
  });

  it('rejects bytes that are neither 4 nor 16 long', () => {
    expect(() => deserializeValue(inet, new Uint8Array(5))).toThrow('Expected 4 or 16 byte inet address (5)');
  });
});
