/**
 * YCSB's records: key number i is named "user" + fnvhash64(i) (CoreWorkload.buildKeyName with
 * hashed inserts, so key order is not insert order), and its ten fields are 100 printable
 * characters each, taken as slices of one seeded pool (no string built per field).
 */

import { SeededRandom } from '../../../lib/random.js';
import { fnvHash64 } from '../distributions/fnv-hash.js';
import { YCSB_FIELD_LENGTH } from './ycsb-workload-spec.js';

const POOL_CHARACTERS = 1 << 16;
/** YCSB's RandomByteIterator draws printable ASCII from ' ' to '~'. */
const PRINTABLE_FIRST = 0x20;
const PRINTABLE_COUNT = 0x5f;

export class YcsbRecords {
  private readonly pool: string;

  constructor(private readonly random: SeededRandom) {
    const codes = new Uint8Array(POOL_CHARACTERS);
    for (let i = 0; i < codes.length; i++) codes[i] = PRINTABLE_FIRST + random.int(PRINTABLE_COUNT);
    this.pool = Buffer.from(codes).toString('latin1');
  }

  keyName(keyNumber: number): string {
    return `user${fnvHash64(keyNumber)}`;
  }

  /** A field value: 100 characters from a random place in the pool. */
  fieldValue(): string {
    const at = this.random.int(POOL_CHARACTERS - YCSB_FIELD_LENGTH);
    return this.pool.slice(at, at + YCSB_FIELD_LENGTH);
  }
}
