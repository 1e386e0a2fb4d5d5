/**
 * A source of whole numbers drawn from a distribution, with the caller's seeded random (so a
 * run replays and tests can check statistics). Each kind is in its own file; `createDistribution`
 * builds one from its spec.
 */

import type { Random } from '../../../lib/random.js';

export interface IntegerDistribution {
  next(random: Random): number;
}
