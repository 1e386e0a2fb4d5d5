/** A distribution's sampler from its spec. */

import { assertNever } from '../../../lib/assert.js';
import type { DistributionSpec } from './distribution-spec.js';
import { FixedDistribution } from './fixed-distribution.js';
import { GaussianDistribution } from './gaussian-distribution.js';
import type { IntegerDistribution } from './integer-distribution.js';
import { ScrambledZipfianGenerator } from './scrambled-zipfian-generator.js';
import { SequenceDistribution } from './sequence-distribution.js';
import { UniformDistribution } from './uniform-distribution.js';

export function createDistribution(spec: DistributionSpec): IntegerDistribution {
  switch (spec.kind) {
    case 'fixed':
      return new FixedDistribution(spec.value);
    case 'uniform':
      return new UniformDistribution(spec.min, spec.max);
    case 'gaussian':
      return new GaussianDistribution(spec.min, spec.max, spec.mean, spec.stdev);
    case 'zipfian':
      return new ScrambledZipfianGenerator(spec.min, spec.max, spec.theta);
    case 'sequence':
      return new SequenceDistribution(spec.min, spec.max);
    default:
      return assertNever(spec, 'distribution');
  }
}
