/**
 * A workload: the schema it needs and the operations it runs. Setting up creates what is
 * missing and prepares every statement, then hands the runner its phases: one for
 * write/read/mixed/user; YCSB loads its records in a phase of its own before the measured one.
 */

import type { StressBackend } from '../backends/stress-backend.js';
import type { RunLength } from '../options/stress-settings.js';
import type { OperationSource } from '../runner/load-plan.js';

export interface StressPhase {
  /** `run`, or `load` for YCSB's record loading. */
  readonly name: string;
  /** Operation kinds as reported (WRITE, READ, ...), indexed by OperationSource.chooseKind. */
  readonly kinds: readonly string[];
  readonly length: RunLength;
  readonly source: OperationSource;
}

export interface StressWorkload {
  setUp(backend: StressBackend): Promise<readonly StressPhase[]>;
}
