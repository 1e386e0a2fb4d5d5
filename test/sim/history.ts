/**
 * What the simulated clients did and what they were told: one record per operation, in the
 * order issued, with the step of the simulation at which each was issued and answered (steps
 * order events strictly, where simulated milliseconds may tie). The invariants read only this
 * and the replicas' storage.
 *
 * Values are unique per write ("v<op id>") and timestamps unique and increasing (the client
 * sets them, as the DataStax driver's timestamp generator does), so a value read names the
 * one write that produced it and reconciliation never has to break a tie.
 */

import type { ConsistencyLevel } from '../../src/cluster/consistency/consistency-level.js';

/**
 * ok: the coordinator acknowledged it. failed: the coordinator refused or timed out (it may
 * still have been applied somewhere). lost: its coordinator crashed while it was in flight
 * (the client saw the connection drop; it may have been applied).
 */
export type Outcome = 'ok' | 'failed' | 'lost';

export interface WriteRecord {
  readonly kind: 'put' | 'delete';
  readonly id: number;
  readonly key: number;
  /** The value a put wrote; null for a delete. */
  readonly value: string | null;
  readonly timestamp: bigint;
  readonly level: ConsistencyLevel;
  readonly coordinator: string;
  readonly issuedStep: number;
  answeredStep: number | null;
  outcome: Outcome | null;
  error: string | null;
}

export interface ReadRecord {
  readonly kind: 'read';
  readonly id: number;
  readonly key: number;
  readonly level: ConsistencyLevel;
  readonly coordinator: string;
  readonly issuedStep: number;
  answeredStep: number | null;
  outcome: Outcome | null;
  /** The value read, or null for no row. */
  value: string | null;
  error: string | null;
}

export type OperationRecord = WriteRecord | ReadRecord;

export class History {
  readonly operations: OperationRecord[] = [];

  writesOf(key: number): WriteRecord[] {
    return this.operations.filter((op): op is WriteRecord => op.kind !== 'read' && op.key === key);
  }

  reads(): ReadRecord[] {
    return this.operations.filter((op): op is ReadRecord => op.kind === 'read');
  }

  keys(): number[] {
    return [...new Set(this.operations.map((op) => op.key))].sort((a, b) => a - b);
  }

  /** The write that put `value`, if any client ever issued it. */
  writeOfValue(value: string): WriteRecord | undefined {
    return this.operations.find((op): op is WriteRecord => op.kind === 'put' && op.value === value);
  }

  /** Operations issued and not yet answered. */
  inFlight(): OperationRecord[] {
    return this.operations.filter((op) => op.outcome === null);
  }
}
