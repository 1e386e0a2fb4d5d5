// The benchmarks' load shapes: what the latencies they report count from.

import { describe, expect, it } from 'vitest';
import { fixedRate } from '../../../bench/lib/load.js';

describe('fixedRate', () => {
  it('keeps its rate, and never counts a latency from a slot later than the send', async () => {
    // 2,000/s is a slot every 0.5 ms: timers are ~1 ms coarse, so most requests leave before their slot.
    const result = await fixedRate(400, 2000, () => Promise.resolve());
    expect(result.operations).toBe(400);
    expect(result.ratePerS).toBeGreaterThan(500);
    expect(result.ratePerS).toBeLessThan(2400);
    expect(result.latenciesMs[0]).toBeGreaterThanOrEqual(0);
  });
});
