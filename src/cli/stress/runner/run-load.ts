/** Runs a load plan under the settings' rate model. */

import { assertNever } from '../../../lib/assert.js';
import type { RateModel } from '../options/stress-settings.js';
import { runClosedLoop } from './closed-loop.js';
import { runFixedRate } from './fixed-rate-loop.js';
import type { LoadOutcome, LoadPlan } from './load-plan.js';

export function runLoad(plan: LoadPlan, rate: RateModel): Promise<LoadOutcome> {
  switch (rate.kind) {
    case 'threads':
      return runClosedLoop(plan, rate.threads);
    case 'fixed':
      return runFixedRate(plan, rate.perSecond, rate.inFlightMax);
    default:
      return assertNever(rate, 'rate model');
  }
}
