/**
 * YCSB's SkewedLatestGenerator (`requestdistribution=latest`, workload D): the newest
 * acknowledged insert is the most popular key, and popularity falls off as zipfian with age:
 * key = newest - zipfian rank over the keys so far.
 */

import type { Random } from '../../../lib/random.js';
import type { InsertCounter } from './insert-counter.js';
import type { IntegerDistribution } from './integer-distribution.js';
import { ZipfianGenerator } from './zipfian-generator.js';
import { ZIPFIAN_THETA_DEFAULT } from './distribution-spec.js';

export class SkewedLatestGenerator implements IntegerDistribution {
  private readonly ranks: ZipfianGenerator;

  constructor(private readonly inserts: InsertCounter) {
    this.ranks = new ZipfianGenerator(0, Math.max(inserts.lastAcknowledged(), 1) - 1, ZIPFIAN_THETA_DEFAULT);
  }

  next(random: Random): number {
    const newest = this.inserts.lastAcknowledged();
    if (newest < 1) return 0;
    // Ranks 0..newest-1 give keys newest..1; key 0 is the oldest, least popular.
    return newest - this.ranks.nextOf(newest, random);
  }
}
