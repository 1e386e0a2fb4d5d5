// FrameReader cuts a byte stream into envelopes however the stream is split into chunks,
// checks each header before buffering its body, and reports a bad header once, then nothing.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameReader, type FrameReadResult } from '../../../../src/protocol/frame/frame-reader.js';
import { FrameWriter } from '../../../../src/protocol/frame/frame-writer.js';
import { Opcode } from '../../../../src/protocol/frame/opcode.js';

const MiB = 1024 * 1024;

function serverReader(maxBodyBytes = 256 * MiB, supportedVersions: readonly number[] = [4]): FrameReader {
  return new FrameReader({ direction: 'request', supportedVersions, maxBodyBytes });
}

function requestFrame(stream: number, body: Uint8Array, version = 4): Uint8Array {
  return new FrameWriter('request', version).encode({ stream, opcode: Opcode.query }, (w) => w.raw(body)).slice();
}

function header(hexText: string): Uint8Array {
  return Buffer.from(hexText.replace(/\s/g, ''), 'hex');
}

function drain(reader: FrameReader): FrameReadResult[] {
  const results: FrameReadResult[] = [];
  for (let r = reader.next(); r !== null; r = reader.next()) results.push(r);
  return results;
}

function envelopes(results: readonly FrameReadResult[]): { stream: number; body: string }[] {
  return results.map((r) => {
    if (r.kind !== 'envelope') throw new Error(`unexpected ${r.kind}`);
    return { stream: r.envelope.header.stream, body: Buffer.from(r.envelope.body).toString('hex') };
  });
}

describe('cutting a stream into envelopes', () => {
  it('yields the same envelopes however the bytes are split into chunks', () => {
    const frames = fc.array(fc.tuple(fc.integer({ min: 0, max: 32767 }), fc.uint8Array({ maxLength: 300 })), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(frames, fc.array(fc.nat(2000), { maxLength: 10 }), (specs, cuts) => {
        const stream = Buffer.concat(specs.map(([id, body]) => requestFrame(id, body)));
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const reader = serverReader();
        const results: FrameReadResult[] = [];
        let from = 0;
        for (const point of [...points, stream.length]) {
          reader.push(stream.subarray(from, point));
          from = point;
          results.push(...drain(reader));
        }
        expect(envelopes(results)).toEqual(specs.map(([id, body]) => ({ stream: id, body: Buffer.from(body).toString('hex') })));
        expect(reader.bufferedBytes).toBe(0);
      }),
    );
  });

  it('waits for a whole header, then for the whole body', () => {
    const frame = requestFrame(7, new Uint8Array([1, 2, 3]));
    const reader = serverReader();
    reader.push(frame.subarray(0, 5));
    expect(reader.next()).toBeNull();
    reader.push(frame.subarray(5, 10));
    expect(reader.next()).toBeNull();
    reader.push(frame.subarray(10));
    expect(envelopes(drain(reader))).toEqual([{ stream: 7, body: '010203' }]);
  });

  it('returns a body inside one chunk as a view of that chunk (no copy)', () => {
    const chunk = requestFrame(1, new Uint8Array([9, 9]));
    const reader = serverReader();
    reader.push(chunk);
    const result = reader.next();
    expect(result?.kind === 'envelope' && result.envelope.body.buffer).toBe(chunk.buffer);
  });

  it('decodes the header fields: version, direction, flags, signed stream, opcode, length', () => {
    const reader = serverReader();
    reader.push(header('04 06 8001 0a 00000000'));
    const result = reader.next();
    expect(result).toEqual({
      kind: 'envelope',
      envelope: { header: { version: 4, direction: 'request', flags: 6, stream: -32767, opcode: 0x0a, bodyLength: 0, legacy: false }, body: new Uint8Array(0) },
    });
  });

  it('reports the first frame version as the connection version', () => {
    const reader = serverReader();
    expect(reader.version).toBeNull();
    reader.push(requestFrame(0, new Uint8Array(0)));
    reader.next();
    expect(reader.version).toBe(4);
  });
});

describe('header errors', () => {
  it("refuses the Node driver's first STARTUP at 0x42 with Cassandra's wording, on its stream", () => {
    const reader = serverReader();
    reader.push(header('42 00 0003 01 00000016'));
    const result = reader.next();
    expect(result?.kind).toBe('header-error');
    if (result?.kind !== 'header-error') return;
    expect(result.error.reason).toBe('unsupported-version');
    expect(result.error.header.stream).toBe(3);
    expect(result.error.message).toBe('Invalid or unsupported protocol version (66); supported versions are (4/v4)');
  });

  it.each([
    ['0x41 (DSE v1)', '41 00 0000 05 00000000', 65],
    ['v5 while only v4 is served', '05 00 0000 05 00000000', 5],
    ['v3', '03 00 0000 05 00000000', 3],
  ])('refuses %s', (_name, bytes, version) => {
    const reader = serverReader();
    reader.push(header(bytes));
    const result = reader.next();
    expect(result?.kind === 'header-error' && result.error.message).toBe(
      `Invalid or unsupported protocol version (${version}); supported versions are (4/v4)`,
    );
  });

  it('reads a v1/v2 header as 8 bytes (one-byte stream) to refuse it on the right stream', () => {
    const reader = serverReader();
    reader.push(header('02 00 05 05 00000000'));
    const result = reader.next();
    expect(result?.kind === 'header-error' && [result.error.reason, result.error.header.stream, result.error.header.legacy]).toEqual([
      'unsupported-version',
      5,
      true,
    ]);
  });

  it('refuses a response frame sent to the server', () => {
    const reader = serverReader();
    reader.push(header('84 00 0001 07 00000000'));
    const result = reader.next();
    expect(result?.kind === 'header-error' && result.error.message).toBe('Wrong protocol direction (expected REQUEST, got RESPONSE)');
  });

  it('refuses a version change on a connection', () => {
    const reader = serverReader(MiB, [4, 5]);
    reader.push(requestFrame(0, new Uint8Array(0), 4));
    reader.push(requestFrame(1, new Uint8Array(0), 5));
    const [first, second] = drain(reader);
    expect(first?.kind).toBe('envelope');
    expect(second?.kind === 'header-error' && second.error.message).toBe(
      'Invalid message version. Got 5 but previous messages on this connection had version 4',
    );
  });

  it('refuses an oversized body from its header alone, before any body byte arrives', () => {
    const reader = serverReader(1000);
    reader.push(header('04 00 0009 07 000003e9'));
    const result = reader.next();
    expect(result?.kind === 'header-error' && [result.error.reason, result.error.header.stream, result.error.message]).toEqual([
      'body-too-large',
      9,
      'Request is too big: length 1001 exceeds maximum allowed length 1000.',
    ]);
    expect(reader.bufferedBytes).toBe(0);
  });

  it('accepts a body of exactly the cap', () => {
    const reader = serverReader(3);
    reader.push(requestFrame(0, new Uint8Array(3)));
    expect(reader.next()?.kind).toBe('envelope');
  });

  it('a length of 2^32 - 1 is too large, never negative', () => {
    const reader = serverReader();
    reader.push(header('04 00 0000 07 ffffffff'));
    const result = reader.next();
    expect(result?.kind === 'header-error' && result.error.header.bodyLength).toBe(2 ** 32 - 1);
  });

  it('after a header error, reports nothing more and buffers nothing', () => {
    const reader = serverReader();
    reader.push(header('42 00 0000 05 00000000'));
    reader.push(requestFrame(1, new Uint8Array(10)));
    expect(reader.next()?.kind).toBe('header-error');
    reader.push(requestFrame(2, new Uint8Array(10)));
    expect(reader.next()).toBeNull();
    expect(reader.hasFailed).toBe(true);
    expect(reader.bufferedBytes).toBe(0);
  });

  it('random bytes give envelopes, a header error or a wait, never an exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const reader = serverReader(64);
        reader.push(bytes);
        expect(() => drain(reader)).not.toThrow();
      }),
    );
  });
});
