/**
 * `-log file=F [json]` (or `format=json`), `interval=1s`; `-graph file=F.html [title=T]`.
 * A log file named *.json is JSON without saying so.
 */

import { OptionGroup } from './option-group.js';
import type { OptionParam } from './option-tokens.js';
import { parseDurationMs } from './option-numbers.js';
import type { StressSettings } from './stress-settings.js';
import { StressUsageError } from './stress-usage-error.js';

const INTERVAL_DEFAULT_MS = 1000;
const INTERVAL_MIN_MS = 100;

export function parseLogOptions(params: readonly OptionParam[] | undefined): Pick<StressSettings, 'log' | 'intervalMs'> {
  if (params === undefined) return { log: null, intervalMs: INTERVAL_DEFAULT_MS };
  const group = new OptionGroup('-log', params);
  const file = group.value('file');
  const format = group.value('format') ?? (group.flag('json') ? 'json' : undefined);
  const interval = group.value('interval');
  group.finish();
  if (format !== undefined && format !== 'json' && format !== 'text') throw new StressUsageError(`-log format= is json or text, not '${format}'`);
  const intervalMs = interval === undefined ? INTERVAL_DEFAULT_MS : parseDurationMs(interval, '-log interval');
  if (intervalMs < INTERVAL_MIN_MS) throw new StressUsageError(`-log interval= is at least ${INTERVAL_MIN_MS}ms`);
  if (file === undefined) {
    if (format !== undefined) throw new StressUsageError('-log json needs file=FILE');
    return { log: null, intervalMs };
  }
  return { log: { file, format: format ?? (file.toLowerCase().endsWith('.json') ? 'json' : 'text') }, intervalMs };
}

export function parseGraphOptions(params: readonly OptionParam[] | undefined): StressSettings['graph'] {
  if (params === undefined) return null;
  const group = new OptionGroup('-graph', params);
  const file = group.value('file');
  const title = group.value('title');
  group.finish();
  if (file === undefined) throw new StressUsageError('-graph needs file=FILE.html');
  return { file, title: title ?? 'sibyl stress' };
}
