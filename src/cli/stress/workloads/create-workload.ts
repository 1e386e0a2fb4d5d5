/** The workload a run's command names. */

import { SeededRandom } from '../../../lib/random.js';
import type { StressSettings } from '../options/stress-settings.js';
import { DefaultWorkload } from './default-workload.js';
import type { StressWorkload } from './stress-workload.js';
import { StressUsageError } from '../options/stress-usage-error.js';

export async function createWorkload(settings: StressSettings): Promise<StressWorkload> {
  const random = new SeededRandom(settings.seed);
  const command = settings.command;
  switch (command.kind) {
    case 'write':
    case 'read':
    case 'mixed':
      return new DefaultWorkload({ ...settings, command }, random);
    case 'user':
    case 'ycsb':
      throw new StressUsageError(`${command.kind} is not built yet`);
  }
}
