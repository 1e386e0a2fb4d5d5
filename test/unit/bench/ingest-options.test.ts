/**
 * Goal: the ingest benchmark warms up as cassandra-stress does unless told not to.
 * Method: parse command lines; check the warm-up size rule (25% of the operations, at most 50k).
 */

import { describe, expect, it } from 'vitest';
import { parseIngestOptions, UsageError } from '../../../bench/macro/ingest-options.js';
import { warmupCount } from '../../../bench/lib/stress-warmup.js';

describe('ingest benchmark options', () => {
  it('warms up by default and measures cold with --no-warmup', () => {
    expect(parseIngestOptions([]).warmup).toBe(true);
    expect(parseIngestOptions(['--no-warmup']).warmup).toBe(false);
  });

  it('defaults to 1M rows and at most 100k reads, and refuses unknown flags', () => {
    expect(parseIngestOptions([]).rows).toBe(1_000_000);
    expect(parseIngestOptions(['--rows', '2000']).reads).toBe(2000);
    expect(parseIngestOptions([]).reads).toBe(100_000);
    expect(() => parseIngestOptions(['--warmup-rows', '5'])).toThrow();
    expect(() => parseIngestOptions(['--rows', '0'])).toThrow(UsageError);
  });
});

describe('warmupCount', () => {
  it('is a quarter of the operations, capped at 50,000', () => {
    expect(warmupCount(100_000)).toBe(25_000);
    expect(warmupCount(1_000_000)).toBe(50_000);
    expect(warmupCount(10_000_000)).toBe(50_000);
    expect(warmupCount(3)).toBe(0);
  });
});
