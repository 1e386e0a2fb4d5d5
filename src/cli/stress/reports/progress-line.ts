/**
 * The progress bar on a terminal: how far the run is (operations of n, or time of the
 * duration), the last interval's rate, the ETA, the last interval's p99 and the errors so far,
 * redrawn in place.
 *
 *   [##########..........]  50%  10,000/20,000 ops  31,204 op/s  ETA 0.3 s  p99 4.12 ms  errors 0
 *
 * src/cli/progress-bar.ts draws a count of a known total with a rate from the start; a stress
 * run also needs time-based progress and a latency, so it has this line of its own.
 */

import type { IntervalStats } from '../metrics/latency-recorder.js';
import type { RunLength } from '../options/stress-settings.js';
import { formatCount, formatMs } from './number-format.js';

const BAR_WIDTH = 20;

export function progressLine(length: RunLength, operationsSoFar: number, errorsSoFar: number, last: IntervalStats): string {
  const rate = last.total.opsPerSecond;
  const fraction = length.kind === 'operations' ? operationsSoFar / length.operations : (last.endS * 1000) / length.durationMs;
  const clamped = Math.min(Math.max(fraction, 0), 1);
  const filled = Math.round(clamped * BAR_WIDTH);
  const done =
    length.kind === 'operations' ? `${formatCount(operationsSoFar)}/${formatCount(length.operations)} ops` : `${last.endS.toFixed(0)}/${(length.durationMs / 1000).toFixed(0)} s, ${formatCount(operationsSoFar)} ops`;
  const etaS = length.kind === 'operations' ? (rate > 0 ? (length.operations - operationsSoFar) / rate : Infinity) : length.durationMs / 1000 - last.endS;
  const eta = Number.isFinite(etaS) ? `${Math.max(etaS, 0).toFixed(1)} s` : '?';
  return `\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${(clamped * 100).toFixed(0).padStart(3)}%  ${done}  ${formatCount(rate)} op/s  ETA ${eta}  p99 ${formatMs(last.total.p99Ms)} ms  errors ${formatCount(errorsSoFar)}   `;
}
