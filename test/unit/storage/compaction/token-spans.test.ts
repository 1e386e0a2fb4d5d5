import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeTokenSpans, spansContain, spansCover, spansMeet, type TokenSpan } from '../../../../src/storage/compaction/token-spans.js';

const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;

/** Small tokens so spans overlap, touch and leave gaps often. */
const token = fc.bigInt({ min: -40n, max: 40n });
const span: fc.Arbitrary<TokenSpan> = fc
  .record({ start: fc.option(token, { nil: undefined }), end: fc.option(token, { nil: undefined }) })
  .map(({ start, end }) => ({ ...(start === undefined ? {} : { startToken: start }), ...(end === undefined ? {} : { endToken: end }) }));

/** The definition, span by span, on the raw (unnormalized) list. */
function inAny(spans: readonly TokenSpan[], t: bigint): boolean {
  return spans.some((s) => (s.startToken === undefined || t > s.startToken) && (s.endToken === undefined || t <= s.endToken));
}

describe('token spans', () => {
  it('normalizing keeps exactly the same tokens, in sorted disjoint spans', () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 8 }), fc.array(token, { minLength: 1, maxLength: 20 }), (spans, probes) => {
        const normal = normalizeTokenSpans(spans);
        for (const t of [...probes, MIN + 1n, MAX]) expect(spansContain(normal, t)).toBe(inAny(spans, t));
        for (let i = 1; i < normal.length; i++) {
          // Disjoint and not touching: the previous one ends strictly before this one starts.
          expect(normal[i - 1]!.endToken! < normal[i]!.startToken!).toBe(true);
        }
      }),
    );
  });

  it('cover and meet agree with asking every token of the interval', () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 6 }), token, fc.nat(12), (spans, min, width) => {
        const normal = normalizeTokenSpans(spans);
        const max = min + BigInt(width);
        const inside: boolean[] = [];
        for (let t = min; t <= max; t++) inside.push(spansContain(normal, t));
        expect(spansCover(normal, min, max)).toBe(inside.every(Boolean));
        expect(spansMeet(normal, min, max)).toBe(inside.some(Boolean));
      }),
    );
  });

  it('an unbounded span keeps the whole ring; none keeps nothing', () => {
    expect(spansCover(normalizeTokenSpans([{}]), MIN + 1n, MAX)).toBe(true);
    expect(spansMeet([], MIN + 1n, MAX)).toBe(false);
    expect(spansContain(normalizeTokenSpans([{ startToken: 5n, endToken: 5n }]), 5n)).toBe(false);
  });
});
