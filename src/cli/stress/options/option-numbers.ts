/**
 * The number forms cassandra-stress reads: counts with k/m/b suffixes (`n=1M`, `1..10k`),
 * durations with a unit (`duration=60s`, `5m`, `2h`, `500ms`), rates (`fixed=1000/s`).
 */

import { StressUsageError } from './stress-usage-error.js';

const COUNT_SUFFIXES: Readonly<Record<string, number>> = { '': 1, k: 1e3, m: 1e6, b: 1e9 };
const DURATION_UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A whole count, 1M = 1,000,000. */
export function parseCount(text: string, what: string): number {
  const match = /^(\d+(?:\.\d+)?(?:e\d+)?)([kmb]?)$/i.exec(text.trim());
  const value = match === null ? NaN : Number(match[1]) * COUNT_SUFFIXES[match[2]!.toLowerCase()]!;
  if (!Number.isSafeInteger(value)) throw new StressUsageError(`${what} must be a whole number (like 1000 or 1M), not '${text}'`);
  return value;
}

export function parsePositiveCount(text: string, what: string): number {
  const value = parseCount(text, what);
  if (value < 1) throw new StressUsageError(`${what} must be at least 1, not '${text}'`);
  return value;
}

/** A number that may be a fraction (a mean, a stdev, a ratio weight), with a k/m/b suffix too. */
export function parseDecimal(text: string, what: string): number {
  const match = /^(-?\d*\.?\d+(?:e-?\d+)?)([kmb]?)$/i.exec(text.trim());
  const value = match === null ? NaN : Number(match[1]) * COUNT_SUFFIXES[match[2]!.toLowerCase()]!;
  if (!Number.isFinite(value)) throw new StressUsageError(`${what} must be a number, not '${text}'`);
  return value;
}

/** Milliseconds of `60s`, `5m`, `2h`, `500ms` (a bare number is seconds, as cassandra-stress reads it). */
export function parseDurationMs(text: string, what: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/i.exec(text.trim());
  if (match === null) throw new StressUsageError(`${what} must be a duration like 60s, 5m or 500ms, not '${text}'`);
  const ms = Number(match[1]) * DURATION_UNITS_MS[(match[2] ?? 's').toLowerCase()]!;
  if (!(ms > 0)) throw new StressUsageError(`${what} must be longer than zero, not '${text}'`);
  return ms;
}

/** Operations per second of `1000/s`, `1000` or `60/m`. */
export function parseRatePerSecond(text: string, what: string): number {
  const match = /^(\d+(?:\.\d+)?[kmb]?)(?:\/(s|m|ms))?$/i.exec(text.trim());
  if (match === null) throw new StressUsageError(`${what} must be a rate like 1000/s, not '${text}'`);
  const count = Number(match[1]!.replace(/[kmb]$/i, '')) * COUNT_SUFFIXES[(/[kmb]$/i.exec(match[1]!)?.[0] ?? '').toLowerCase()]!;
  const perSecond = count * (1000 / DURATION_UNITS_MS[(match[2] ?? 's').toLowerCase()]!);
  if (!(perSecond > 0)) throw new StressUsageError(`${what} must be above zero, not '${text}'`);
  return perSecond;
}
