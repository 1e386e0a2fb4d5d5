/**
 * A counter cell's value: Cassandra's counter context (CounterContext, 2.1 and later, where
 * every shard a node writes is a "remote" shard), without Cassandra's header of legacy shard
 * indexes. A list of shards, sorted by counter id in unsigned byte order, ids unique:
 *
 *   Shard    16 bytes counterId | i64 clock | i64 value        (big-endian, 32 bytes)
 *   Context  Shard*                                             (0 shards: the empty context)
 *
 * The counter id names the node (host id) that owns the shard; only that node ever writes it,
 * each write with a clock one higher than the last (read-before-write of the local shard, by
 * the CQL executor). The counter's total is the sum of shard values.
 *
 * Two contexts merge shard by shard: for one counter id the higher clock wins (equal clocks:
 * the greater value, as CounterContext.merge heals a duplicated shard), shards of different
 * ids are all kept. The merge is a join over (clock, value) per id, so it is commutative,
 * associative and idempotent: applying the same write twice (a replayed commit-log segment)
 * or meeting the same shard in two SSTables counts it once.
 *
 * Clocks and values are compared as signed int64 word by word, so a merge makes no bigint.
 */

import { compareByteRanges } from './byte-order.js';

export const COUNTER_ID_BYTES = 16;
export const COUNTER_SHARD_BYTES = 32;
const CLOCK_OFFSET = COUNTER_ID_BYTES;
const VALUE_OFFSET = COUNTER_ID_BYTES + 8;

export interface CounterShard {
  /** 16 bytes: the owning node's host id. */
  readonly counterId: Uint8Array;
  readonly clock: bigint;
  readonly value: bigint;
}

export interface CounterClockAndValue {
  readonly clock: bigint;
  readonly value: bigint;
}

export const EMPTY_COUNTER_CONTEXT: Uint8Array = new Uint8Array(0);

/** Encodes shards in any order; throws RangeError on a bad id, a duplicate id or a non-int64. */
export function encodeCounterContext(shards: readonly CounterShard[]): Uint8Array {
  const sorted = [...shards].sort((a, b) => compareCounterIds(a.counterId, b.counterId));
  const context = new Uint8Array(sorted.length * COUNTER_SHARD_BYTES);
  const view = viewOf(context);
  for (let i = 0; i < sorted.length; i++) {
    const shard = sorted[i]!;
    checkCounterId(shard.counterId);
    if (i > 0 && compareCounterIds(sorted[i - 1]!.counterId, shard.counterId) === 0) {
      throw new RangeError(`counter id ${hex(shard.counterId)} appears twice in one context`);
    }
    writeShard(context, view, i * COUNTER_SHARD_BYTES, shard.counterId, shard.clock, shard.value);
  }
  return context;
}

/** The shards of a context, in counter-id order; throws RangeError on a malformed context. */
export function decodeCounterContext(context: Uint8Array): CounterShard[] {
  const count = checkedShardCount(context);
  const view = viewOf(context);
  const shards: CounterShard[] = new Array<CounterShard>(count);
  for (let i = 0; i < count; i++) {
    checkAscending(context, i, 'decoded');
    const at = i * COUNTER_SHARD_BYTES;
    shards[i] = {
      counterId: context.slice(at, at + COUNTER_ID_BYTES),
      clock: view.getBigInt64(at + CLOCK_OFFSET),
      value: view.getBigInt64(at + VALUE_OFFSET),
    };
  }
  return shards;
}

/** How many shards a well-formed context holds; throws RangeError on a malformed one. */
export function counterShardCount(context: Uint8Array): number {
  return checkedShardCount(context);
}

/** The counter's value: the sum of its shards, wrapping at int64 as Cassandra's long sum does. */
export function counterContextTotal(context: Uint8Array): bigint {
  const count = checkedShardCount(context);
  const view = viewOf(context);
  let total = 0n;
  for (let i = 0; i < count; i++) total += view.getBigInt64(i * COUNTER_SHARD_BYTES + VALUE_OFFSET);
  return BigInt.asIntN(64, total);
}

/**
 * Merges two contexts (see the header). Returns `a` or `b` itself when it already is the
 * result, so reconciling a cell with a copy of itself, or with a context it contains,
 * allocates nothing; the result's bytes never depend on the argument order.
 */
export function mergeCounterContexts(a: Uint8Array, b: Uint8Array): Uint8Array {
  const aCount = checkedShardCount(a);
  const bCount = checkedShardCount(b);
  if (bCount === 0) return a;
  if (aCount === 0) return b;
  const aView = viewOf(a);
  const bView = viewOf(b);
  const merged = new Uint8Array((aCount + bCount) * COUNTER_SHARD_BYTES);
  let written = 0;
  let aIsResult = true;
  let bIsResult = true;
  let i = 0;
  let j = 0;
  while (i < aCount || j < bCount) {
    const aAt = i * COUNTER_SHARD_BYTES;
    const bAt = j * COUNTER_SHARD_BYTES;
    const order =
      i === aCount ? 1 : j === bCount ? -1 : compareByteRanges(a, aAt, COUNTER_ID_BYTES, b, bAt, COUNTER_ID_BYTES);
    let fromA: boolean;
    if (order < 0) {
      fromA = true;
      bIsResult = false;
      checkAscending(a, i, 'first');
      i++;
    } else if (order > 0) {
      fromA = false;
      aIsResult = false;
      checkAscending(b, j, 'second');
      j++;
    } else {
      const newer =
        compareInt64At(aView, aAt + CLOCK_OFFSET, bView, bAt + CLOCK_OFFSET) ||
        compareInt64At(aView, aAt + VALUE_OFFSET, bView, bAt + VALUE_OFFSET);
      fromA = newer >= 0;
      if (newer > 0) bIsResult = false;
      if (newer < 0) aIsResult = false;
      checkAscending(a, i, 'first');
      checkAscending(b, j, 'second');
      i++;
      j++;
    }
    merged.set(fromA ? a.subarray(aAt, aAt + COUNTER_SHARD_BYTES) : b.subarray(bAt, bAt + COUNTER_SHARD_BYTES), written);
    written += COUNTER_SHARD_BYTES;
  }
  if (aIsResult) return a;
  if (bIsResult) return b;
  return written === merged.length ? merged : merged.slice(0, written);
}

/** The clock and value of `counterId`'s shard, or null when the context has none. */
export function localShardOf(context: Uint8Array, counterId: Uint8Array): CounterClockAndValue | null {
  checkCounterId(counterId);
  const at = searchShard(context, counterId);
  if (at < 0) return null;
  const view = viewOf(context);
  return { clock: view.getBigInt64(at + CLOCK_OFFSET), value: view.getBigInt64(at + VALUE_OFFSET) };
}

/**
 * A new context: `context` with `counterId`'s shard set to (clock, value), replacing the
 * shard it had or inserted in id order. The executor's write is
 * withLocalShard(EMPTY_COUNTER_CONTEXT, hostId, clock + 1, value + delta).
 */
export function withLocalShard(context: Uint8Array, counterId: Uint8Array, clock: bigint, value: bigint): Uint8Array {
  checkCounterId(counterId);
  checkInt64(clock, 'clock');
  checkInt64(value, 'value');
  const found = searchShard(context, counterId);
  const result = new Uint8Array(context.length + (found >= 0 ? 0 : COUNTER_SHARD_BYTES));
  const at = found >= 0 ? found : -found - 1;
  if (found >= 0) {
    result.set(context);
  } else {
    result.set(context.subarray(0, at));
    result.set(context.subarray(at), at + COUNTER_SHARD_BYTES);
  }
  writeShard(result, viewOf(result), at, counterId, clock, value);
  return result;
}

/** Unsigned byte order of two 16-byte counter ids. */
export function compareCounterIds(a: Uint8Array, b: Uint8Array): number {
  return compareByteRanges(a, 0, a.length, b, 0, b.length);
}

/**
 * Binary search (contexts are id-sorted): the byte offset of `counterId`'s shard, or, when it
 * has none, -(offset + 1) for the offset at which its shard keeps the context sorted.
 */
function searchShard(context: Uint8Array, counterId: Uint8Array): number {
  let low = 0;
  let high = checkedShardCount(context) - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = middle * COUNTER_SHARD_BYTES;
    const order = compareByteRanges(context, at, COUNTER_ID_BYTES, counterId, 0, COUNTER_ID_BYTES);
    if (order === 0) return at;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return -(low * COUNTER_SHARD_BYTES + 1);
}

function writeShard(target: Uint8Array, view: DataView, at: number, counterId: Uint8Array, clock: bigint, value: bigint): void {
  checkInt64(clock, 'clock');
  checkInt64(value, 'value');
  target.set(counterId, at);
  view.setBigInt64(at + CLOCK_OFFSET, clock);
  view.setBigInt64(at + VALUE_OFFSET, value);
}

/** Signed int64 order of the big-endian words at aAt and bAt, high word signed, low unsigned. */
function compareInt64At(aView: DataView, aAt: number, bView: DataView, bAt: number): number {
  const aHigh = aView.getInt32(aAt);
  const bHigh = bView.getInt32(bAt);
  if (aHigh !== bHigh) return aHigh < bHigh ? -1 : 1;
  const aLow = aView.getUint32(aAt + 4);
  const bLow = bView.getUint32(bAt + 4);
  return aLow === bLow ? 0 : aLow < bLow ? -1 : 1;
}

/** A merge relies on id order; a context out of order would merge into a wrong one silently. */
function checkAscending(context: Uint8Array, shard: number, which: string): void {
  if (shard === 0) return;
  const at = shard * COUNTER_SHARD_BYTES;
  if (compareByteRanges(context, at - COUNTER_SHARD_BYTES, COUNTER_ID_BYTES, context, at, COUNTER_ID_BYTES) >= 0) {
    throw new RangeError(`${which} counter context is not sorted by unique counter id at shard ${shard}`);
  }
}

function checkedShardCount(context: Uint8Array): number {
  if (context.length % COUNTER_SHARD_BYTES !== 0) {
    throw new RangeError(`counter context of ${context.length} bytes is not a whole number of ${COUNTER_SHARD_BYTES}-byte shards`);
  }
  return context.length / COUNTER_SHARD_BYTES;
}

function checkCounterId(counterId: Uint8Array): void {
  if (counterId.length !== COUNTER_ID_BYTES) {
    throw new RangeError(`counter id of ${counterId.length} bytes, expected ${COUNTER_ID_BYTES}`);
  }
}

function checkInt64(n: bigint, what: string): void {
  if (BigInt.asIntN(64, n) !== n) throw new RangeError(`counter ${what} ${n} is outside int64`);
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
