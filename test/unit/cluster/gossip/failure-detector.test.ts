/**
 * Goal: the phi accrual detector convicts when and only when Cassandra's would.
 * Method: feed heartbeat arrivals on a manual clock and compare the moment of conviction
 * with the closed form PHI_FACTOR * silence / mean > threshold; check the window's edges
 * (first sample, ignored long gaps, bounded size) and the local-pause guard.
 */

import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/lib/clock.js';
import { ArrivalWindow } from '../../../../src/cluster/gossip/arrival-window.js';
import { asEndpoint } from '../../../../src/cluster/gossip/endpoint.js';
import { FailureDetector, PHI_FACTOR } from '../../../../src/cluster/gossip/failure-detector.js';
import { gossipLimits } from '../../../../src/cluster/gossip/gossip-limits.js';

const peer = asEndpoint('10.0.0.2:7000');

/** Heartbeats every `everyMs` for `count` arrivals, the detector consulted each second. */
function heartbeats(detector: FailureDetector, clock: ManualClock, count: number, everyMs: number): void {
  for (let i = 0; i < count; i++) {
    detector.report(peer);
    clock.advanceMs(everyMs);
    expect(detector.interpret(peer)).toBe('acquit');
  }
}

/** Seconds of silence until the detector, asked once a second, convicts. */
function secondsToConviction(detector: FailureDetector, clock: ManualClock): number {
  for (let second = 1; second <= 600; second++) {
    clock.advanceMs(1_000);
    if (detector.interpret(peer) === 'convict') return second;
  }
  throw new Error('never convicted');
}

describe('ArrivalWindow', () => {
  it('starts from the initial interval, then averages real intervals', () => {
    const window = new ArrivalWindow(1_000, 2_000, 2_000);
    window.add(10_000);
    expect(window.meanMs()).toBe(2_000);
    window.add(11_000);
    window.add(11_500);
    expect(window.meanMs()).toBe((2_000 + 1_000 + 500) / 3);
    expect(window.phi(12_500)).toBeCloseTo(1_000 / window.meanMs());
  });

  it('ignores intervals longer than the maximum, but restarts the clock from them', () => {
    const window = new ArrivalWindow(1_000, 2_000, 2_000);
    window.add(0);
    window.add(30_000);
    expect(window.size()).toBe(1);
    expect(window.phi(31_000)).toBeCloseTo(1_000 / 2_000);
  });

  it('keeps only the last samplesMax intervals', () => {
    const window = new ArrivalWindow(3, 2_000, 10_000);
    let t = 0;
    window.add(t);
    for (const interval of [100, 200, 300, 400]) window.add((t += interval));
    expect(window.size()).toBe(3);
    expect(window.meanMs()).toBe((200 + 300 + 400) / 3);
  });
});

describe('FailureDetector', () => {
  it('convicts after PHI_FACTOR * silence / mean exceeds 8: about 19 s at one heartbeat a second', () => {
    const clock = new ManualClock(1_000_000);
    const detector = new FailureDetector(clock, 8);
    heartbeats(detector, clock, 100, 1_000);
    // The last report was 1 s ago; the mean is (2000 + 99 * 1000) / 100 ms.
    const meanMs = (2_000 + 99 * 1_000) / 100;
    const silenceNeededMs = (8 / PHI_FACTOR) * meanMs;
    const seconds = secondsToConviction(detector, clock);
    expect(seconds + 1).toBe(Math.floor(silenceNeededMs / 1_000) + 1);
    expect(seconds + 1).toBeGreaterThanOrEqual(18);
    expect(seconds + 1).toBeLessThanOrEqual(19);
  });

  it('a lower threshold convicts sooner; faster heartbeats convict sooner', () => {
    const slow = new ManualClock(0);
    const lenient = new FailureDetector(slow, 8);
    heartbeats(lenient, slow, 50, 1_000);
    const strictClock = new ManualClock(0);
    const strict = new FailureDetector(strictClock, 4);
    heartbeats(strict, strictClock, 50, 1_000);
    expect(secondsToConviction(strict, strictClock)).toBeLessThan(secondsToConviction(lenient, slow));

    const fastClock = new ManualClock(0);
    const fast = new FailureDetector(fastClock, 8);
    heartbeats(fast, fastClock, 500, 200);
    expect(secondsToConviction(fast, fastClock)).toBeLessThanOrEqual(5);
  });

  it('does not convict an endpoint it never heard from, and forgets a removed one', () => {
    const clock = new ManualClock(0);
    const detector = new FailureDetector(clock, 8);
    clock.advanceMs(100_000);
    expect(detector.interpret(peer)).toBe('acquit');
    expect(detector.phi(peer)).toBeUndefined();
    detector.report(peer);
    clock.advanceMs(60_000);
    expect(detector.phi(peer)).toBeGreaterThan(8);
    detector.remove(peer);
    expect(detector.interpret(peer)).toBe('acquit');
  });

  it('after a local pause convicts nobody for localPauseMsMax, then resumes', () => {
    const clock = new ManualClock(0);
    const detector = new FailureDetector(clock, 8);
    heartbeats(detector, clock, 20, 1_000);
    // Our own rounds stop for 30 s: every peer looks silent, none is to blame yet.
    clock.advanceMs(30_000);
    expect(detector.interpret(peer)).toBe('acquit');
    clock.advanceMs(1_000);
    expect(detector.interpret(peer)).toBe('acquit');
    clock.advanceMs(gossipLimits.localPauseMsMax);
    expect(detector.interpret(peer)).toBe('convict');
  });

  it('phi is reported on the threshold scale', () => {
    const clock = new ManualClock(0);
    const detector = new FailureDetector(clock, 8);
    detector.report(peer);
    clock.advanceMs(4_000);
    expect(detector.phi(peer)).toBeCloseTo(PHI_FACTOR * (4_000 / gossipLimits.arrivalIntervalInitialMs));
  });
});
