// FrameWriter: byte-exact headers, the optional body sections in the spec's order with their
// flags, and frames the real driver's parser reads.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFrameHeader, encodeFrameHeader, type FrameHeader } from '../../../../src/protocol/frame/frame-header.js';
import { encodeLegacyFrame, FrameWriter } from '../../../../src/protocol/frame/frame-writer.js';
import { Opcode } from '../../../../src/protocol/frame/opcode.js';
import { BodyWriter } from '../../../../src/protocol/wire/body-writer.js';
import { parseWithDriver } from '../helpers/driver-parse.js';


function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

const uuid = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');

describe('FrameWriter', () => {
  it('READY on stream 1 in v4: 84 00 0001 02 00000000', () => {
    expect(hex(new FrameWriter('response', 4).encode({ stream: 1, opcode: Opcode.ready }, () => {}))).toBe('840000010200000000');
  });

  it('EVENT on stream -1', () => {
    const frame = new FrameWriter('response', 4).encode({ stream: -1, opcode: Opcode.event }, (w) => w.string('x'));
    expect(hex(frame)).toBe('8400ffff0c00000003' + '000178');
  });

  it('writes tracing id, warnings, custom payload in that order, each with its flag', () => {
    const frame = new FrameWriter('response', 4).encode(
      { stream: 2, opcode: Opcode.result, tracingId: uuid, warnings: ['w'], customPayload: new Map([['k', new Uint8Array([7])]]) },
      (w) => w.int(1),
    );
    expect(hex(frame)).toBe(
      '84' + '0e' + '0002' + '08' + '00000023' + hex(uuid) + '0001' + '000177' + '0001' + '00016b' + '0000000107' + '00000001',
    );
  });

  it('sets no flag for a section it does not write (empty warnings are none)', () => {
    const frame = new FrameWriter('response', 4).encode({ stream: 0, opcode: Opcode.result, warnings: [] }, (w) => w.int(1));
    expect(hex(frame)).toBe('840000000800000004' + '00000001');
  });

  it('refuses tracing ids and warnings in requests', () => {
    const writer = new FrameWriter('request', 4);
    expect(() => writer.encode({ stream: 0, opcode: Opcode.query, warnings: ['w'] }, () => {})).toThrow(/only responses/);
    expect(() => writer.encode({ stream: 0, opcode: Opcode.query, tracingId: uuid }, () => {})).toThrow(/only responses/);
  });

  it("the driver's parser reads the sections back", async () => {
    const frame = new FrameWriter('response', 4).encode(
      { stream: 5, opcode: Opcode.result, tracingId: uuid, warnings: ['careful', 'twice'], customPayload: new Map([['k', new Uint8Array([1, 2])]]) },
      (w) => w.int(1),
    );
    const [item] = await parseWithDriver([frame]);
    expect(item?.header.streamId).toBe(5);
    const flags = item?.['flags'] as { traceId: { toString(): string }; warnings: string[]; customPayload: Record<string, Buffer> };
    expect(flags.traceId.toString()).toBe('01234567-89ab-cdef-0123-456789abcdef');
    expect(flags.warnings).toEqual(['careful', 'twice']);
    expect(hex(flags.customPayload['k']!)).toBe('0102');
  });

  it('a v2 refusal uses the 8-byte header with a one-byte stream', () => {
    expect(hex(encodeLegacyFrame(2, 5, Opcode.error, (w) => w.int(10)))).toBe('8200050000000004' + '0000000a');
  });

  it('appends frames back to back into a writer, as a connection sends a turn of replies', () => {
    const writer = new FrameWriter('response', 4);
    const out = new BodyWriter(16);
    writer.encodeTo(out, { stream: 1, opcode: Opcode.ready }, () => {});
    writer.encodeTo(out, { stream: -1, opcode: Opcode.event }, (w) => w.string('x'));
    expect(hex(out.written())).toBe('840000010200000000' + '8400ffff0c00000003' + '000178');
  });

  it('leaves the writer as it was when a body fails part way', () => {
    const writer = new FrameWriter('response', 4);
    const out = new BodyWriter(16);
    writer.encodeTo(out, { stream: 1, opcode: Opcode.ready }, () => {});
    expect(() =>
      writer.encodeTo(out, { stream: 2, opcode: Opcode.result }, (w) => {
        w.int(7);
        throw new Error('unencodable');
      }),
    ).toThrow('unencodable');
    writer.encodeTo(out, { stream: 3, opcode: Opcode.ready }, () => {});
    expect(hex(out.written())).toBe('840000010200000000' + '840000030200000000');
  });
});

describe('frame header', () => {
  it('encodes and decodes every field, at the limits too', () => {
    const headers = fc.record({
      version: fc.integer({ min: 3, max: 127 }),
      direction: fc.constantFrom('request' as const, 'response' as const),
      flags: fc.nat(255),
      stream: fc.integer({ min: -32768, max: 32767 }),
      opcode: fc.nat(255),
      bodyLength: fc.nat({ max: 2 ** 32 - 1 }),
      legacy: fc.constant(false),
    });
    fc.assert(
      fc.property(headers, (header: FrameHeader) => {
        const bytes = new Uint8Array(9);
        encodeFrameHeader(header, bytes, 0);
        expect(decodeFrameHeader(bytes)).toEqual(header);
      }),
    );
  });
});
