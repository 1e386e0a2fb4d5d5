import { describe, expect, it } from 'vitest';
import { SpeculativeRetry } from '../../../../src/cluster/coordinator/speculative-retry.js';
import { speculativeRetryPolicy } from '../../../../src/cql/schema/speculative-retry.js';

describe('speculativeRetryPolicy', () => {
  it('reads every form Cassandra accepts', () => {
    expect(speculativeRetryPolicy('ALWAYS')).toEqual({ kind: 'ALWAYS' });
    expect(speculativeRetryPolicy('none')).toEqual({ kind: 'NEVER' });
    expect(speculativeRetryPolicy('99PERCENTILE')).toEqual({ kind: 'PERCENTILE', percentile: 99 });
    expect(speculativeRetryPolicy('99.5p')).toEqual({ kind: 'PERCENTILE', percentile: 99.5 });
    expect(speculativeRetryPolicy('25.7ms')).toEqual({ kind: 'FIXED', ms: 25 });
    expect(speculativeRetryPolicy('min(90p, 5ms)')).toEqual({ kind: 'HYBRID', take: 'MIN', percentile: 90, ms: 5 });
    expect(speculativeRetryPolicy('MAX(5ms,90p)')).toEqual({ kind: 'HYBRID', take: 'MAX', percentile: 90, ms: 5 });
  });
});

describe('SpeculativeRetry.delayMs', () => {
  const TIMEOUT = 5000;

  it('never, at once, or after a fixed delay; never past the read timeout', () => {
    const retry = new SpeculativeRetry();
    expect(retry.delayMs(1, 'NEVER', TIMEOUT)).toBeNull();
    expect(retry.delayMs(1, 'ALWAYS', TIMEOUT)).toBe(0);
    expect(retry.delayMs(1, '40ms', TIMEOUT)).toBe(40);
    expect(retry.delayMs(1, '6000ms', TIMEOUT)).toBeNull();
  });

  it("a percentile follows the samples of that table; without any it is half the timeout (Cassandra's starting value)", () => {
    const retry = new SpeculativeRetry();
    expect(retry.delayMs(1, '99p', TIMEOUT)).toBe(TIMEOUT / 2);
    for (let i = 1; i <= 100; i++) retry.record(1, i);
    expect(retry.delayMs(1, '99p', TIMEOUT)).toBe(99);
    expect(retry.delayMs(1, '50p', TIMEOUT)).toBe(50);
    expect(retry.delayMs(2, '50p', TIMEOUT)).toBe(TIMEOUT / 2);
    expect(retry.delayMs(1, 'MIN(99p,10ms)', TIMEOUT)).toBe(10);
    expect(retry.delayMs(1, 'MAX(99p,10ms)', TIMEOUT)).toBe(99);
    // Without samples a hybrid's percentile is half the timeout.
    expect(retry.delayMs(2, 'MIN(99p,10ms)', TIMEOUT)).toBe(10);
    expect(retry.delayMs(2, 'MAX(99p,10ms)', TIMEOUT)).toBe(TIMEOUT / 2);
  });

  it('forgets old latencies: the percentile moves to the recent ones', () => {
    const retry = new SpeculativeRetry();
    for (let i = 0; i < 1024; i++) retry.record(1, 500);
    expect(retry.delayMs(1, '50p', TIMEOUT)).toBe(500);
    for (let i = 0; i < 1024; i++) retry.record(1, 2);
    expect(retry.delayMs(1, '50p', TIMEOUT)).toBe(2);
  });
});
