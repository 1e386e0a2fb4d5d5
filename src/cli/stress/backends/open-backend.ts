/** The backend a run's `-mode` names. */

import type { StressSettings } from '../options/stress-settings.js';
import type { StressBackend } from './stress-backend.js';

export async function openBackend(settings: Pick<StressSettings, 'mode' | 'node'>): Promise<StressBackend> {
  if (settings.mode.kind === 'embedded') {
    const { EmbeddedBackend } = await import('./embedded-backend.js');
    return EmbeddedBackend.open(settings.mode.nodes, settings.mode.dataDir);
  }
  const { DriverBackend } = await import('./driver-backend.js');
  return DriverBackend.connect(settings.node);
}
