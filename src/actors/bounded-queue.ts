/**
 * A FIFO queue with a fixed maximum, on a growable power-of-two ring of slots (as piscina's
 * fixed_queue.ts, without the chaining). push() refuses (returns false) when full instead of
 * growing past the bound: every queue has a bound (STYLE rule 4).
 *
 *   slots: [ . . h x x x x t . . ]   h = head (next shift), t = head + length (next push)
 *   empty: length == 0;  full: length == capacityMax
 */

import { assert } from '../lib/assert.js';

const initialSlots = 16;

export class BoundedQueue<T> {
  private slots: Array<T | undefined>;
  private head = 0;
  private size = 0;

  constructor(readonly capacityMax: number) {
    assert(Number.isInteger(capacityMax) && capacityMax > 0, 'queue capacity must be > 0');
    this.slots = new Array<T | undefined>(initialSlots);
  }

  get length(): number {
    return this.size;
  }

  isFull(): boolean {
    return this.size >= this.capacityMax;
  }

  push(item: T): boolean {
    if (this.size >= this.capacityMax) return false;
    if (this.size === this.slots.length) this.grow();
    this.slots[(this.head + this.size) & (this.slots.length - 1)] = item;
    this.size += 1;
    return true;
  }

  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.slots[this.head];
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) & (this.slots.length - 1);
    this.size -= 1;
    return item;
  }

  /** Removes and returns everything, oldest first. */
  drain(): T[] {
    const items: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) items.push(item);
    return items;
  }

  private grow(): void {
    const next = new Array<T | undefined>(this.slots.length * 2);
    for (let i = 0; i < this.size; i += 1) {
      next[i] = this.slots[(this.head + i) & (this.slots.length - 1)];
    }
    this.slots = next;
    this.head = 0;
  }
}
