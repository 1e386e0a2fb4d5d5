/**
 * ConnectionFraming, the wire a connection speaks once STARTUP is answered: plain envelopes
 * before; v4 with lz4 compresses bodies that shrink (flag 0x01) and inflates what the client
 * flagged; v5 wraps envelopes in segments (lz4 per segment when asked) and unwraps the
 * client's, whatever bytes arrived with STARTUP included; a segment failing its CRC is
 * reported once.
 */
import { describe, expect, it } from 'vitest';
import { lz4CompressBlock } from '../../../../src/protocol/compression/lz4-block.js';
import { FrameFlag } from '../../../../src/protocol/frame/frame-header.js';
import { FrameReader, type Envelope } from '../../../../src/protocol/frame/frame-reader.js';
import { FrameWriter } from '../../../../src/protocol/frame/frame-writer.js';
import { Opcode } from '../../../../src/protocol/frame/opcode.js';
import { encodeSegments, SegmentReader } from '../../../../src/protocol/frame/segment-codec.js';
import { ConnectionFraming } from '../../../../src/protocol/server/connection-framing.js';

const MAX = 1 << 20;
const body = (text: string): Uint8Array => new TextEncoder().encode(text);
const request = (version: number, payload: Uint8Array, stream = 1): Uint8Array => new FrameWriter('request', version).encode({ stream, opcode: Opcode.query }, (w) => w.raw(payload)).slice();
const response = (version: number, payload: Uint8Array): Uint8Array => new FrameWriter('response', version).encode({ stream: 1, opcode: Opcode.result }, (w) => w.raw(payload)).slice();

function framing(): { framing: ConnectionFraming; reader: FrameReader } {
  const reader = new FrameReader({ direction: 'request', supportedVersions: [4, 5], maxBodyBytes: MAX });
  return { framing: new ConnectionFraming(reader, MAX), reader };
}

function envelopes(f: ConnectionFraming): Envelope[] {
  const out: Envelope[] = [];
  for (let next = f.next(); next !== null; next = f.next()) {
    if (next.kind !== 'envelope') throw new Error(next.kind);
    out.push(f.inflate(next.envelope));
  }
  return out;
}

/** What a client reads: response envelopes from the bytes we wrote. */
function clientReads(bytes: Uint8Array): Envelope[] {
  const reader = new FrameReader({ direction: 'response', supportedVersions: [4, 5], maxBodyBytes: MAX });
  reader.push(bytes);
  const out: Envelope[] = [];
  for (let next = reader.next(); next !== null; next = reader.next()) if (next.kind === 'envelope') out.push(next.envelope);
  return out;
}

describe('ConnectionFraming', () => {
  it('v4 with lz4: compresses what shrinks, flags it, and inflates what the client flagged', () => {
    const { framing: f } = framing();
    f.receive(request(4, body('startup')));
    expect(envelopes(f)).toHaveLength(1);
    f.startAfterStartup(4, 'lz4');
    const big = body('row,'.repeat(500));
    const [compressed] = clientReads(f.wrap(response(4, big)));
    expect(compressed!.header.flags & FrameFlag.compressed).toBe(FrameFlag.compressed);
    expect(compressed!.body.length).toBeLessThan(100);
    const [small] = clientReads(f.wrap(response(4, body('ok'))));
    expect(small!.header.flags & FrameFlag.compressed).toBe(0);

    const flagged = new FrameWriter('request', 4).encode({ stream: 3, opcode: Opcode.query }, (w) => {
      w.int(big.length);
      w.raw(lz4CompressBlock(big));
    });
    flagged[1] = FrameFlag.compressed;
    f.receive(flagged);
    const [inflated] = envelopes(f);
    expect(Buffer.from(inflated!.body).equals(big)).toBe(true);
    expect(inflated!.header.flags & FrameFlag.compressed).toBe(0);
  });

  it('v4 refuses a flagged body that does not inflate, on its own request', () => {
    const { framing: f } = framing();
    f.startAfterStartup(4, 'lz4');
    const bad = new FrameWriter('request', 4).encode({ stream: 3, opcode: Opcode.query }, (w) => {
      w.int(1000);
      w.raw(Uint8Array.of(0xf0));
    });
    bad[1] = FrameFlag.compressed;
    f.receive(bad);
    const next = f.next()!;
    expect(next.kind).toBe('envelope');
    expect(() => f.inflate((next as { envelope: Envelope }).envelope)).toThrow(/does not decompress/);
  });

  it('v5: segments both ways from the first envelope after STARTUP, including bytes that came with it', () => {
    for (const compression of ['none', 'lz4'] as const) {
      const { framing: f } = framing();
      const first = encodeSegments(request(5, body('query one')), compression);
      // STARTUP and the first segment in one chunk, the rest split mid-segment.
      const second = encodeSegments(request(5, body('two'.repeat(100_000)), 2), compression);
      f.receive(Buffer.concat([request(5, body('startup')), first, second.subarray(0, 10)]));
      // The connection switches as it handles STARTUP, before it asks for the next envelope.
      const startup = f.next();
      expect(startup?.kind === 'envelope' && Buffer.from(startup.envelope.body).toString()).toBe('startup');
      f.startAfterStartup(5, compression);
      f.receive(second.subarray(10));
      expect(envelopes(f).map((e) => e.body.length)).toEqual(['query one'.length, 300_000]);

      const wrapped = f.wrap(response(5, body('result')));
      const segments = new SegmentReader(compression);
      segments.push(wrapped);
      const segment = segments.next()!;
      expect(segment.kind === 'segment' && clientReads(segment.segment.payload).map((e) => Buffer.from(e.body).toString())).toEqual(['result']);
    }
  });

  it('v5: a segment failing its CRC is reported once, then nothing more is read', () => {
    const { framing: f } = framing();
    f.startAfterStartup(5, 'none');
    const damaged = encodeSegments(request(5, body('query')), 'none');
    damaged[8] = damaged[8]! ^ 1;
    f.receive(damaged);
    f.receive(encodeSegments(request(5, body('more')), 'none'));
    expect(f.next()).toEqual({ kind: 'corrupt', message: 'CRC mismatch on segment payload' });
    expect(f.next()).toBeNull();
  });
});
