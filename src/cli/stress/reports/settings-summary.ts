/** The run's header: what is stressed, how, and with which settings (as cassandra-stress prints them first). */

import { describeDistribution } from '../distributions/distribution-spec.js';
import type { StressSettings } from '../options/stress-settings.js';

export function settingsSummary(settings: StressSettings, target: string): string {
  const { command, length, rate } = settings;
  const what =
    command.kind === 'mixed'
      ? `mixed ratio(${[...command.ratio].map(([k, w]) => `${k}=${w}`).join(',')})`
      : command.kind === 'user'
        ? `user profile=${command.profilePath} ops(${[...command.ops].map(([k, w]) => `${k}=${w}`).join(',')})`
        : command.kind === 'ycsb'
          ? `ycsb workload=${command.workload} records=${command.records} phase=${command.phase}`
          : command.kind;
  const howLong = length.kind === 'operations' ? `n=${length.operations}` : `duration=${length.durationMs / 1000}s`;
  const load = rate.kind === 'threads' ? `threads=${rate.threads} (closed loop)` : `fixed=${rate.perSecond}/s, at most ${rate.inFlightMax} in flight (open loop)`;
  return [
    `sibyl stress: ${what} ${howLong} cl=${settings.consistency}`,
    `  target: ${target}`,
    `  rate: ${load}`,
    `  population: ${settings.population === null ? 'default' : describeDistribution(settings.population)}, seed ${settings.seed}`,
    '',
  ].join('\n');
}
