import { describe, expect, it } from 'vitest';
import { compareTokenWords, tokenFromHighLow, tokenHigh, tokenLow } from '../../../../src/storage/memtable/token-words.js';

const TOKENS = [-(2n ** 63n), -(2n ** 32n) - 1n, -42n, -1n, 0n, 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 63n - 1n];

describe('token words', () => {
  it('split a token into its high and real low word and back', () => {
    for (const token of TOKENS) expect(tokenFromHighLow(tokenHigh(token), tokenLow(token))).toBe(token);
  });

  it('order words as the tokens order, whether a low word is given signed or unsigned', () => {
    for (const a of TOKENS) {
      for (const b of TOKENS) {
        const expected = a < b ? -1 : a > b ? 1 : 0;
        expect(Math.sign(compareTokenWords(tokenHigh(a), tokenLow(a), tokenHigh(b), tokenLow(b) >>> 0))).toBe(expected);
      }
    }
  });
});
