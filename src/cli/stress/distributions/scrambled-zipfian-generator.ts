/**
 * YCSB's ScrambledZipfianGenerator, its `requestdistribution=zipfian`: zipfian ranks over a
 * fixed ten billion items (whose zeta YCSB precomputes for theta 0.99), hashed (FNV-64) onto
 * [min, max]. The hot items are then spread over the key space instead of being its first
 * keys, and the item count can change without recomputing zeta.
 */

import { assert } from '../../../lib/assert.js';
import type { Random } from '../../../lib/random.js';
import { fnvHash64 } from './fnv-hash.js';
import type { IntegerDistribution } from './integer-distribution.js';
import { ZipfianGenerator } from './zipfian-generator.js';
import { ZIPFIAN_THETA_DEFAULT } from './distribution-spec.js';

/** YCSB's ScrambledZipfianGenerator.ITEM_COUNT and ZETAN (zeta of that count at theta 0.99). */
const SCRAMBLED_ITEM_COUNT = 10_000_000_000;
const SCRAMBLED_ZETAN = 26.46902820178302;

export class ScrambledZipfianGenerator implements IntegerDistribution {
  private readonly ranks: ZipfianGenerator;
  private readonly itemCount: bigint;

  constructor(
    private readonly min: number,
    max: number,
    theta: number = ZIPFIAN_THETA_DEFAULT,
  ) {
    assert(max >= min, `scrambled zipfian bounds ${min}..${max} run backwards`);
    this.itemCount = BigInt(max - min + 1);
    this.ranks =
      theta === ZIPFIAN_THETA_DEFAULT
        ? new ZipfianGenerator(0, SCRAMBLED_ITEM_COUNT - 1, theta, SCRAMBLED_ZETAN)
        : // Another theta has no precomputed zeta: rank over the real items (zeta costs one pass).
          new ZipfianGenerator(0, max - min, theta);
  }

  next(random: Random): number {
    return this.min + Number(fnvHash64(this.ranks.next(random)) % this.itemCount);
  }
}
