/**
 * Distributions as cassandra-stress writes them, read into data:
 *
 *   fixed(N)                     always N
 *   uniform(MIN..MAX)            every value alike
 *   gaussian(MIN..MAX)           mean in the middle, stdev a sixth of the range
 *   gaussian(MIN..MAX,STDVRNG)   stdev = (mean - MIN) / STDVRNG
 *   gaussian(MIN..MAX,MEAN,STDEV)
 *   zipfian(MIN..MAX[,THETA])    YCSB's scrambled zipfian (theta 0.99): a few hot values
 *   seq(MIN..MAX)                each value in turn (populations only: `-pop seq=1..N`)
 *
 * Bounds take k/m/b suffixes (`uniform(1..1M)`).
 */

import { parseCount, parseDecimal } from '../options/option-numbers.js';
import { splitTopLevel } from '../options/option-tokens.js';
import { StressUsageError } from '../options/stress-usage-error.js';

export type DistributionSpec =
  | { readonly kind: 'fixed'; readonly value: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'gaussian'; readonly min: number; readonly max: number; readonly mean: number; readonly stdev: number }
  | { readonly kind: 'zipfian'; readonly min: number; readonly max: number; readonly theta: number }
  | { readonly kind: 'sequence'; readonly min: number; readonly max: number };

/** The default gaussian's stdev: the range's half-width over this. */
const GAUSSIAN_STDVRNG_DEFAULT = 3;
/** YCSB's zipfian constant. */
export const ZIPFIAN_THETA_DEFAULT = 0.99;

export function parseDistribution(text: string): DistributionSpec {
  const call = /^(\w+)\((.*)\)$/s.exec(text.trim());
  if (call === null) throw new StressUsageError(`cannot read distribution '${text}' (like uniform(1..1000) or gaussian(1..1000,500,100))`);
  const name = call[1]!.toLowerCase();
  const [first, ...extra] = splitTopLevel(call[2]!);
  if (first === undefined) throw new StressUsageError(`distribution '${text}' needs its bounds`);
  switch (name) {
    case 'fixed':
      expectArgs(text, extra, 0);
      return { kind: 'fixed', value: parseCount(first, `fixed value in '${text}'`) };
    case 'uniform':
      expectArgs(text, extra, 0);
      return { kind: 'uniform', ...parseRange(first, text) };
    case 'seq':
    case 'sequence':
      expectArgs(text, extra, 0);
      return { kind: 'sequence', ...parseRange(first, text) };
    case 'gaussian':
    case 'gauss':
    case 'normal':
    case 'norm': {
      const { min, max } = parseRange(first, text);
      const middle = (min + max) / 2;
      if (extra.length === 0) return { kind: 'gaussian', min, max, mean: middle, stdev: (middle - min) / GAUSSIAN_STDVRNG_DEFAULT };
      if (extra.length === 1) {
        const stdvrng = parseDecimal(extra[0]!, `stdvrng in '${text}'`);
        if (!(stdvrng > 0)) throw new StressUsageError(`stdvrng in '${text}' must be above zero`);
        return { kind: 'gaussian', min, max, mean: middle, stdev: (middle - min) / stdvrng };
      }
      expectArgs(text, extra, 2);
      const mean = parseDecimal(extra[0]!, `mean in '${text}'`);
      const stdev = parseDecimal(extra[1]!, `stdev in '${text}'`);
      if (!(stdev > 0)) throw new StressUsageError(`stdev in '${text}' must be above zero`);
      return { kind: 'gaussian', min, max, mean, stdev };
    }
    case 'zipf':
    case 'zipfian': {
      const { min, max } = parseRange(first, text);
      if (extra.length > 1) expectArgs(text, extra, 1);
      const theta = extra.length === 0 ? ZIPFIAN_THETA_DEFAULT : parseDecimal(extra[0]!, `theta in '${text}'`);
      if (!(theta > 0 && theta < 1)) throw new StressUsageError(`theta in '${text}' must be between 0 and 1`);
      return { kind: 'zipfian', min, max, theta };
    }
    default:
      throw new StressUsageError(`unknown distribution '${name}' in '${text}' (fixed, uniform, gaussian, zipfian, seq)`);
  }
}

/** The smallest and largest value a distribution gives. */
export function boundsOf(spec: DistributionSpec): { readonly min: number; readonly max: number } {
  return spec.kind === 'fixed' ? { min: spec.value, max: spec.value } : { min: spec.min, max: spec.max };
}

export function describeDistribution(spec: DistributionSpec): string {
  switch (spec.kind) {
    case 'fixed':
      return `fixed(${spec.value})`;
    case 'uniform':
      return `uniform(${spec.min}..${spec.max})`;
    case 'gaussian':
      return `gaussian(${spec.min}..${spec.max},${round(spec.mean)},${round(spec.stdev)})`;
    case 'zipfian':
      return `zipfian(${spec.min}..${spec.max},${spec.theta})`;
    case 'sequence':
      return `seq(${spec.min}..${spec.max})`;
  }
}

function parseRange(text: string, whole: string): { min: number; max: number } {
  const match = /^\s*(\S+?)\s*\.\.\s*(\S+)\s*$/.exec(text);
  if (match === null) throw new StressUsageError(`bounds in '${whole}' must read MIN..MAX`);
  const min = parseCount(match[1]!, `lower bound in '${whole}'`);
  const max = parseCount(match[2]!, `upper bound in '${whole}'`);
  if (max < min) throw new StressUsageError(`bounds in '${whole}' run backwards`);
  return { min, max };
}

function expectArgs(text: string, extra: readonly string[], count: number): void {
  if (extra.length !== count) throw new StressUsageError(`wrong number of arguments in '${text}'`);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
