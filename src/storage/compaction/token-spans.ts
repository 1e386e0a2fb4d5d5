/**
 * Token spans: the ranges of the ring a cleanup keeps, as the storage engine takes them.
 * A span is (startToken, endToken], as a scan's bounds are (ScanRange): left-exclusive,
 * right-inclusive, an absent end unbounded, never wrapping. The cluster unwraps its ring
 * ranges into spans before it asks (cluster/admin/cleanup-command.ts).
 *
 * Normalized spans are sorted and disjoint, adjacent ones merged, so "is this token kept?" is
 * one binary search, and "is this SSTable's [minToken, maxToken] wholly kept?" asks whether
 * one span holds both ends. Plain data: spans cross to the storage threads and the
 * compaction pool by structured clone.
 */

import { assert } from '../../lib/assert.js';

export interface TokenSpan {
  /** Exclusive; absent = from the ring's start. */
  readonly startToken?: bigint;
  /** Inclusive; absent = to the ring's end. */
  readonly endToken?: bigint;
}

/** Spans at most: a ring of 256 nodes x 256 vnodes, every range its own span, and then some. */
export const TOKEN_SPANS_MAX = 1 << 20;

const LOWEST = -(2n ** 63n) - 1n;
const HIGHEST = 2n ** 63n;

function lower(span: TokenSpan): bigint {
  return span.startToken ?? LOWEST;
}

function upper(span: TokenSpan): bigint {
  return span.endToken ?? HIGHEST;
}

/** Sorted, disjoint, adjacent spans merged, empty ones dropped. */
export function normalizeTokenSpans(spans: readonly TokenSpan[]): TokenSpan[] {
  assert(spans.length <= TOKEN_SPANS_MAX, `${spans.length} token spans`);
  const sorted = spans.filter((span) => lower(span) < upper(span)).sort((a, b) => (lower(a) < lower(b) ? -1 : lower(a) > lower(b) ? 1 : 0));
  const merged: Array<{ low: bigint; high: bigint }> = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    // (a, b] and (c, d] with c <= b touch or overlap: one span (a, max(b, d)].
    if (last !== undefined && lower(span) <= last.high) last.high = upper(span) > last.high ? upper(span) : last.high;
    else merged.push({ low: lower(span), high: upper(span) });
  }
  return merged.map(({ low, high }) => ({
    ...(low === LOWEST ? {} : { startToken: low }),
    ...(high === HIGHEST ? {} : { endToken: high }),
  }));
}

/** Whether normalized `spans` hold `token`. */
export function spansContain(spans: readonly TokenSpan[], token: bigint): boolean {
  const index = firstSpanEndingAtOrAfter(spans, token);
  return index < spans.length && lower(spans[index]!) < token;
}

/** Whether one of normalized `spans` holds every token of the closed interval [min, max]. */
export function spansCover(spans: readonly TokenSpan[], min: bigint, max: bigint): boolean {
  assert(min <= max, `interval [${min}, ${max}] is empty`);
  const index = firstSpanEndingAtOrAfter(spans, max);
  return index < spans.length && lower(spans[index]!) < min;
}

/** Whether normalized `spans` hold some token of the closed interval [min, max]. */
export function spansMeet(spans: readonly TokenSpan[], min: bigint, max: bigint): boolean {
  assert(min <= max, `interval [${min}, ${max}] is empty`);
  const index = firstSpanEndingAtOrAfter(spans, min);
  return index < spans.length && lower(spans[index]!) < max;
}

/** The first span whose upper end is at or past `token` (binary search; spans.length if none). */
function firstSpanEndingAtOrAfter(spans: readonly TokenSpan[], token: bigint): number {
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (upper(spans[middle]!) < token) low = middle + 1;
    else high = middle;
  }
  return low;
}
