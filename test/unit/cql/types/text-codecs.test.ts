import { describe, expect, it } from 'vitest';
import { nativeCqlType } from '../../../../src/cql/types/cql-type.js';
import { deserializeValue, serializeValue } from '../../../../src/cql/types/value-codec.js';
import { expectMatchesDriver } from './driver-golden.js';

const text = nativeCqlType('text')!;
const ascii = nativeCqlType('ascii')!;

describe('text', () => {
  it.each(['a', 'hello world', 'Grüße, Jürgen', '日本語テキスト', '😀 emoji 👍🏽', '\uFEFFbom first', 'nul\u0000inside', 'x'.repeat(10_000)])(
    '%s matches the driver',
    (value) => {
      expect(expectMatchesDriver(text, value)).toBe(value);
    },
  );

  it('varchar is the same type', () => {
    expect(nativeCqlType('VARCHAR')).toBe(text);
  });

  it('decodes empty bytes to the empty string', () => {
    expect(serializeValue(text, '').length).toBe(0);
    expect(deserializeValue(text, new Uint8Array(0))).toBe('');
  });

  it('rejects lone surrogates instead of writing U+FFFD', () => {
    expect(() => serializeValue(text, 'a\uD800b')).toThrow(/Invalid value for CQL type text/);
  });

  it('rejects invalid UTF-8 instead of decoding U+FFFD', () => {
    expect(() => deserializeValue(text, Buffer.from([0x61, 0xc3]))).toThrow('Invalid UTF-8 bytes for CQL type text');
    expect(() => deserializeValue(text, Buffer.from([0xed, 0xa0, 0x80]))).toThrow('Invalid UTF-8 bytes for CQL type text');
  });

  it.each([1, null, Buffer.from('a')])('rejects the non-string %s', (value) => {
    expect(() => serializeValue(text, value)).toThrow(/Invalid value for CQL type text/);
  });
});

describe('ascii', () => {
  it.each(['a', 'plain ASCII ~!@#$%^&*()', '\u0000\u007f', 'tab\tnewline\n'])('%j matches the driver', (value) => {
    expect(expectMatchesDriver(ascii, value)).toBe(value);
  });

  it('decodes empty bytes to the empty string', () => {
    expect(deserializeValue(ascii, new Uint8Array(0))).toBe('');
  });

  it.each(['é', 'Grüße', '😀'])('rejects the non-ASCII string %s', (value) => {
    expect(() => serializeValue(ascii, value)).toThrow(/Invalid value for CQL type ascii/);
  });

  it('rejects bytes above 0x7f with Cassandra\'s message', () => {
    expect(() => deserializeValue(ascii, Buffer.from([0x41, 0xe9]))).toThrow('Invalid byte for ascii: 233');
  });
});
