import { describe, expect, it } from 'vitest';
import { createCompactionStrategy } from '../../../../src/storage/compaction/create-compaction-strategy.js';
import { TimeWindowCompactionStrategy } from '../../../../src/storage/compaction/time-window-strategy.js';
import { fakeSSTable, generations, MiB } from './fake-sstables.js';

const HOUR_MICROS = 3_600_000_000n;
const twcs = () =>
  createCompactionStrategy({ class: 'TimeWindowCompactionStrategy', compaction_window_unit: 'HOURS', compaction_window_size: '1' });
const at = (generation: number, hour: number, sizeOnDisk = MiB) =>
  fakeSSTable({ generation, sizeOnDisk, minTimestamp: BigInt(hour) * HOUR_MICROS, maxTimestamp: BigInt(hour) * HOUR_MICROS + 5n });

describe('TimeWindowCompactionStrategy', () => {
  it('buckets by the window of the max timestamp', () => {
    const strategy = twcs() as TimeWindowCompactionStrategy;
    expect(strategy.windowOf(2n * HOUR_MICROS + 1n)).toBe(7200n);
    expect(strategy.windowOf(2n * HOUR_MICROS - 1n)).toBe(3600n);
    expect(strategy.windowOf(-1n)).toBe(-3600n);
  });

  it('merges every sstable of a closed window into one, newest closed window first', () => {
    const plan = twcs().nextTask([at(1, 1), at(2, 1), at(3, 2), at(4, 2), at(5, 5)], 0);
    expect(generations(plan)).toEqual([3, 4]);
    expect(plan?.outputLevel).toBe(0);
  });

  it('runs size-tiered inside the newest window', () => {
    const strategy = twcs();
    expect(strategy.nextTask([at(1, 9), at(2, 9), at(3, 9)], 0)).toBeNull();
    expect(generations(strategy.nextTask([at(1, 9), at(2, 9), at(3, 9), at(4, 9)], 0))).toEqual([1, 2, 3, 4]);
    // A lone sstable in an old window needs nothing.
    expect(strategy.nextTask([at(1, 3), at(2, 9)], 0)).toBeNull();
  });

  it('accepts minutes and days windows', () => {
    const days = createCompactionStrategy({ class: 'TimeWindowCompactionStrategy' }) as TimeWindowCompactionStrategy;
    expect(days.windowOf(86_400_000_000n * 3n + 7n)).toBe(3n * 86_400n);
    const minutes = createCompactionStrategy({
      class: 'TimeWindowCompactionStrategy',
      compaction_window_unit: 'minutes',
      compaction_window_size: '5',
      timestamp_resolution: 'MILLISECONDS',
    }) as TimeWindowCompactionStrategy;
    expect(minutes.windowOf(301_000n)).toBe(300n);
  });
});
