/**
 * v5 segments against the Python driver's SegmentCodec (python3-cassandra 3.25): the bytes it
 * writes read back here and ours equal its where the format leaves no choice; an envelope
 * larger than a segment is cut into segments that are not self-contained; a flipped bit in a
 * header or payload is caught by its CRC, and the reader then stops.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeSegments, SEGMENT_PAYLOAD_BYTES_MAX, SegmentReader, type Segment, type SegmentCompression } from '../../../../src/protocol/frame/segment-codec.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

// SegmentCodec().encode(buffer, payload); with lz4: SegmentCodec(compress, decompress).
const pythonPlain = hex('0d0002cf07f768656c6c6f207365676d656e74787e381c');
const pythonLz4 = hex('0d005000042ae3053f61626303000d50632d656e64b2c75810');
const pythonLz4Incompressible = hex('1400000004517463000102030405060708090a0b0c0d0e0f10111213c69200c0');

/** Around the segment size, where cutting starts, and anywhere up to three segments. */
const lengths = fc.oneof(
  fc.constantFrom(0, 1, SEGMENT_PAYLOAD_BYTES_MAX - 1, SEGMENT_PAYLOAD_BYTES_MAX, SEGMENT_PAYLOAD_BYTES_MAX + 1, 2 * SEGMENT_PAYLOAD_BYTES_MAX),
  fc.integer({ min: 0, max: 3 * SEGMENT_PAYLOAD_BYTES_MAX }),
);

function readAll(bytes: Uint8Array, compression: SegmentCompression, chunk = bytes.length): Segment[] {
  const reader = new SegmentReader(compression);
  const segments: Segment[] = [];
  for (let at = 0; at < bytes.length; at += chunk) {
    reader.push(bytes.subarray(at, at + chunk));
    for (let next = reader.next(); next !== null; next = reader.next()) {
      if (next.kind === 'corrupt') throw new Error(next.message);
      segments.push(next.segment);
    }
  }
  return segments;
}

describe('v5 segments', () => {
  it("read what the Python driver writes, byte by byte or whole", () => {
    for (const chunk of [1, 5, 1000]) {
      expect(readAll(pythonPlain, 'none', chunk)).toEqual([{ payload: text('hello segment'), selfContained: true }]);
      expect(readAll(pythonLz4, 'lz4', chunk).map((s) => Buffer.from(s.payload).toString())).toEqual(['abcabcabcabcabcabcabcabcabcabcabcabc-end']);
      expect(readAll(pythonLz4Incompressible, 'lz4', chunk)[0]!.payload).toEqual(Uint8Array.from({ length: 20 }, (_, i) => i));
    }
  });

  it('write the bytes the Python driver writes where the format leaves no choice', () => {
    expect(encodeSegments(text('hello segment'), 'none')).toEqual(pythonPlain);
    expect(encodeSegments(Uint8Array.from({ length: 20 }, (_, i) => i), 'lz4')).toEqual(pythonLz4Incompressible);
  });

  it('round-trip envelopes of any size, cutting large ones into segments that are not self-contained', () => {
    fc.assert(
      fc.property(fc.constantFrom<SegmentCompression>('none', 'lz4'), lengths, fc.uint8Array({ minLength: 1, maxLength: 300 }), (compression, length, pattern) => {
        const envelope = Buffer.alloc(length, pattern);
        const segments = readAll(encodeSegments(envelope, compression), compression, 65_536);
        expect(segments.length).toBe(Math.max(1, Math.ceil(length / SEGMENT_PAYLOAD_BYTES_MAX)));
        expect(segments.every((s) => s.selfContained === (segments.length === 1))).toBe(true);
        // equals(), not toEqual: a deep comparison of 400 kB takes seconds.
        expect(Buffer.concat(segments.map((s) => s.payload)).equals(envelope)).toBe(true);
      }),
      { numRuns: 16 },
    );
  });

  it('catch a flipped bit in a header or a payload, then read nothing more', () => {
    for (const [bytes, compression] of [[pythonPlain, 'none'], [pythonLz4, 'lz4']] as const) {
      for (let at = 0; at < bytes.length; at++) {
        const damaged = Uint8Array.from(bytes);
        damaged[at] = damaged[at]! ^ 0x10;
        const reader = new SegmentReader(compression);
        reader.push(damaged);
        reader.push(bytes);
        const first = reader.next();
        // A damaged length may announce more bytes than came: then nothing is read yet.
        if (first === null) continue;
        expect(first.kind, `bit flipped at byte ${at}`).toBe('corrupt');
        expect(reader.next()).toBeNull();
      }
    }
  });
});
