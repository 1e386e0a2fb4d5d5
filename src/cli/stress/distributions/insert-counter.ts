/**
 * The key numbers of inserts and the newest one acknowledged (YCSB's
 * AcknowledgedCounterGenerator): `latest` reads must pick only keys whose insert has been
 * answered, and inserts finish out of order, so `lastAcknowledged` is the end of the run of
 * answered numbers without a gap. Out-of-order answers wait in a set, bounded by the
 * operations in flight.
 */

import { assert } from '../../../lib/assert.js';

export class InsertCounter {
  private nextNumber: number;
  private acknowledgedThrough: number;
  private readonly answeredAhead = new Set<number>();

  /** Numbers below `start` exist already (the loaded records). */
  constructor(start: number) {
    assert(Number.isSafeInteger(start) && start >= 0, `insert counter start ${start}`);
    this.nextNumber = start;
    this.acknowledgedThrough = start - 1;
  }

  /** The next key number to insert. */
  next(): number {
    return this.nextNumber++;
  }

  acknowledge(number: number): void {
    assert(number < this.nextNumber && number > this.acknowledgedThrough, `acknowledged ${number} twice or before it was issued`);
    this.answeredAhead.add(number);
    while (this.answeredAhead.delete(this.acknowledgedThrough + 1)) this.acknowledgedThrough++;
  }

  /** The newest key number every insert up to which is answered (-1: none yet). */
  lastAcknowledged(): number {
    return this.acknowledgedThrough;
  }
}
