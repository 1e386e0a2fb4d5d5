/** The workload a run's command names. */

import { SeededRandom } from '../../../lib/random.js';
import type { StressSettings } from '../options/stress-settings.js';
import { DefaultWorkload } from './default-workload.js';
import type { StressWorkload } from './stress-workload.js';
import { UserProfileWorkload } from './user-profile-workload.js';
import { YcsbWorkload } from './ycsb-workload.js';

export function createWorkload(settings: StressSettings): StressWorkload {
  const random = new SeededRandom(settings.seed);
  const command = settings.command;
  switch (command.kind) {
    case 'write':
    case 'read':
    case 'mixed':
      return new DefaultWorkload({ ...settings, command }, random);
    case 'user':
      return UserProfileWorkload.fromFile({ ...settings, command }, random);
    case 'ycsb':
      return new YcsbWorkload({ ...settings, command }, random);
  }
}
