/**
 * What a function may consult besides its arguments (STYLE rule 7: no ambient time or
 * randomness): the clock for now(), currentTimestamp() and friends, a seeded random source for
 * uuid(), and the node's time-UUID generator, which keeps now() values unique and increasing.
 */

import type { Clock } from '../../lib/clock.js';
import type { Random } from '../../lib/random.js';
import type { TimeUuidGenerator } from './time-uuid-generator.js';

export interface FunctionContext {
  readonly clock: Clock;
  readonly random: Random;
  readonly timeUuids: TimeUuidGenerator;
}
