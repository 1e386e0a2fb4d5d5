/**
 * The LZ4 block codec: what the reference library (Python's lz4.block, as the driver uses it)
 * wrote decodes here; what we write decodes back for any input and keeps the format's
 * end-of-block rules; random and damaged blocks fail with Lz4FormatError, never anything else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lz4CompressBlock, lz4CompressBound, lz4DecompressBlock, Lz4FormatError } from '../../../../src/protocol/compression/lz4-block.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));

// lz4.block.compress(data, store_size=False), lz4 4.0.2 (Debian's python3-lz4).
const referenceInput = Buffer.concat([Buffer.from('hello hello hello hello hello! '.repeat(3)), Buffer.from(Array.from({ length: 40 }, (_, i) => i))]);
const referenceBlock = hex('6f68656c6c6f200600041f211900050218000f1f000ef019000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252627');

/** Repetitive data, as rows of a table are: runs, repeats at every distance, some noise. */
const compressible = fc
  .array(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 300 })).map(([unit, times]) => Uint8Array.from(Array.from({ length: unit.length * times }, (_, i) => unit[i % unit.length]!)))), { maxLength: 30 })
  .map((parts) => Uint8Array.from(Buffer.concat(parts)));

describe('LZ4 block', () => {
  it("decodes the reference library's block", () => {
    expect(Buffer.from(lz4DecompressBlock(referenceBlock, referenceInput.length))).toEqual(referenceInput);
  });

  it('round-trips any input, smaller than its bound, and compresses repetition', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 3000 }), compressible), (input) => {
        const block = lz4CompressBlock(input);
        expect(block.length).toBeLessThanOrEqual(lz4CompressBound(input.length));
        expect(lz4DecompressBlock(block, input.length)).toEqual(input);
      }),
      { numRuns: 400 },
    );
    const rows = new TextEncoder().encode('{"sensor":"s-1","value":21.5},'.repeat(1000));
    expect(lz4CompressBlock(rows).length).toBeLessThan(rows.length / 20);
  });

  it('keeps the end-of-block rules: last 5 bytes literal, no match starting in the last 12', () => {
    fc.assert(
      fc.property(compressible, (input) => {
        const block = lz4CompressBlock(input);
        let ip = 0;
        let op = 0;
        for (;;) {
          const token = block[ip++]!;
          let literals = token >>> 4;
          if (literals === 15) for (let b = 255; b === 255; ) literals += b = block[ip++]!;
          ip += literals;
          op += literals;
          if (ip === block.length) break;
          expect(op).toBeLessThanOrEqual(input.length - 12);
          ip += 2;
          let match = (token & 15) + 4;
          if ((token & 15) === 15) for (let b = 255; b === 255; ) match += b = block[ip++]!;
          op += match;
          expect(op).toBeLessThanOrEqual(input.length - 5);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses damaged and random blocks with Lz4FormatError', () => {
    const cases: Array<[string, Uint8Array, number]> = [
      ['empty', new Uint8Array(0), 1],
      ['literals past the end', hex('50616263'), 5],
      ['offset 0', hex('10610000'), 10],
      ['offset before the start', hex('10610500'), 10],
      ['longer than announced', referenceBlock, referenceInput.length - 1],
      ['shorter than announced', referenceBlock, referenceInput.length + 1],
      ['a length that never ends', hex('f0ffffff'), 1000],
    ];
    for (const [what, block, length] of cases) expect(() => lz4DecompressBlock(block, length), what).toThrow(Lz4FormatError);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat({ max: 5000 }), (block, length) => {
        try {
          expect(lz4DecompressBlock(block, length).length).toBe(length);
        } catch (error) {
          expect(error).toBeInstanceOf(Lz4FormatError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
