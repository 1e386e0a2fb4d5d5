/**
 * The smallest and largest of a set of int64 values (write timestamps), kept as token-words
 * pairs (token-words.ts: signed high word, biased low word) so the walks over encoded records
 * compare small integers and build a bigint only when asked. Empty, min is the largest int64
 * and max the smallest, so adding or including anything moves both.
 */

import { readHigh, readLowBiased, tokenFromWords } from './token-words.js';

const WORD_MAX = 0x7fffffff;
const WORD_MIN = -0x80000000;

export class Int64WordRange {
  minHigh = WORD_MAX;
  minLow = WORD_MAX;
  maxHigh = WORD_MIN;
  maxLow = WORD_MIN;

  clear(): void {
    this.minHigh = WORD_MAX;
    this.minLow = WORD_MAX;
    this.maxHigh = WORD_MIN;
    this.maxLow = WORD_MIN;
  }

  /** Whether nothing was added (min still above max). */
  isEmpty(): boolean {
    return this.minHigh > this.maxHigh || (this.minHigh === this.maxHigh && this.minLow > this.maxLow);
  }

  /** Adds the big-endian int64 at `bytes[at]`. */
  addAt(bytes: Uint8Array, at: number): void {
    this.add(readHigh(bytes, at), readLowBiased(bytes, at + 4));
  }

  add(high: number, lowBiased: number): void {
    this.lowerMin(high, lowBiased);
    this.raiseMax(high, lowBiased);
  }

  /** Widens this range to cover `other` too (an empty `other` changes nothing). */
  include(other: Int64WordRange): void {
    this.lowerMin(other.minHigh, other.minLow);
    this.raiseMax(other.maxHigh, other.maxLow);
  }

  private lowerMin(high: number, lowBiased: number): void {
    if (high < this.minHigh || (high === this.minHigh && lowBiased < this.minLow)) {
      this.minHigh = high;
      this.minLow = lowBiased;
    }
  }

  private raiseMax(high: number, lowBiased: number): void {
    if (high > this.maxHigh || (high === this.maxHigh && lowBiased > this.maxLow)) {
      this.maxHigh = high;
      this.maxLow = lowBiased;
    }
  }

  /** The smallest value; the largest int64 when empty. */
  min(): bigint {
    return tokenFromWords(this.minHigh, this.minLow);
  }

  /** The largest value; the smallest int64 when empty. */
  max(): bigint {
    return tokenFromWords(this.maxHigh, this.maxLow);
  }
}
