/**
 * The memtable's record arena: an append-only bump allocator over SharedArrayBuffer slabs from
 * a SlabPool. A record is addressed by one int32 `ref`, a byte address in a virtual space
 * where slot i covers [i * slabBytes, (i + 1) * slabBytes):
 *
 *   ref:  | slot (ref >>> slabShift) | offset in slot |        slot -> (bytes view, base)
 *
 *   slot 0        slot 1        slot 2 ... 4 (one large record)   slot 5
 *   [rec rec rec ][rec rec     ][LLLLLLLLLLLLLLLLLLLLLLLLLLLLLL][rec ...
 *
 * A record never crosses a slab boundary: the tail of a slab that cannot hold the next record
 * is left unused. A record larger than a slab gets a dedicated buffer (SlabPool.acquireLarge)
 * that occupies as many consecutive slots as it needs; every one of them maps to that buffer
 * and to the address of its first slot, so `ref - base` is the offset for any ref.
 *
 * Nothing is ever overwritten or freed one by one: a merged row is written anew and the index
 * points at the new copy, so a frozen arena is immutable and any thread may read it. The whole
 * arena goes back to the pool at once (`release`), after the memtable is flushed.
 */

import { assert } from '../../lib/assert.js';
import { OverloadedError } from '../../lib/errors.js';
import type { SlabPool } from './slab-pool.js';

/** Refs are non-negative int32 byte addresses: one memtable arena spans at most 2 GiB. */
export const ARENA_BYTES_MAX = 2 ** 31;

/** What a reader needs to turn a ref into bytes; the writer and frozen views both provide it. */
export interface ArenaView {
  readonly slabShift: number;
  /** Per slot: a byte view of the buffer that slot belongs to. */
  readonly slotBytes: readonly Uint8Array[];
  /** Per slot: a DataView of the same buffer (copy-range.ts copies rows through it). */
  readonly slotViews: readonly DataView[];
  /** Per slot: the address of the buffer's first byte. */
  readonly slotBase: readonly number[];
}

export class SharedArena implements ArenaView {
  readonly slabShift: number;
  readonly slabBytes: number;
  readonly slotBytes: Uint8Array[] = [];
  readonly slotViews: DataView[] = [];
  readonly slotBase: number[] = [];
  /** Per slot: its buffer (a large buffer repeats); what a frozen handle carries. */
  readonly slotBuffers: SharedArrayBuffer[] = [];
  private readonly owned: SharedArrayBuffer[] = [];
  private current: Uint8Array | null = null;
  private currentBase = 0;
  private position = 0;
  private bytesWritten = 0;

  constructor(private readonly pool: SlabPool) {
    this.slabBytes = pool.slabBytes;
    this.slabShift = Math.log2(pool.slabBytes);
    assert(Number.isInteger(this.slabShift), 'slab size must be a power of two');
  }

  /** Bytes handed out to records (excluding unused slab tails). */
  bytesUsed(): number {
    return this.bytesWritten;
  }

  /** Bytes of buffers held (slabs and large buffers). */
  bytesReserved(): number {
    return this.slotBytes.length * this.slabBytes;
  }

  slotCount(): number {
    return this.slotBytes.length;
  }

  /**
   * Pool units that allocating records of `sizes[0..count)` in this order would take; lets the
   * memtable refuse an update up front instead of failing half-way through it.
   */
  unitsNeeded(sizes: Int32Array, count: number): number {
    let free = this.current === null ? 0 : this.slabBytes - this.position;
    let units = 0;
    for (let i = 0; i < count; i++) {
      const size = sizes[i]!;
      assert(size > 0, 'empty record');
      if (size > this.slabBytes) {
        units += Math.ceil(size / this.slabBytes);
      } else if (size <= free) {
        free -= size;
      } else {
        units++;
        free = this.slabBytes - size;
      }
    }
    return units;
  }

  /** Throws OverloadedError when `units` more slots would overflow the 2 GiB ref space. */
  checkAddressSpace(units: number): void {
    if ((this.slotBytes.length + units) * this.slabBytes > ARENA_BYTES_MAX) {
      throw new OverloadedError('memtable arena reached 2 GiB: flush first');
    }
  }

  /** Reserves `size` bytes and returns the record's ref; write it through `bytesOf`/`offsetOf`. */
  allocate(size: number): number {
    if (!Number.isInteger(size) || size <= 0) assert(false, `record size ${size}`);
    if (size > this.slabBytes) return this.allocateLarge(size);
    if (this.current === null || this.position + size > this.slabBytes) this.startSlab();
    const ref = this.currentBase + this.position;
    this.position += size;
    this.bytesWritten += size;
    assert(ref >= 0 && ref < ARENA_BYTES_MAX, 'ref out of range');
    return ref;
  }

  /** The view holding the record at `ref`. */
  bytesOf(ref: number): Uint8Array {
    return this.slotBytes[ref >>> this.slabShift]!;
  }

  /** A DataView of the same buffer as `bytesOf(ref)`. */
  viewOf(ref: number): DataView {
    return this.slotViews[ref >>> this.slabShift]!;
  }

  /** The record's offset inside `bytesOf(ref)`. */
  offsetOf(ref: number): number {
    return ref - this.slotBase[ref >>> this.slabShift]!;
  }

  /** Returns every buffer to the pool; the arena is unusable afterwards. */
  release(): void {
    for (const buffer of this.owned) this.pool.release(buffer);
    this.owned.length = 0;
    this.slotBytes.length = 0;
    this.slotViews.length = 0;
    this.slotBase.length = 0;
    this.slotBuffers.length = 0;
    this.current = null;
  }

  private startSlab(): void {
    this.checkAddressSpace(1);
    const slab = this.pool.acquire();
    const base = this.addSlots(slab, 1);
    this.current = this.slotBytes[this.slotBytes.length - 1]!;
    this.currentBase = base;
    this.position = 0;
  }

  private allocateLarge(size: number): number {
    this.checkAddressSpace(this.pool.unitsFor(size));
    const large = this.pool.acquireLarge(size);
    const base = this.addSlots(large, this.pool.unitsFor(size));
    this.bytesWritten += size;
    return base;
  }

  private addSlots(buffer: SharedArrayBuffer, slots: number): number {
    const base = this.slotBytes.length * this.slabBytes;
    const bytes = new Uint8Array(buffer);
    const view = new DataView(buffer);
    for (let i = 0; i < slots; i++) {
      this.slotBytes.push(bytes);
      this.slotViews.push(view);
      this.slotBase.push(base);
      this.slotBuffers.push(buffer);
    }
    this.owned.push(buffer);
    return base;
  }
}

/**
 * Rebuilds an ArenaView on another thread from what a frozen handle carries: the buffer and
 * base address of every slot (the bases tell which consecutive slots share one large buffer).
 */
export function arenaViewOf(
  slotBuffers: readonly SharedArrayBuffer[],
  slotBase: readonly number[],
  slabBytes: number,
): ArenaView {
  const slabShift = Math.log2(slabBytes);
  assert(Number.isInteger(slabShift), 'slab size must be a power of two');
  assert(slotBuffers.length === slotBase.length, 'one base per slot');
  const slotBytes: Uint8Array[] = [];
  const slotViews: DataView[] = [];
  for (let slot = 0; slot < slotBuffers.length; slot++) {
    const base = slotBase[slot]!;
    const sharesPrevious = slot > 0 && slotBase[slot - 1] === base;
    if (!sharesPrevious && base !== slot * slabBytes) assert(false, `slot ${slot} has a foreign base ${base}`);
    slotBytes.push(sharesPrevious ? slotBytes[slot - 1]! : new Uint8Array(slotBuffers[slot]!));
    slotViews.push(sharesPrevious ? slotViews[slot - 1]! : new DataView(slotBuffers[slot]!));
  }
  return { slabShift, slotBytes, slotViews, slotBase: [...slotBase] };
}
