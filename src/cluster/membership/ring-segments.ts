/**
 * The ring cut at every token of several rings at once. Between two consecutive cut points no
 * ring has a token, so each ring gives the whole segment one replica set, and comparing the
 * sets of two rings segment by segment says exactly which token ranges change replicas:
 *
 *   ring before:     a               b                 c
 *   ring after:      a       j       b         j       c
 *   segments:   ...](a, j](j, b](b, j'](j', c](c, a]...      (each (left, right], the first wraps)
 *
 * A segment's replicas are those of its right end (the first ring token at or after it is
 * the same for every token of the segment, in every ring).
 */

import { assert } from '../../lib/assert.js';
import type { Token } from '../../storage/model/token.js';
import { compareTokens, type TokenMetadata } from '../ring/token-metadata.js';
import { TokenRange } from '../ring/token-range.js';

/** Every token of the rings, ascending, once each. */
export function cutPoints(rings: readonly TokenMetadata[]): readonly Token[] {
  const tokens = new Set<Token>();
  for (const ring of rings) for (const token of ring.sortedTokens()) tokens.add(token);
  return [...tokens].sort(compareTokens);
}

/** The segment ending at cutPoints[index]: (previous point, that point], the first wrapping. */
export function segmentAt(points: readonly Token[], index: number): TokenRange {
  const right = points[index];
  assert(right !== undefined, `segment ${index} of ${points.length}`);
  const left = points[index === 0 ? points.length - 1 : index - 1]!;
  return TokenRange.create(left, right);
}

/** Index of the segment holding `token`: the first point >= token, wrapping to 0. */
export function segmentIndexFor(points: readonly Token[], token: Token): number {
  assert(points.length > 0, 'no segments');
  let low = 0;
  let high = points.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (points[mid]! < token) low = mid + 1;
    else high = mid;
  }
  return low === points.length ? 0 : low;
}
