// The body notations of native protocol v4 section 3: each written by BodyWriter reads back
// the same through BodyReader (properties over random inputs), a few byte layouts from the
// spec checked exactly, and every malformed input a ProtocolError naming the field.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONSISTENCY_LEVELS } from '../../../../src/cluster/consistency/consistency-level.js';
import { ProtocolError } from '../../../../src/protocol/protocol-error.js';
import { BodyReader } from '../../../../src/protocol/wire/body-reader.js';
import { BodyWriter } from '../../../../src/protocol/wire/body-writer.js';
import { UNSET } from '../../../../src/protocol/wire/wire-value.js';

function written(write: (writer: BodyWriter) => void): Uint8Array {
  const writer = new BodyWriter(1);
  write(writer);
  return writer.written().slice();
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function readerOf(hexText: string): BodyReader {
  return new BodyReader(Buffer.from(hexText.replace(/\s/g, ''), 'hex'));
}

const text = fc.string({ unit: 'binary', maxLength: 40 });
const bytes = fc.uint8Array({ maxLength: 64 });
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.'));
const ipv6 = fc.ipV6();

describe('round trips', () => {
  it('[byte], [short], [int], [long] at their limits and in between', () => {
    fc.assert(
      fc.property(fc.nat(255), fc.nat(0xffff), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (b, s, i, l) => {
        const reader = new BodyReader(written((w) => (w.byte(b), w.short(s), w.int(i), w.long(l))));
        expect([reader.byte('b'), reader.short('s'), reader.int('i'), reader.long('l')]).toEqual([b, s, i, l]);
        reader.expectEnd('test');
      }),
    );
  });

  it('[string] and [long string] of any Unicode text', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const reader = new BodyReader(written((w) => (w.string(a), w.longString(b))));
        expect([reader.string('a'), reader.longString('b')]).toEqual([a, b]);
        reader.expectEnd('test');
      }),
    );
  });

  it('[bytes], [value] (with null and unset), [short bytes], [uuid]', () => {
    const value = fc.oneof(bytes, fc.constant(null), fc.constant(UNSET));
    fc.assert(
      fc.property(fc.option(bytes, { nil: null }), value, bytes, fc.uint8Array({ minLength: 16, maxLength: 16 }), (b, v, s, u) => {
        const reader = new BodyReader(written((w) => (w.bytes(b), w.value(v), w.shortBytes(s), w.uuid(u))));
        expect([reader.bytes('b'), reader.value('v'), reader.shortBytes('s'), reader.uuid('u')]).toEqual([b, v, s, u]);
        reader.expectEnd('test');
      }),
    );
  });

  it('[string list], [string map], [string multimap], [bytes map]', () => {
    const keys = fc.uniqueArray(text, { maxLength: 6 });
    fc.assert(
      fc.property(fc.array(text, { maxLength: 6 }), keys, keys, keys, (list, k1, k2, k3) => {
        const stringMap = new Map(k1.map((k, i) => [k, `v${i}`]));
        const multimap = new Map(k2.map((k, i) => [k, Array.from({ length: i }, (_, j) => `${k}${j}`)]));
        const bytesMap = new Map<string, Uint8Array | null>(k3.map((k, i) => [k, i % 2 === 0 ? null : new Uint8Array([i])]));
        const reader = new BodyReader(written((w) => (w.stringList(list), w.stringMap(stringMap), w.stringMultimap(multimap), w.bytesMap(bytesMap))));
        expect(reader.stringList('l')).toEqual(list);
        expect(reader.stringMap('m')).toEqual(stringMap);
        expect(reader.stringMultimap('mm')).toEqual(multimap);
        expect(reader.bytesMap('bm')).toEqual(bytesMap);
        reader.expectEnd('test');
      }),
    );
  });

  it('[inet] and [inetaddr] for IPv4 and IPv6', () => {
    fc.assert(
      fc.property(fc.oneof(ipv4, ipv6), fc.integer({ min: 0, max: 65535 }), (address, port) => {
        const reader = new BodyReader(written((w) => (w.inet({ address, port }), w.inetAddr(address))));
        const inet = reader.inet('i');
        const again = written((w) => (w.inet(inet), w.inetAddr(reader.inetAddr('a'))));
        expect(hex(again)).toBe(hex(written((w) => (w.inet({ address, port }), w.inetAddr(address)))));
        expect(inet.port).toBe(port);
      }),
    );
  });

  it('[consistency]: every level', () => {
    for (const level of CONSISTENCY_LEVELS) {
      expect(new BodyReader(written((w) => w.consistency(level))).consistency('cl')).toBe(level);
    }
  });
});

describe('byte layouts from the spec', () => {
  it('strings are a [short] or [int] length then UTF-8', () => {
    expect(hex(written((w) => w.string('abc')))).toBe('0003616263');
    expect(hex(written((w) => w.longString('é')))).toBe('00000002c3a9');
    expect(hex(written((w) => w.string('')))).toBe('0000');
  });

  it('[value]: -1 is null, -2 is unset; [bytes] null is -1', () => {
    expect(hex(written((w) => w.value(null)))).toBe('ffffffff');
    expect(hex(written((w) => w.value(UNSET)))).toBe('fffffffe');
    expect(hex(written((w) => w.bytes(null)))).toBe('ffffffff');
    expect(readerOf('ffffff80').bytes('b')).toBeNull();
  });

  it('[inet] is a size byte, the address, then an [int] port', () => {
    expect(hex(written((w) => w.inet({ address: '127.0.0.1', port: 9042 })))).toBe('047f00000100002352');
    expect(readerOf('10 00000000000000000000000000000001 00002352').inet('i')).toEqual({ address: '::1', port: 9042 });
  });

  it.each([
    ['00000000010000000100000000000000', '0:0:100:0:100::'],
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['00000000000000000000000000000000', '::'],
    ['00010000000000020000000000000003', '1:0:0:2::3'],
    ['00010002000300040005000600070008', '1:2:3:4:5:6:7:8'],
  ])('IPv6 %s reads as %s (RFC 5952)', (bytes, text) => {
    expect(readerOf(`10 ${bytes}`).inetAddr('a')).toBe(text);
  });

  it('[consistency] codes: ANY 0 ... LOCAL_ONE 10', () => {
    expect(hex(written((w) => w.consistency('LOCAL_ONE')))).toBe('000a');
    expect(readerOf('0004').consistency('cl')).toBe('QUORUM');
  });

  it('[string multimap]: SUPPORTED as Cassandra would send it', () => {
    const map = new Map([['CQL_VERSION', ['3.4.6']], ['COMPRESSION', []]]);
    expect(hex(written((w) => w.stringMultimap(map)))).toBe(
      '0002' + '000b' + Buffer.from('CQL_VERSION').toString('hex') + '0001' + '0005' + Buffer.from('3.4.6').toString('hex') +
        '000b' + Buffer.from('COMPRESSION').toString('hex') + '0000',
    );
  });

  it('[short] is unsigned', () => {
    expect(readerOf('ffff').short('s')).toBe(65535);
  });

  it('a leading byte order mark is kept as text, not dropped', () => {
    expect(readerOf('0003 efbbbf').string('s')).toBe('\ufeff');
  });

  it('byte ranges are views of the body, not copies', () => {
    const body = Buffer.from('00000002abcd', 'hex');
    const value = new BodyReader(body).bytes('b')!;
    body[4] = 0;
    expect(hex(value)).toBe('00cd');
  });
});

describe('malformed bodies are protocol errors naming the field', () => {
  const cases: readonly [string, string, (r: BodyReader) => unknown, RegExp][] = [
    ['empty body, [byte]', '', (r) => r.byte('flags'), /flags \(\[byte\]\): 1 needed at offset 0, the body has 0 left/],
    ['[short] cut short', '00', (r) => r.short('count'), /count \(\[short\]\)/],
    ['[int] cut short', '000000', (r) => r.int('kind'), /kind \(\[int\]\)/],
    ['[long] cut short', '00000000000000', (r) => r.long('timestamp'), /timestamp \(\[long\]\)/],
    ['[string] longer than the body', '0005 616263', (r) => r.string('keyspace'), /keyspace \(\[string\]\): 5 needed at offset 2/],
    ['[long string] with a negative length', 'ffffffff', (r) => r.longString('query'), /Negative length -1 for query/],
    ['[long string] longer than the body', '7fffffff 00', (r) => r.longString('query'), /query \(\[long string\]\)/],
    ['[value] length -3', 'fffffffd', (r) => r.value('value 1'), /Invalid length -3 for value 1/],
    ['[value] longer than the body', '00000004 0102', (r) => r.value('value 0'), /value 0 \(\[value\]\)/],
    ['[bytes] longer than the body', '00000010', (r) => r.bytes('paging state'), /paging state \(\[bytes\]\)/],
    ['[short bytes] cut short', '0010 00', (r) => r.shortBytes('prepared id'), /prepared id \(\[short bytes\]\)/],
    ['[uuid] cut short', '0001020304', (r) => r.uuid('tracing id'), /tracing id \(\[uuid\]\)/],
    ['[string] with invalid UTF-8', '0002 c328', (r) => r.string('name'), /Invalid UTF-8 in name/],
    ['[string] with an overlong encoding', '0002 c0af', (r) => r.string('name'), /Invalid UTF-8 in name/],
    ['[long string] with a lone surrogate', '00000003 eda080', (r) => r.longString('query'), /Invalid UTF-8 in query/],
    ['[string list] claiming more than it has', 'ffff 0001 61', (r) => r.stringList('events'), /events \(\[short\]\)/],
    ['[string map] missing a value', '0001 0001 61', (r) => r.stringMap('options'), /options \(\[short\]\)/],
    ['[bytes map] missing a value', '0001 0001 61', (r) => r.bytesMap('payload'), /payload \(\[int\]\)/],
    ['[inet] of 5 bytes', '05 0102030405 00000000', (r) => r.inet('address'), /Invalid address size 5 for address/],
    ['[inet] without its port', '04 7f000001', (r) => r.inet('address'), /address \(\[int\]\)/],
    ['[consistency] code 11', '000b', (r) => r.consistency('consistency'), /Unknown consistency level code 0x000b for consistency/],
  ];

  it.each(cases)('%s', (_name, body, read, message) => {
    const reader = readerOf(body);
    expect(() => read(reader)).toThrow(ProtocolError);
    expect(() => read(readerOf(body))).toThrow(message);
  });

  it('trailing bytes after a message are reported', () => {
    const reader = readerOf('0001 ff');
    reader.short('count');
    expect(() => reader.expectEnd('REGISTER')).toThrow(/REGISTER body has 1 unexpected trailing bytes after offset 2/);
  });

  it('the error carries the protocol error code 0x000A', () => {
    try {
      readerOf('').int('x');
      expect.unreachable();
    } catch (error) {
      expect((error as ProtocolError).code).toBe(0x000a);
    }
  });

  it('random truncations of a valid body never throw anything but ProtocolError', () => {
    const body = written((w) => {
      w.longString('SELECT * FROM t');
      w.stringList(['a', 'b']);
      w.value(new Uint8Array([1, 2, 3]));
      w.inet({ address: '10.0.0.1', port: 1 });
      w.bytesMap(new Map([['k', null]]));
    });
    fc.assert(
      fc.property(fc.nat(body.length - 1), (cut) => {
        const reader = new BodyReader(body.subarray(0, cut));
        expect(() => {
          reader.longString('q');
          reader.stringList('l');
          reader.value('v');
          reader.inet('i');
          reader.bytesMap('m');
        }).toThrow(ProtocolError);
      }),
    );
  });
});

describe('writer assertions (our own output out of range is a bug)', () => {
  it.each([
    ['[short] 65536', (w: BodyWriter) => w.short(65536)],
    ['[int] 2^31', (w: BodyWriter) => w.int(2 ** 31)],
    ['[long] 2^63', (w: BodyWriter) => w.long(2n ** 63n)],
    ['[uuid] of 15 bytes', (w: BodyWriter) => w.uuid(new Uint8Array(15))],
    ['[string] of 65,536 bytes', (w: BodyWriter) => w.string('x'.repeat(65536))],
    ['[inet] not an address', (w: BodyWriter) => w.inetAddr('localhost')],
  ])('%s', (_name, write) => {
    expect(() => write(new BodyWriter())).toThrow(/out of range|has 16 bytes|at most 65535|not an IP address/);
  });

  it('a [string] of exactly 65,535 bytes is fine', () => {
    const reader = new BodyReader(written((w) => w.string('é'.repeat(32767) + 'x')));
    expect(reader.string('s')).toHaveLength(32768);
  });
});
