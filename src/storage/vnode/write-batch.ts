/**
 * Applies one write batch (vnode-wire.ts) to the VNodeStates that own its records. The same
 * steps serve a batch for one vnode (commit-log replay) and a batch for every vnode of a
 * worker thread (the ingest path: one ring message, one commit-log entry and one ack per
 * thread rather than per vnode), in order:
 *
 *   1. route and validate every record (its vnode is here, its table is known) before
 *      touching anything;
 *   2. refuse with Overloaded if the thread's slab pool cannot take it (flushes are behind);
 *   3. append the whole batch to the thread's commit log as one checksummed entry (DiskFull
 *      here leaves nothing applied);
 *   4. apply each record to its table's memtable, then start the flushes that are due;
 *   5. return the commit log's durability promise: the caller acks when it resolves.
 */

import { assert } from '../../lib/assert.js';
import { InvalidRequestError, OverloadedError } from '../../lib/errors.js';
import { PartitionHeaderLayout } from '../model/partition-codec.js';
import type { StorageThreadServices } from './storage-thread-services.js';
import type { VNodeState } from './vnode-state.js';
import { readBatchHeader, VNodeMessageType } from './vnode-wire.js';

/** The VNodeState that owns a token given as two int32 halves; throws if none here does. */
export type RecordRouter = (tokenHigh: number, tokenLow: number) => VNodeState;

/** Tells one batch's records from the last's (VNodeState.ownerOnce); only grows. */
let batchMarks = 0;

export function applyWriteBatch(batch: Uint8Array, services: StorageThreadServices, route: RecordRouter): Promise<void> {
  const { type, count, reader } = readBatchHeader(batch);
  if (type !== VNodeMessageType.write && type !== VNodeMessageType.replay) assert(false, `not a write batch: ${type}`);
  const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
  const { targets, tableIds, offsets, lengths } = scratchFor(count);
  const mark = ++batchMarks;
  const owners: string[] = [];
  // The vnodes touched, each once, in the order first touched.
  const touched: VNodeState[] = [];
  let offset = reader.position;
  for (let i = 0; i < count; i++) {
    const length = view.getUint32(offset);
    const start = offset + 4;
    if (start + length > batch.length) throw new InvalidRequestError('write batch truncated');
    const tableId = view.getUint32(start + PartitionHeaderLayout.tableId);
    const target = route(view.getInt32(start + PartitionHeaderLayout.token), view.getUint32(start + PartitionHeaderLayout.token + 4));
    const owner = target.ownerOnce(tableId, mark);
    if (owner !== null) {
      owners.push(owner);
      if (!touched.includes(target)) touched.push(target);
    }
    targets[i] = target;
    tableIds[i] = tableId;
    offsets[i] = start;
    lengths[i] = length;
    offset = start + length;
  }
  refuseIfOverloaded(services, batch.length, owners.length);
  let durable: Promise<void> = Promise.resolve();
  if (type === VNodeMessageType.write) durable = services.commitLog.append(batch, owners).durable;
  for (let i = 0; i < count; i++) targets[i]!.applyRecord(tableIds[i]!, batch, offsets[i]!, lengths[i]!);
  for (const target of touched) target.flushIfNeeded();
  return durable;
}

/** Per-record routing of the batch being applied, reused from batch to batch (see scratchFor). */
interface RecordScratch {
  readonly targets: VNodeState[];
  readonly tableIds: Uint32Array;
  readonly offsets: Uint32Array;
  readonly lengths: Uint32Array;
}

let scratch: RecordScratch = newScratch(256);

/**
 * Arrays for `count` records. applyWriteBatch runs to its end before the next batch starts
 * (it never awaits), so one set per thread serves every batch; fresh typed arrays per batch
 * were three ArrayBuffer allocations, each microseconds, on every write.
 */
function scratchFor(count: number): RecordScratch {
  if (scratch.tableIds.length < count) scratch = newScratch(Math.max(count, scratch.tableIds.length * 2));
  return scratch;
}

function newScratch(records: number): RecordScratch {
  return { targets: new Array<VNodeState>(records), tableIds: new Uint32Array(records), offsets: new Uint32Array(records), lengths: new Uint32Array(records) };
}

/**
 * Refuses a batch the memtables might not be able to take, before it is logged: once in the
 * commit log a batch must apply whole. A record is copied into the arena once (twice the
 * batch leaves room for merge rewrites), and each memtable touched may open a fresh arena
 * slab and a fresh index slab.
 */
function refuseIfOverloaded(services: StorageThreadServices, batchBytes: number, storesTouched: number): void {
  const pool = services.slabPool.stats();
  const neededSlabs = Math.ceil((2 * batchBytes) / pool.slabBytes) + 2 * storesTouched;
  if (pool.slabsMax - pool.slabsInUse < neededSlabs) {
    // The thread's largest memtable goes to disk; flushes already running free the rest.
    let largest: VNodeState | null = null;
    let largestBytes = -1;
    let flushing = false;
    for (const state of services.vnodes.values()) {
      const bytes = state.largestMemtableBytes();
      if (bytes > largestBytes) {
        largest = state;
        largestBytes = bytes;
      }
      if (state.flushesInFlight() > 0) flushing = true;
    }
    largest?.flushLargestUnderPressure(flushing);
    throw new OverloadedError('memtables are full while flushes catch up; retry shortly');
  }
}
