import { describe, expect, it } from 'vitest';
import { CompactionManager } from '../../../../src/storage/compaction/compaction-manager.js';
import type { CompactionResult } from '../../../../src/storage/compaction/compaction-request.js';
import { createCompactionStrategy } from '../../../../src/storage/compaction/create-compaction-strategy.js';
import type { CompactionTask } from '../../../../src/storage/compaction/compaction-manager.js';
import type { SSTableInfo } from '../../../../src/storage/compaction/sstable-info.js';
import { fakeSSTable, MiB } from './fake-sstables.js';

const stcs = () => createCompactionStrategy({ class: 'SizeTieredCompactionStrategy' });
const sized = (generation: number, sizeMiB: number, directory = '/data/t') =>
  fakeSSTable({ generation, sizeOnDisk: sizeMiB * MiB, directory });
const gens = (sstables: readonly SSTableInfo[]) => sstables.map((s) => s.descriptor.generation).sort((a, b) => a - b);

function resultFor(task: CompactionTask, outputs: SSTableInfo[]): CompactionResult {
  return {
    taskId: task.taskId,
    inputs: task.plan.inputs,
    outputs,
    partitionsRead: 0,
    partitionsWritten: 0,
    partitionsCopied: 0,
    bytesRead: 0,
    bytesWritten: 0,
    throttledMs: 0,
    durationMs: 0,
  };
}

describe('CompactionManager', () => {
  it('never gives one sstable to two tasks, and applies results (inputs out, outputs in)', () => {
    const manager = new CompactionManager({ concurrentCompactionsMax: 4 });
    // Two buckets of four: small ones and ~100 MiB ones.
    manager.addStore('t', stcs(), [1, 2, 3, 4].map((g) => sized(g, 1)).concat([5, 6, 7, 8].map((g) => sized(g, 100))));
    const tasks = manager.nextTasks(0);
    expect(tasks.map((t) => t.plan.inputs.map((d) => d.generation).sort((a, b) => a - b))).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    expect(manager.nextTasks(0)).toEqual([]);
    expect(gens(manager.compactingSSTables('t'))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    const [output] = manager.allocateGenerations('t', 1);
    expect(output).toBe(9);
    manager.completeTask(tasks[0]!.taskId, resultFor(tasks[0]!, [sized(output!, 4)]));
    expect(gens(manager.liveSSTables('t'))).toEqual([5, 6, 7, 8, 9]);
    manager.failTask(tasks[1]!.taskId);
    expect(manager.compactingSSTables('t')).toEqual([]);
    // The failed bucket is planned again.
    expect(manager.nextTasks(0).map((t) => t.plan.inputs.length)).toEqual([4]);
  });

  it('limits concurrent tasks and serves stores round-robin', () => {
    const manager = new CompactionManager({ concurrentCompactionsMax: 2 });
    for (const store of ['a', 'b', 'c']) {
      manager.addStore(store, stcs(), [1, 2, 3, 4, 11, 12, 13, 14].map((g) => sized(g, g < 10 ? 1 : 200, `/data/${store}`)));
    }
    const first = manager.nextTasks(0);
    expect(first.map((t) => t.storeId)).toEqual(['a', 'b']);
    expect(manager.nextTasks(0)).toEqual([]);
    manager.failTask(first[0]!.taskId);
    expect(manager.nextTasks(0).map((t) => t.storeId)).toEqual(['c']);
  });

  it('hands the purge floor every live sstable outside the task that shares its tokens, plus memtables', () => {
    const manager = new CompactionManager({ concurrentCompactionsMax: 1 });
    const inside = [1, 2, 3, 4].map((g) => fakeSSTable({ generation: g, sizeOnDisk: MiB, minToken: 0n, maxToken: 100n }));
    const overlapping = fakeSSTable({ generation: 5, sizeOnDisk: 900 * MiB, minToken: 50n, maxToken: 500n, minTimestamp: 7n });
    const disjoint = fakeSSTable({ generation: 6, sizeOnDisk: 900 * MiB, minToken: 200n, maxToken: 500n });
    manager.addStore('t', stcs(), [...inside, overlapping, disjoint]);
    const [task] = manager.nextTasks(0);
    expect(task!.overlapping.map((o) => o.sstable?.generation)).toEqual([5]);
    const memtable = { minTimestamp: 3n, minToken: -(2n ** 63n), maxToken: 2n ** 63n - 1n, sstable: null };
    const request = manager.toRequest(task!, {
      nowMs: 1000,
      gcGraceSeconds: 10,
      bloomFilterFpChance: 0.01,
      throughputBytesPerSecond: 0,
      memtables: [memtable],
    });
    expect(request.overlapping).toEqual([{ minTimestamp: 7n, minToken: 50n, maxToken: 500n, sstable: overlapping.descriptor }, memtable]);
    expect(request.outputGenerations).toEqual([7]);
    expect(request.outputDirectory).toBe('/data/t');
  });

  it('refuses plans whose inputs are busy or unknown', () => {
    const manager = new CompactionManager({ concurrentCompactionsMax: 2 });
    manager.addStore('t', stcs(), [1, 2, 3, 4].map((g) => sized(g, 1)));
    const [task] = manager.nextTasks(0);
    const plan = { inputs: [task!.plan.inputs[0]!], outputLevel: 0, maxOutputBytes: Infinity, reason: 'major' };
    expect(() => manager.submitPlan('t', plan)).toThrow(/already compacting/);
    expect(() => manager.submitPlan('t', { ...plan, inputs: [{ directory: '/data/t', generation: 99 }] })).toThrow(/not live/);
    expect(() => manager.removeStore('t')).toThrow(/still has compactions running/);
  });
});
