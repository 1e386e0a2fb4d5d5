import { describe, expect, it } from 'vitest';
import { createCompactionStrategy } from '../../../../src/storage/compaction/create-compaction-strategy.js';
import type { SSTableInfo } from '../../../../src/storage/compaction/sstable-info.js';
import { fakeSSTable, generations, MiB } from './fake-sstables.js';

const NOW_MS = 1_000_000;
const lcs = () => createCompactionStrategy({ class: 'LeveledCompactionStrategy', sstable_size_in_mb: '10', fanout_size: '10' });

describe('LeveledCompactionStrategy', () => {
  it('compacts L0 into L1 once four sstables sit in L0, with the L1 sstables they overlap', () => {
    const strategy = lcs();
    const level0 = [1, 2, 3].map((generation) =>
      fakeSSTable({ generation, sizeOnDisk: 5 * MiB, minToken: BigInt(generation * 10), maxToken: BigInt(generation * 10 + 50) }),
    );
    const level1 = [
      fakeSSTable({ generation: 20, level: 1, sizeOnDisk: 10 * MiB, minToken: 0n, maxToken: 15n }),
      fakeSSTable({ generation: 21, level: 1, sizeOnDisk: 10 * MiB, minToken: 100n, maxToken: 200n }),
    ];
    expect(strategy.nextTask([...level0, ...level1], NOW_MS)).toBeNull();
    const fourth = fakeSSTable({ generation: 4, sizeOnDisk: 5 * MiB, minToken: 40n, maxToken: 90n });
    const plan = strategy.nextTask([...level0, fourth, ...level1], NOW_MS);
    expect(generations(plan)).toEqual([1, 2, 3, 4, 20]);
    expect(plan?.outputLevel).toBe(1);
    expect(plan?.maxOutputBytes).toBe(10 * MiB);
  });

  it('keeps small L0 merges in L0', () => {
    const level0 = [1, 2, 3, 4].map((generation) => fakeSSTable({ generation, sizeOnDisk: 1 * MiB }));
    const plan = lcs().nextTask(level0, NOW_MS);
    expect(generations(plan)).toEqual([1, 2, 3, 4]);
    expect(plan?.outputLevel).toBe(0);
  });

  it('promotes one sstable of an over-full level with the overlapping sstables of the next, round-robin', () => {
    const strategy = lcs();
    // L1 holds 12 x 10 MiB = 120 MiB > 100 MiB: score 1.2.
    const level1 = Array.from({ length: 12 }, (_, i) =>
      fakeSSTable({ generation: 100 + i, level: 1, sizeOnDisk: 10 * MiB, minToken: BigInt(i * 100), maxToken: BigInt(i * 100 + 99) }),
    );
    const level2 = [
      fakeSSTable({ generation: 200, level: 2, sizeOnDisk: 10 * MiB, minToken: 0n, maxToken: 49n }),
      fakeSSTable({ generation: 201, level: 2, sizeOnDisk: 10 * MiB, minToken: 50n, maxToken: 150n }),
      fakeSSTable({ generation: 202, level: 2, sizeOnDisk: 10 * MiB, minToken: 151n, maxToken: 400n }),
    ];
    const all = [...level1, ...level2];
    const first = strategy.nextTask(all, NOW_MS);
    expect(generations(first)).toEqual([100, 200, 201]);
    expect(first?.outputLevel).toBe(2);
    const second = strategy.nextTask(all, NOW_MS);
    expect(generations(second)).toEqual([101, 201, 202]);
  });

  it('never plans over the token range a running task is writing into the next level', () => {
    const strategy = lcs();
    const level1 = Array.from({ length: 12 }, (_, i) =>
      fakeSSTable({ generation: 100 + i, level: 1, sizeOnDisk: 10 * MiB, minToken: BigInt(i * 100), maxToken: BigInt(i * 100 + 99) }),
    );
    const busyLevel2: SSTableInfo = fakeSSTable({ generation: 300, level: 2, sizeOnDisk: 10 * MiB, minToken: 0n, maxToken: 250n });
    const [busy0, busy1, ...free] = level1;
    const plan = strategy.nextTask(free, NOW_MS, [busy0!, busy1!, busyLevel2]);
    expect(plan).not.toBeNull();
    const chosen = plan!.inputs.map((d) => d.generation);
    expect(chosen).not.toContain(102);
    expect(chosen).toEqual([103]);
  });

  it('falls back to size-tiered within L0 when L0 is far behind', () => {
    const level0 = Array.from({ length: 40 }, (_, i) => fakeSSTable({ generation: i + 1, sizeOnDisk: 200 * MiB }));
    const plan = lcs().nextTask(level0, NOW_MS);
    expect(plan?.inputs).toHaveLength(32);
    expect(plan?.outputLevel).toBe(0);
  });
});
