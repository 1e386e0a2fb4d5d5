/**
 * Which compactions run, and the SSTable bookkeeping around them (the planning half of
 * Cassandra's CompactionManager + CompactionStrategyManager + Tracker), as plain logic: no
 * threads, no timers, no I/O. The CompactorActor (or a test) calls it:
 *
 *   addStore / addSSTables (after a flush)  ──►  nextTasks(nowMs)  ──►  run on the pool
 *                                                      ▲                      │
 *                                                      └── completeTask / failTask
 *
 * Per store (one vnode's table, one SSTable folder) it keeps the live SSTables and the subset
 * held by running tasks. A task's inputs are marked compacting until it completes or fails, so
 * two tasks never share an input; the strategy only sees unmarked SSTables as candidates. At
 * most `concurrentCompactionsMax` tasks run over all stores, which are served round-robin so a
 * busy table cannot starve the others. Generations for flushes and compaction outputs come
 * from one counter per store, so concurrent writers never collide.
 */

import { assert } from '../../lib/assert.js';
import type { SSTableDescriptor } from '../sstable/descriptor.js';
import type { CompactionRequest, CompactionResult, PurgeOverlap } from './compaction-request.js';
import { outputGenerationsNeeded } from './compaction-request.js';
import type { CompactionPlan, CompactionStrategy } from './compaction-strategy.js';
import type { SSTableInfo } from './sstable-info.js';
import { tokenRangesOverlap, totalSizeOnDisk } from './sstable-info.js';

export type StoreId = string;

export interface CompactionTask {
  readonly taskId: number;
  readonly storeId: StoreId;
  readonly plan: CompactionPlan;
  readonly inputBytes: number;
  /**
   * Live SSTables of the store outside this task whose token range meets the inputs': the purge
   * floor's sources. The caller adds its memtables (which the manager does not see).
   */
  readonly overlapping: readonly PurgeOverlap[];
}

/** What the caller knows that the manager does not: the table's settings and its memtables. */
export interface CompactionRequestSettings {
  readonly nowMs: number;
  readonly gcGraceSeconds: number;
  readonly bloomFilterFpChance: number;
  readonly throughputBytesPerSecond: number;
  /** The store's memtables (active and flushing): data outside every compaction. */
  readonly memtables: readonly PurgeOverlap[];
}

export interface CompactionManagerOptions {
  /** Tasks running at once over every store (Cassandra's concurrent_compactors). */
  readonly concurrentCompactionsMax: number;
}

/** A bound on tasks in flight whatever the options say (STYLE rule 4). */
export const CONCURRENT_COMPACTIONS_MAX = 64;

interface StoreState {
  /** Replaced when the table's options change (ALTER TABLE): the next plan uses the new one. */
  strategy: CompactionStrategy;
  /** Live SSTables by generation. */
  readonly live: Map<number, SSTableInfo>;
  readonly compacting: Set<number>;
  nextGeneration: number;
}

export class CompactionManager {
  private readonly stores = new Map<StoreId, StoreState>();
  private readonly running = new Map<number, CompactionTask>();
  private nextTaskId = 1;
  /** Round-robin position: the store served first on the next call. */
  private storeCursor = 0;

  constructor(private readonly options: CompactionManagerOptions) {
    assert(
      Number.isInteger(options.concurrentCompactionsMax) &&
        options.concurrentCompactionsMax >= 1 &&
        options.concurrentCompactionsMax <= CONCURRENT_COMPACTIONS_MAX,
      `concurrentCompactionsMax must be in [1, ${CONCURRENT_COMPACTIONS_MAX}]`,
    );
  }

  /**
   * `firstGeneration` is where the store's generations start when its folder may still hold
   * files of an earlier store (a truncated table's, being deleted): they never collide.
   */
  addStore(storeId: StoreId, strategy: CompactionStrategy, sstables: readonly SSTableInfo[] = [], firstGeneration = 1): void {
    assert(!this.stores.has(storeId), `store ${storeId} already added`);
    assert(Number.isSafeInteger(firstGeneration) && firstGeneration >= 1, `bad first generation ${firstGeneration}`);
    this.stores.set(storeId, { strategy, live: new Map(), compacting: new Set(), nextGeneration: firstGeneration });
    this.addSSTables(storeId, sstables);
  }

  /** The table's options changed: plans from now on come from `strategy`; running tasks go on. */
  replaceStrategy(storeId: StoreId, strategy: CompactionStrategy): void {
    this.store(storeId).strategy = strategy;
  }

  /**
   * Forgets a store at once, running tasks included (truncate, drop): the caller aborts those
   * tasks and deletes their outputs, and must not complete or fail them here. Returns the next
   * generation the store would have used: every file it ever wrote lies below it.
   */
  abandonStore(storeId: StoreId): number {
    const store = this.store(storeId);
    for (const [taskId, task] of this.running) if (task.storeId === storeId) this.running.delete(taskId);
    this.stores.delete(storeId);
    return store.nextGeneration;
  }

  /** Forgets a store; its running tasks must have finished first. */
  removeStore(storeId: StoreId): void {
    const store = this.store(storeId);
    assert(store.compacting.size === 0, `store ${storeId} still has compactions running`);
    this.stores.delete(storeId);
  }

  /** New SSTables (a flush, a stream, an import) join the live set. */
  addSSTables(storeId: StoreId, sstables: readonly SSTableInfo[]): void {
    const store = this.store(storeId);
    for (const sstable of sstables) {
      const generation = sstable.descriptor.generation;
      assert(!store.live.has(generation), `generation ${generation} is already live in ${storeId}`);
      store.live.set(generation, sstable);
      store.nextGeneration = Math.max(store.nextGeneration, generation + 1);
    }
  }

  /** SSTables leaving outside compaction (truncate, drop); none may be compacting. */
  removeSSTables(storeId: StoreId, descriptors: readonly SSTableDescriptor[]): void {
    const store = this.store(storeId);
    for (const { generation } of descriptors) {
      assert(store.live.has(generation), `generation ${generation} is not live in ${storeId}`);
      assert(!store.compacting.has(generation), `generation ${generation} is compacting`);
      store.live.delete(generation);
    }
  }

  /** Reserves fresh generations for a flush or a compaction's outputs. */
  allocateGenerations(storeId: StoreId, count: number): number[] {
    assert(Number.isInteger(count) && count >= 1, 'allocate at least one generation');
    const store = this.store(storeId);
    const generations: number[] = [];
    for (let i = 0; i < count; i++) generations.push(store.nextGeneration++);
    return generations;
  }

  liveSSTables(storeId: StoreId): SSTableInfo[] {
    return [...this.store(storeId).live.values()];
  }

  compactingSSTables(storeId: StoreId): SSTableInfo[] {
    const store = this.store(storeId);
    return [...store.compacting].map((generation) => store.live.get(generation)!);
  }

  runningTasks(): readonly CompactionTask[] {
    return [...this.running.values()];
  }

  /**
   * Plans as many tasks as free slots allow, one per store per round, stores in round-robin
   * order. The inputs of each returned task are marked compacting until it completes or fails.
   */
  nextTasks(nowMs: number): CompactionTask[] {
    const started: CompactionTask[] = [];
    const storeIds = [...this.stores.keys()];
    if (storeIds.length === 0) return started;
    const exhausted = new Set<StoreId>();
    while (this.running.size < this.options.concurrentCompactionsMax && exhausted.size < storeIds.length) {
      const storeId = storeIds[this.storeCursor % storeIds.length]!;
      this.storeCursor = (this.storeCursor + 1) % storeIds.length;
      if (exhausted.has(storeId)) continue;
      const store = this.store(storeId);
      const { candidates, compacting } = this.partition(store);
      const plan = store.strategy.nextTask(candidates, nowMs, compacting);
      if (plan === null) {
        exhausted.add(storeId);
        continue;
      }
      started.push(this.start(storeId, plan));
    }
    return started;
  }

  /**
   * Starts a plan made outside the strategy (a major compaction, `nodetool compact`): its
   * inputs must be live and free. Ignores the concurrency limit, as a user request does.
   */
  submitPlan(storeId: StoreId, plan: CompactionPlan): CompactionTask {
    return this.start(storeId, plan);
  }

  /** The request for the pool: output generations reserved here, memtables added to the overlaps. */
  toRequest(task: CompactionTask, settings: CompactionRequestSettings): CompactionRequest {
    assert(this.running.get(task.taskId) === task, `compaction ${task.taskId} is not running`);
    const outputDirectory = task.plan.inputs[0]!.directory;
    assert(task.plan.inputs.every((d) => d.directory === outputDirectory), 'a compaction spans two folders');
    return {
      taskId: task.taskId,
      inputs: task.plan.inputs,
      outputDirectory,
      outputGenerations: this.allocateGenerations(task.storeId, outputGenerationsNeeded(task.inputBytes, task.plan.maxOutputBytes)),
      outputLevel: task.plan.outputLevel,
      maxOutputBytes: task.plan.maxOutputBytes,
      bloomFilterFpChance: settings.bloomFilterFpChance,
      nowMs: settings.nowMs,
      gcGraceSeconds: settings.gcGraceSeconds,
      overlapping: [...task.overlapping, ...settings.memtables],
      throughputBytesPerSecond: settings.throughputBytesPerSecond,
    };
  }

  /** Swaps a finished task's inputs for its outputs. */
  completeTask(taskId: number, result: CompactionResult): void {
    const task = this.running.get(taskId);
    assert(task !== undefined, `no running compaction ${taskId}`);
    assert(result.taskId === taskId, 'result of another task');
    const store = this.store(task.storeId);
    const inputs = new Set(task.plan.inputs.map((d) => d.generation));
    assert(
      result.inputs.length === inputs.size && result.inputs.every((d) => inputs.has(d.generation)),
      'result inputs differ from the plan',
    );
    for (const generation of inputs) {
      assert(store.compacting.delete(generation), `input ${generation} was not marked compacting`);
      store.live.delete(generation);
    }
    this.running.delete(taskId);
    this.addSSTables(task.storeId, result.outputs);
  }

  /** A failed task's inputs become candidates again (its outputs were removed by the task). */
  failTask(taskId: number): void {
    const task = this.running.get(taskId);
    assert(task !== undefined, `no running compaction ${taskId}`);
    const store = this.stores.get(task.storeId);
    if (store !== undefined) for (const { generation } of task.plan.inputs) store.compacting.delete(generation);
    this.running.delete(taskId);
  }

  private start(storeId: StoreId, plan: CompactionPlan): CompactionTask {
    const store = this.store(storeId);
    assert(plan.inputs.length > 0, `${store.strategy.name} planned a compaction without inputs`);
    assert(plan.maxOutputBytes > 0 && Number.isInteger(plan.outputLevel) && plan.outputLevel >= 0, 'bad plan');
    const inputs: SSTableInfo[] = [];
    for (const descriptor of plan.inputs) {
      const sstable = store.live.get(descriptor.generation);
      assert(sstable !== undefined, `plan input ${descriptor.generation} is not live in ${storeId}`);
      assert(!store.compacting.has(descriptor.generation), `plan input ${descriptor.generation} is already compacting`);
      assert(!inputs.includes(sstable), `plan input ${descriptor.generation} appears twice`);
      inputs.push(sstable);
    }
    for (const sstable of inputs) store.compacting.add(sstable.descriptor.generation);
    const task: CompactionTask = {
      taskId: this.nextTaskId++,
      storeId,
      plan,
      inputBytes: totalSizeOnDisk(inputs),
      overlapping: overlappingOutside(store, inputs),
    };
    this.running.set(task.taskId, task);
    return task;
  }

  private partition(store: StoreState): { candidates: SSTableInfo[]; compacting: SSTableInfo[] } {
    const candidates: SSTableInfo[] = [];
    const compacting: SSTableInfo[] = [];
    for (const [generation, sstable] of store.live) (store.compacting.has(generation) ? compacting : candidates).push(sstable);
    return { candidates, compacting };
  }

  private store(storeId: StoreId): StoreState {
    const store = this.stores.get(storeId);
    assert(store !== undefined, `unknown store ${storeId}`);
    return store;
  }
}

/** Every live SSTable not in the task that shares tokens with one of its inputs. */
function overlappingOutside(store: StoreState, inputs: readonly SSTableInfo[]): PurgeOverlap[] {
  const inTask = new Set(inputs.map((sstable) => sstable.descriptor.generation));
  const overlaps: PurgeOverlap[] = [];
  for (const [generation, sstable] of store.live) {
    if (inTask.has(generation)) continue;
    if (!inputs.some((input) => tokenRangesOverlap(input, sstable))) continue;
    overlaps.push({
      minTimestamp: sstable.stats.minTimestamp,
      minToken: sstable.stats.minToken,
      maxToken: sstable.stats.maxToken,
      sstable: sstable.descriptor,
    });
  }
  return overlaps;
}
