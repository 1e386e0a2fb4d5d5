/**
 * The `speculative_retry` table option as Cassandra's SpeculativeRetryPolicy.fromString reads
 * it, kept as the text Cassandra prints back (its policies' toString):
 *
 *   ALWAYS                   ALWAYS
 *   NEVER, NONE              NEVER
 *   <p>p, <p>percentile      <p>p, 0 < p < 100, at most 4 decimals ('99.0PERCENTILE' -> '99p')
 *   <n>ms                    <n as an int>ms
 *   MIN(a, b), MAX(a, b)     MIN(<percentile>,<fixed>): one percentile and one fixed policy
 *
 * In a cluster the read coordinator speculates by it (src/cluster/coordinator/speculative-retry.ts):
 * a replica that has not answered by the threshold gets one more replica asked beside it.
 */

import { InvalidRequestError } from '../../lib/errors.js';

export const DEFAULT_SPECULATIVE_RETRY = '99p';

const PERCENTILE = /^([0-9.]+)p(ercentile)?$/i;
const FIXED = /^([0-9.]+)ms$/i;
const HYBRID = /^(MIN|MAX)\(([0-9.]+[a-z]+)\s*,\s*([0-9.]+[a-z]+)\)$/i;

/** SpeculativeRetryPolicy.Kind and the policy's text. */
type Policy = { readonly kind: 'NEVER' | 'FIXED' | 'PERCENTILE' | 'HYBRID' | 'ALWAYS'; readonly text: string };

export function speculativeRetryFrom(text: string): string {
  return policyOf(text).text;
}

/** A policy as the read coordinator applies it. */
export type SpeculativeRetryPolicy =
  | { readonly kind: 'NEVER' }
  | { readonly kind: 'ALWAYS' }
  | { readonly kind: 'FIXED'; readonly ms: number }
  | { readonly kind: 'PERCENTILE'; readonly percentile: number }
  | { readonly kind: 'HYBRID'; readonly take: 'MIN' | 'MAX'; readonly percentile: number; readonly ms: number };

/** The policy of a valid option text (as speculativeRetryFrom keeps it). */
export function speculativeRetryPolicy(text: string): SpeculativeRetryPolicy {
  const canonical = policyOf(text).text;
  if (canonical === 'ALWAYS' || canonical === 'NEVER') return { kind: canonical };
  const hybrid = /^(MIN|MAX)\(([0-9.]+)p,([0-9]+)ms\)$/.exec(canonical);
  if (hybrid !== null) return { kind: 'HYBRID', take: hybrid[1] as 'MIN' | 'MAX', percentile: Number(hybrid[2]), ms: Number(hybrid[3]) };
  if (canonical.endsWith('ms')) return { kind: 'FIXED', ms: Number(canonical.slice(0, -2)) };
  return { kind: 'PERCENTILE', percentile: Number(canonical.slice(0, -1)) };
}

function policyOf(text: string): Policy {
  const invalid = (): InvalidRequestError => new InvalidRequestError(`Invalid value ${text} for option 'speculative_retry'`);
  if (/^always$/i.test(text)) return { kind: 'ALWAYS', text: 'ALWAYS' };
  if (/^(never|none)$/i.test(text)) return { kind: 'NEVER', text: 'NEVER' };
  const percentile = PERCENTILE.exec(text);
  if (percentile !== null) {
    const value = javaParseDouble(percentile[1]!);
    if (value === null) throw invalid();
    if (value <= 0 || value >= 100) {
      throw new InvalidRequestError(`Invalid value ${text} for PERCENTILE option 'speculative_retry': must be between (0.0 and 100.0)`);
    }
    return { kind: 'PERCENTILE', text: `${Number(value.toFixed(4))}p` };
  }
  const fixed = FIXED.exec(text);
  if (fixed !== null) {
    const value = javaParseDouble(fixed[1]!);
    if (value === null) throw invalid();
    // Parsed as a double, kept as an int, as Cassandra always did.
    return { kind: 'FIXED', text: `${Math.min(Math.trunc(value), 2 ** 31 - 1)}ms` };
  }
  const hybrid = HYBRID.exec(text);
  if (hybrid !== null) {
    let first: Policy;
    let second: Policy;
    try {
      first = policyOf(hybrid[2]!);
      second = policyOf(hybrid[3]!);
    } catch {
      throw invalid();
    }
    if (first.kind === second.kind) {
      throw new InvalidRequestError(
        `Invalid value ${text} for option 'speculative_retry': MIN()/MAX() arguments should be of different types, but both are of type ${first.kind}`,
      );
    }
    const percentilePart = first.kind === 'PERCENTILE' ? first : second;
    const fixedPart = first.kind === 'FIXED' ? first : second;
    if (percentilePart.kind !== 'PERCENTILE' || fixedPart.kind !== 'FIXED') throw invalid();
    return { kind: 'HYBRID', text: `${hybrid[1]!.toUpperCase()}(${percentilePart.text},${fixedPart.text})` };
  }
  throw invalid();
}

/** Double.parseDouble of digits and dots: null where Java throws (`1.2.3`, `.`). */
function javaParseDouble(text: string): number | null {
  return /^(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : null;
}
