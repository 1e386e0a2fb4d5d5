import { describe, expect, it } from 'vitest';
import { murmur3Token } from '../../../../src/cluster/ring/murmur3.js';
import { decodePartitionKey, encodePartitionKey } from '../../../../src/cql/keys/partition-key-codec.js';
import { nativeCqlType, type CqlType } from '../../../../src/cql/types/cql-type.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';

const t = (name: string): CqlType => nativeCqlType(name)!;
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('encodePartitionKey', () => {
  it('is the serialized value for a single column', () => {
    expect(hex(encodePartitionKey([t('int')], [1]))).toBe('00000001');
    expect(hex(encodePartitionKey([t('text')], ['ab']))).toBe('6162');
  });

  it('lays out a composite key as CompositeType: u16 length, bytes, 0x00 per component', () => {
    expect(hex(encodePartitionKey([t('int'), t('text')], [10, '20']))).toBe('0004' + '0000000a' + '00' + '0002' + '3230' + '00');
    expect(hex(encodePartitionKey([t('text'), t('text')], ['', 'a']))).toBe('0000' + '00' + '0001' + '61' + '00');
  });

  it("gives Cassandra's Murmur3 tokens for int keys", () => {
    expect(murmur3Token(encodePartitionKey([t('int')], [1]))).toBe(-4069959284402364209n);
    expect(murmur3Token(encodePartitionKey([t('int')], [2]))).toBe(-3248873570005575792n);
    expect(murmur3Token(encodePartitionKey([t('int')], [5]))).toBe(-7509452495886106294n);
  });

  it("gives Cassandra's Murmur3 tokens for composite (int, text) keys", () => {
    // token(id1, id2) as printed by cqlsh, recorded in CqlSharp's TokenTest.
    expect(murmur3Token(encodePartitionKey([t('int'), t('text')], [10, '20']))).toBe(-9026262514124674157n);
    expect(murmur3Token(encodePartitionKey([t('int'), t('text')], [1, '2']))).toBe(4093852821103061060n);
  });

  it('refuses null components, naming the column', () => {
    expect(() => encodePartitionKey([t('int'), t('text')], [1, null], ['a', 'b'])).toThrow(
      new InvalidRequestError('Invalid null value in condition for column b'),
    );
    expect(() => encodePartitionKey([t('int')], [undefined])).toThrow(InvalidRequestError);
  });

  it('refuses an empty single-column key but not an empty composite component, as Cassandra', () => {
    expect(() => encodePartitionKey([t('text')], [''])).toThrow('Key may not be empty');
    expect(() => encodePartitionKey([t('text'), t('int')], ['', 1])).not.toThrow();
  });

  it('refuses components longer than 65535 bytes and a wrong value count', () => {
    expect(() => encodePartitionKey([t('blob')], [Buffer.alloc(65_536)])).toThrow(InvalidRequestError);
    expect(() => encodePartitionKey([t('blob'), t('int')], [Buffer.alloc(65_536), 1])).toThrow(InvalidRequestError);
    expect(() => encodePartitionKey([t('int'), t('int')], [1])).toThrow(InvalidRequestError);
  });
});

describe('decodePartitionKey', () => {
  it('round-trips single and composite keys', () => {
    expect(decodePartitionKey([t('int')], encodePartitionKey([t('int')], [7]))).toEqual([7]);
    const types = [t('int'), t('text'), t('blob')];
    const decoded = decodePartitionKey(types, encodePartitionKey(types, [-3, 'x\u0000y', Buffer.from([0, 0xff])]));
    expect(decoded[0]).toBe(-3);
    expect(decoded[1]).toBe('x\u0000y');
    expect(hex(decoded[2] as Buffer)).toBe('00ff');
  });

  it('refuses malformed composite bytes', () => {
    expect(() => decodePartitionKey([t('int'), t('int')], Uint8Array.from([0, 4, 0, 0, 0, 1, 1]))).toThrow(InvalidRequestError);
    expect(() => decodePartitionKey([t('int'), t('int')], Uint8Array.from([0, 4, 0, 0, 0, 1, 0]))).toThrow(InvalidRequestError);
    const good = encodePartitionKey([t('int'), t('int')], [1, 2]);
    expect(() => decodePartitionKey([t('int'), t('int')], Uint8Array.from([...good, 0]))).toThrow(InvalidRequestError);
  });
});
