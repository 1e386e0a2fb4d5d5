import { createRequire } from 'node:module';
import cassandra from 'cassandra-driver';
import { describe, expect, it } from 'vitest';
import { readUnsignedVint, unzigzag, writeUnsignedVint, zigzag } from '../../../../src/cql/types/vint-coding.js';

const require = createRequire(import.meta.url);
const { VIntCoding } = require('cassandra-driver/lib/utils') as {
  VIntCoding: { writeVInt(value: unknown, buffer: Buffer): number };
};
const { Long } = cassandra.types;

const values = [0n, 1n, -1n, 63n, -64n, 64n, 8191n, -8192n, 8192n, 2n ** 31n - 1n, -(2n ** 31n), 2n ** 55n, 2n ** 62n, 2n ** 63n - 1n, -(2n ** 63n)];

describe('vint coding', () => {
  it.each(values)('signed %s matches the driver and reads back', (value) => {
    const out: number[] = [];
    writeUnsignedVint(zigzag(value), out);
    const driver = Buffer.alloc(9);
    const length = VIntCoding.writeVInt(Long.fromString(value.toString()), driver);
    expect(Buffer.from(out).toString('hex')).toBe(driver.subarray(0, length).toString('hex'));
    const read = readUnsignedVint(Uint8Array.from(out), 0);
    expect(read).not.toBeNull();
    expect(unzigzag(read!.value)).toBe(value);
    expect(read!.next).toBe(out.length);
  });

  it('zigzags small magnitudes of both signs to small numbers', () => {
    expect([0n, -1n, 1n, -2n, 2n].map(zigzag)).toEqual([0n, 1n, 2n, 3n, 4n]);
  });

  it('uses the leading 1-bits of the first byte as the count of extra bytes', () => {
    const out: number[] = [];
    writeUnsignedVint(128n, out);
    expect(out).toEqual([0x80, 0x80]);
    expect(readUnsignedVint(Uint8Array.from([0xc0, 0x01]), 0)).toBeNull();
  });
});
