import { describe, expect, it } from 'vitest';
import { InvalidCompactionOptionsError } from '../../../../src/storage/compaction/compaction-options.js';
import { createCompactionStrategy } from '../../../../src/storage/compaction/create-compaction-strategy.js';
import { SizeTieredCompactionStrategy } from '../../../../src/storage/compaction/size-tiered-strategy.js';
import { fakeSSTable } from './fake-sstables.js';

describe('createCompactionStrategy', () => {
  it('defaults to size-tiered with Cassandra defaults and accepts qualified class names', () => {
    const strategy = createCompactionStrategy() as SizeTieredCompactionStrategy;
    expect(strategy).toBeInstanceOf(SizeTieredCompactionStrategy);
    expect(strategy.options).toMatchObject({ minThreshold: 4, maxThreshold: 32, bucketLow: 0.5, bucketHigh: 1.5, minSSTableSizeBytes: 50 * 1024 * 1024 });
    const qualified = createCompactionStrategy({ class: 'org.apache.cassandra.db.compaction.LeveledCompactionStrategy' });
    expect(qualified.name).toBe('LeveledCompactionStrategy');
  });

  it.each([
    [{ class: 'DateTieredCompactionStrategy' }, /unknown compaction class/],
    [{ class: 'SizeTieredCompactionStrategy', min_threshold: '1' }, /min_threshold must be between 2/],
    [{ class: 'SizeTieredCompactionStrategy', min_threshold: '8', max_threshold: '4' }, /max_threshold \(4\) cannot be smaller/],
    [{ class: 'SizeTieredCompactionStrategy', bucket_low: '2' }, /bucket_low \(2\) must be smaller than bucket_high/],
    [{ class: 'SizeTieredCompactionStrategy', min_threshold: 'four' }, /must be an integer/],
    [{ class: 'LeveledCompactionStrategy', sstable_size_in_mb: '0' }, /sstable_size_in_mb/],
    [{ class: 'LeveledCompactionStrategy', bucket_low: '0.5' }, /Properties specified \[bucket_low\] are not understood/],
    [{ class: 'TimeWindowCompactionStrategy', compaction_window_unit: 'WEEKS' }, /one of MINUTES, HOURS, DAYS/],
    [{ class: 'SizeTieredCompactionStrategy', enabled: 'maybe' }, /true or false/],
  ])('rejects %j', (input, message) => {
    expect(() => createCompactionStrategy(input)).toThrow(InvalidCompactionOptionsError);
    expect(() => createCompactionStrategy(input)).toThrow(message);
  });

  it('plans nothing when disabled', () => {
    const strategy = createCompactionStrategy({ class: 'SizeTieredCompactionStrategy', enabled: 'false' });
    const sstables = [1, 2, 3, 4, 5].map((generation) => fakeSSTable({ generation }));
    expect(strategy.nextTask(sstables, 0)).toBeNull();
  });
});
