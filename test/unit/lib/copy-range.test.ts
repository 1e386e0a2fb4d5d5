import { describe, expect, it } from 'vitest';
import { copyRange } from '../../../src/lib/bytes/copy-range.js';
import { ByteWriter } from '../../../src/lib/bytes/byte-writer.js';

describe('copyRange', () => {
  it('copies every length and alignment exactly, touching nothing outside the target range', () => {
    const source = new Uint8Array(new SharedArrayBuffer(600));
    for (let i = 0; i < source.length; i++) source[i] = (i * 37 + 11) & 0xff;
    const sourceView = new DataView(source.buffer);
    for (let length = 0; length <= 70; length++) {
      for (const [from, to] of [[0, 0], [1, 3], [3, 1], [7, 2], [400, 5]] as const) {
        const target = new Uint8Array(100).fill(0xee);
        copyRange(source, sourceView, from, length, target, new DataView(target.buffer), to);
        expect(target.subarray(to, to + length)).toEqual(source.subarray(from, from + length));
        expect(target.subarray(0, to).every((b) => b === 0xee)).toBe(true);
        expect(target.subarray(to + length).every((b) => b === 0xee)).toBe(true);
      }
    }
  });

  it('backs ByteWriter.rawRangeFrom, which grows the writer as needed', () => {
    const source = new Uint8Array(5_000).map((_, i) => i & 0xff);
    const writer = new ByteWriter(16);
    writer.u8(9);
    writer.rawRangeFrom(source, new DataView(source.buffer), 13, 4_321);
    expect(writer.position).toBe(4_322);
    expect(writer.written().subarray(1)).toEqual(source.subarray(13, 13 + 4_321));
  });
});
