/**
 * What the load loops drive and when they stop. An operation source picks each operation's
 * kind and runs it; the loops time it and record it; the run ends after n operations, at the
 * deadline, or when a stop is requested (Ctrl-C), whichever is first.
 */

import type { LatencyRecorder } from '../metrics/latency-recorder.js';
import type { RunLength } from '../options/stress-settings.js';
import type { StressClock } from './stress-clock.js';

export interface OperationSource {
  /** The next operation's kind: an index into the recorder's kinds. */
  chooseKind(): number;
  run(kind: number): Promise<unknown>;
}

/** Set by a signal handler to end the run early, with its results reported. */
export interface StopRequest {
  requested: boolean;
}

export interface LoadPlan {
  readonly source: OperationSource;
  readonly recorder: LatencyRecorder;
  readonly length: RunLength;
  readonly clock: StressClock;
  readonly stop: StopRequest;
}

export interface LoadOutcome {
  /** Operations started (each answered or failed by the time the loop returns). */
  readonly issued: number;
  readonly startMs: number;
  readonly elapsedMs: number;
}

/** Whether operation number `issued` (0-based), due at `dueMs`, should not start. */
export function isRunOver(plan: LoadPlan, issued: number, startMs: number, dueMs: number): boolean {
  if (plan.stop.requested) return true;
  return plan.length.kind === 'operations' ? issued >= plan.length.operations : dueMs - startMs >= plan.length.durationMs;
}
