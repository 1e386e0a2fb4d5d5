/**
 * A token as two int32 words, so the index compares tokens without touching a bigint.
 *
 *   high = the upper 32 bits, signed          (orders like the token's sign and magnitude)
 *   low  = the lower 32 bits XOR 0x80000000   (an unsigned word biased into signed range)
 *
 * With the bias, (high, low) compared as two signed int32 orders exactly like the signed
 * 64-bit token, so the hot comparison is two `!==` / `<` on small integers (PERF-NOTES.md:
 * compare the token as two int32 first, key bytes only on ties).
 */

import type { Token } from '../model/token.js';

const LOW_BIAS = 0x80000000 | 0;

/**
 * Splitting and assembling go through a DataView: storing a bigint there and loading words
 * allocates nothing, where shifting and masking bigints allocates a bigint per step.
 */
const assembly = new DataView(new ArrayBuffer(8));

export function tokenHigh(token: Token): number {
  assembly.setBigInt64(0, token);
  return assembly.getInt32(0);
}

export function tokenLowBiased(token: Token): number {
  assembly.setBigInt64(0, token);
  return assembly.getInt32(4) ^ LOW_BIAS;
}

export function tokenFromWords(high: number, lowBiased: number): Token {
  assembly.setInt32(0, high);
  assembly.setInt32(4, lowBiased ^ LOW_BIAS);
  return assembly.getBigInt64(0);
}

/** The token's real low word, as a signed int32 (the SSTable side keeps tokens this way). */
export function tokenLow(token: Token): number {
  assembly.setBigInt64(0, token);
  return assembly.getInt32(4);
}

/** The token of a signed high word and a real (unbiased) low word. */
export function tokenFromHighLow(high: number, low: number): Token {
  assembly.setInt32(0, high);
  assembly.setInt32(4, low);
  return assembly.getBigInt64(0);
}

/**
 * Orders two tokens given as (high, real low) words, as the signed 64-bit tokens order: the
 * low words compare unsigned, given signed or unsigned. Negative, zero or positive.
 */
export function compareTokenWords(highA: number, lowA: number, highB: number, lowB: number): number {
  if (highA !== highB) return highA < highB ? -1 : 1;
  // Either form of a low word (signed or unsigned 32-bit) compares as unsigned.
  const a = lowA >>> 0;
  const b = lowB >>> 0;
  return a === b ? 0 : a < b ? -1 : 1;
}

/** The token's real low word (as a signed int32) from its biased form. */
export function lowWordOf(lowBiased: number): number {
  return lowBiased ^ LOW_BIAS;
}

/** The biased low word from the four big-endian bytes at `at` (the token's second half). */
export function readLowBiased(bytes: Uint8Array, at: number): number {
  return readHigh(bytes, at) ^ LOW_BIAS;
}

/** The signed high word from the four big-endian bytes at `at` (the token's first half). */
export function readHigh(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
}
