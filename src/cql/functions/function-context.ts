/**
 * What a function may consult besides its arguments (STYLE rule 7: no ambient time or
 * randomness): the clock for now(), currentTimestamp() and friends, a random source for
 * uuid(), and the node's time-UUID generator, which keeps now() values unique and increasing.
 *
 * Callers should pass the node's own random source and generator. When they do not, each
 * clock gets a generator and a random source seeded from the clock's time at first use:
 * deterministic under a ManualClock, and still unique and increasing per clock.
 */

import type { Clock } from '../../lib/clock.js';
import { SeededRandom, type Random } from '../../lib/random.js';
import { TimeUuidGenerator } from './time-uuid-generator.js';

export interface FunctionContext {
  readonly clock: Clock;
  readonly random?: Random | undefined;
  readonly timeUuids?: TimeUuidGenerator | undefined;
}

interface FunctionServices {
  readonly random: Random;
  readonly timeUuids: TimeUuidGenerator;
}

const servicesByClock = new WeakMap<Clock, FunctionServices>();

export function functionServices(context: FunctionContext): FunctionServices {
  if (context.random !== undefined && context.timeUuids !== undefined) return { random: context.random, timeUuids: context.timeUuids };
  let services = servicesByClock.get(context.clock);
  if (services === undefined) {
    const random = new SeededRandom(context.clock.nowMs() % 2 ** 31);
    services = { random, timeUuids: new TimeUuidGenerator(random) };
    servicesByClock.set(context.clock, services);
  }
  return { random: context.random ?? services.random, timeUuids: context.timeUuids ?? services.timeUuids };
}
