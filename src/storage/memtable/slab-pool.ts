/**
 * A bounded pool of fixed-size SharedArrayBuffer slabs: the memory every memtable of a worker
 * draws its arena and its index nodes from.
 *
 * Why a pool: the first touch of a fresh SharedArrayBuffer page costs a page fault (about
 * 0.17 µs per row of ingest, PERF-NOTES.md), so slabs released by a flushed memtable are kept
 * and handed to the next one instead of being left to the garbage collector. Why a bound: the
 * pool is the memtables' memory budget; when it is spent, `acquire` throws OverloadedError and
 * the caller (the VNodeActor) must flush before writing more, as Cassandra blocks writers when
 * memtable_heap_space is used up.
 *
 * Records larger than a slab get a dedicated, unpooled buffer (`acquireLarge`); it counts
 * against the same bound, in slab units, while it is held, and is dropped on release.
 *
 * Recycled slabs are NOT zeroed: their users overwrite every byte they later read.
 */

import { assert } from '../../lib/assert.js';
import { OverloadedError } from '../../lib/errors.js';

export interface SlabPoolStats {
  readonly slabBytes: number;
  readonly slabsMax: number;
  /** Slab units held by users (a large buffer counts as several units). */
  readonly slabsInUse: number;
  /** Released slabs waiting for reuse. */
  readonly slabsIdle: number;
  /** Slabs ever created by this pool (fresh memory, paid in page faults). */
  readonly slabsCreated: number;
  /** Acquires served from the idle list. */
  readonly slabsReused: number;
  readonly largeInUse: number;
}

/** The memory page size preTouch steps by (4 KiB on x86-64 and most arm64 Linux). */
const PAGE_BYTES = 4096;

/** Smallest slab: an index node is 512 bytes and a slab must hold several of them. */
export const SLAB_BYTES_MIN = 4096;
/** Largest slab: slab offsets are kept in int32 arithmetic. */
export const SLAB_BYTES_MAX = 1 << 30;

/** Slabs the pool is cut into at least, so that many memtables can each hold one at once. */
const POOL_SLABS_MIN = 512;
/** A slab need not be larger: a fault costs per page, not per slab, and big records go large. */
const POOL_SLAB_BYTES_MAX = 1024 * 1024;
const POOL_SLAB_BYTES_MIN = 64 * 1024;

/**
 * How a thread's memtable budget of `poolBytes` is cut: into 512 slabs (64 KiB to 1 MiB each;
 * 256 KiB for the default 128 MiB). Every written memtable holds at least an arena slab and an
 * index slab, partly empty: with 1 MiB slabs a 16 MiB budget admitted only 8 memtables at once,
 * fewer than the system schema tables one catalog write touches (every such node failed to
 * start with Overloaded), and in a 128 MiB budget the schema tables' few KiB and the partly
 * filled last slabs of 16 vnodes' memtables held 96 MiB for 20 MiB of rows, so writes were
 * refused long before the memtables reached their flush size.
 */
export function slabPoolSizing(poolBytes: number): { readonly slabBytes: number; readonly slabsMax: number } {
  let slabBytes = POOL_SLAB_BYTES_MAX;
  while (slabBytes > POOL_SLAB_BYTES_MIN && slabBytes * POOL_SLABS_MIN > poolBytes) slabBytes /= 2;
  return { slabBytes, slabsMax: Math.max(8, Math.floor(poolBytes / slabBytes)) };
}

export class SlabPool {
  private readonly idle: SharedArrayBuffer[] = [];
  private readonly inUse = new Set<SharedArrayBuffer>();
  private readonly largeUnits = new Map<SharedArrayBuffer, number>();
  private unitsInUse = 0;
  private created = 0;
  private reused = 0;

  constructor(
    readonly slabBytes: number,
    readonly slabsMax: number,
  ) {
    const powerOfTwo = Number.isInteger(slabBytes) && (slabBytes & (slabBytes - 1)) === 0;
    assert(powerOfTwo, 'slabBytes must be a power of two');
    const inRange = slabBytes >= SLAB_BYTES_MIN && slabBytes <= SLAB_BYTES_MAX;
    assert(inRange, `slabBytes out of range: ${slabBytes}`);
    const enough = Number.isInteger(slabsMax) && slabsMax >= 2;
    assert(enough, 'a memtable needs at least two slabs (nodes + arena)');
  }

  /**
   * Creates every slab the pool may hold and writes one byte per memory page of each, so the
   * page faults are paid once, at start-up, and not by the first writes: on this project's VM a
   * fault costs ~13 µs per 4 KiB page, ~0.9 s of CPU for 256 MiB of memtables, about a tenth of
   * a 1M-row ingest. Cassandra's JVM runs with -XX:+AlwaysPreTouch for the same reason.
   */
  preTouch(): void {
    while (this.idle.length + this.unitsInUse < this.slabsMax) {
      const slab = new SharedArrayBuffer(this.slabBytes);
      const bytes = new Uint8Array(slab);
      for (let at = 0; at < bytes.length; at += PAGE_BYTES) bytes[at] = 0;
      this.created++;
      this.idle.push(slab);
    }
  }

  /** Slab units that can still be acquired before the pool refuses. */
  available(): number {
    return this.slabsMax - this.unitsInUse;
  }

  acquire(): SharedArrayBuffer {
    if (this.unitsInUse + 1 > this.slabsMax) {
      const size = `${this.slabsMax} x ${this.slabBytes} bytes`;
      throw new OverloadedError(`memtable slab pool exhausted (${size}): flush first`);
    }
    let slab = this.idle.pop();
    if (slab === undefined) {
      slab = new SharedArrayBuffer(this.slabBytes);
      this.created++;
    } else {
      this.reused++;
    }
    this.unitsInUse++;
    this.inUse.add(slab);
    return slab;
  }

  release(slab: SharedArrayBuffer): void {
    const units = this.largeUnits.get(slab);
    if (units !== undefined) {
      // A large buffer is not recycled: records that big are rare and sizes vary.
      this.largeUnits.delete(slab);
      this.unitsInUse -= units;
      return;
    }
    const lent = this.inUse.delete(slab);
    assert(lent, 'released a slab this pool did not lend (or released it twice)');
    assert(slab.byteLength === this.slabBytes, 'slab size changed');
    this.unitsInUse--;
    this.idle.push(slab);
    assert(this.unitsInUse >= 0 && this.idle.length <= this.slabsMax, 'slab accounting broken');
  }

  /** Slab units a large buffer of `bytes` costs against the bound. */
  unitsFor(bytes: number): number {
    return Math.ceil(bytes / this.slabBytes);
  }

  /** A dedicated buffer of exactly `bytes` (for one record larger than a slab). */
  acquireLarge(bytes: number): SharedArrayBuffer {
    const oversize = Number.isInteger(bytes) && bytes > this.slabBytes;
    assert(oversize, 'acquireLarge is for records larger than a slab');
    const units = this.unitsFor(bytes);
    if (this.unitsInUse + units > this.slabsMax) {
      throw new OverloadedError(`memtable slab pool exhausted by a ${bytes}-byte record`);
    }
    const large = new SharedArrayBuffer(bytes);
    this.largeUnits.set(large, units);
    this.unitsInUse += units;
    return large;
  }

  /**
   * Creates up to `count` idle slabs now and touches every page, so the page faults are paid at
   * start-up instead of on the write path (TigerBeetle allocates all memory at start-up).
   */
  reserve(count: number): void {
    assert(Number.isInteger(count) && count >= 0, 'reserve count');
    const target = Math.min(count, this.slabsMax - this.unitsInUse);
    const pageBytes = 4096;
    while (this.idle.length < target) {
      const slab = new SharedArrayBuffer(this.slabBytes);
      const bytes = new Uint8Array(slab);
      for (let i = 0; i < bytes.length; i += pageBytes) bytes[i] = 0;
      this.created++;
      this.idle.push(slab);
    }
  }

  stats(): SlabPoolStats {
    return {
      slabBytes: this.slabBytes,
      slabsMax: this.slabsMax,
      slabsInUse: this.unitsInUse,
      slabsIdle: this.idle.length,
      slabsCreated: this.created,
      slabsReused: this.reused,
      largeInUse: this.largeUnits.size,
    };
  }
}
