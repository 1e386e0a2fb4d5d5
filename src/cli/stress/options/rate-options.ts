/**
 * `-rate threads=N` (a closed loop of N clients) or `-rate fixed=R/s [threads=N]` (an open
 * loop at R operations a second, at most N outstanding: when the server falls behind,
 * operations queue and their wait counts in their latency).
 */

import { OptionGroup } from './option-group.js';
import type { OptionParam } from './option-tokens.js';
import { parsePositiveCount, parseRatePerSecond } from './option-numbers.js';
import type { RateModel } from './stress-settings.js';
import { StressUsageError } from './stress-usage-error.js';

const THREADS_DEFAULT = 64;
/** An open loop's outstanding operations when `threads=` is not given. */
const FIXED_IN_FLIGHT_DEFAULT = 1024;
/** Bounds: clients are promises, not OS threads, but each holds a request slot. */
export const THREADS_MAX = 16_384;

export function parseRateOptions(params: readonly OptionParam[] | undefined): RateModel {
  if (params === undefined) return { kind: 'threads', threads: THREADS_DEFAULT };
  const group = new OptionGroup('-rate', params);
  const threadsText = group.value('threads');
  const fixed = group.value('fixed');
  if (group.value('throttle') !== undefined) throw new StressUsageError('-rate throttle= is not supported: use fixed=N/s (an open loop)');
  group.finish();
  const threads = threadsText === undefined ? undefined : parsePositiveCount(threadsText, '-rate threads');
  if (threads !== undefined && threads > THREADS_MAX) throw new StressUsageError(`-rate threads= is at most ${THREADS_MAX}`);
  if (fixed !== undefined) return { kind: 'fixed', perSecond: parseRatePerSecond(fixed, '-rate fixed'), inFlightMax: threads ?? FIXED_IN_FLIGHT_DEFAULT };
  return { kind: 'threads', threads: threads ?? THREADS_DEFAULT };
}
