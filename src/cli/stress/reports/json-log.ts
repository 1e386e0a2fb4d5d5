/**
 * The machine-readable result (`-log file=F json`): the settings, then per phase every
 * interval and the totals (counts, op/s, latency percentiles in ms) and the errors by code.
 *
 *   { "tool": "sibyl stress", "startedAt": ISO, "target": "...", "settings": {...},
 *     "phases": [ { "name": "run", "kinds": [...], "intervals": [ { "endS", "total", "kinds" } ],
 *                   "totals": { "elapsedS", "total", "kinds", "errors": [ { "error", "count" } ] } } ] }
 */

import type { StressSettings } from '../options/stress-settings.js';
import type { PhaseResult } from './phase-result.js';

export interface StressRunRecord {
  readonly startedAt: Date;
  /** The backend's description. */
  readonly target: string;
  readonly settings: StressSettings;
  readonly phases: readonly PhaseResult[];
}

export function jsonLog(record: StressRunRecord): string {
  const document = {
    tool: 'sibyl stress',
    startedAt: record.startedAt.toISOString(),
    target: record.target,
    settings: record.settings,
    latencyUnit: 'ms',
    phases: record.phases.map((phase) => ({
      name: phase.name,
      kinds: phase.kinds,
      intervals: phase.intervals.map((interval) => ({ endS: round(interval.endS), total: interval.total, kinds: Object.fromEntries(interval.kinds.map((k) => [k.kind, k.stats])) })),
      totals: {
        elapsedS: round(phase.totals.elapsedS),
        total: phase.totals.total,
        kinds: Object.fromEntries(phase.totals.kinds.map((k) => [k.kind, k.stats])),
        errors: phase.totals.errors,
      },
    })),
  };
  return `${JSON.stringify(document, jsonValue, 2)}\n`;
}

/** Maps as objects; numbers to three decimals (microseconds of a millisecond). */
function jsonValue(_key: string, value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries(value);
  if (typeof value === 'number' && !Number.isInteger(value)) return round(value);
  return value;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
