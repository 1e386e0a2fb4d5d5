/** `-pop seq=1..N` or `-pop dist=gaussian(1..N,mean,stdev)`: which keys operations touch. */

import { parseDistribution, type DistributionSpec } from '../distributions/distribution-spec.js';
import { OptionGroup } from './option-group.js';
import type { OptionParam } from './option-tokens.js';
import { StressUsageError } from './stress-usage-error.js';

export function parsePopulationOptions(params: readonly OptionParam[] | undefined): DistributionSpec | null {
  if (params === undefined) return null;
  const group = new OptionGroup('-pop', params);
  const seq = group.value('seq');
  const dist = group.value('dist');
  group.finish();
  if ((seq === undefined) === (dist === undefined)) throw new StressUsageError('-pop takes one of seq=MIN..MAX or dist=DISTRIBUTION');
  if (seq !== undefined) return parseDistribution(`seq(${seq})`);
  const spec = parseDistribution(dist!);
  if (spec.kind === 'sequence') throw new StressUsageError('-pop dist= takes a distribution; write a sequence as seq=MIN..MAX');
  return spec;
}
