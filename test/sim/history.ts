/**
 * What the simulated clients did and what they were told: one record per operation, in the
 * order issued, with the step of the simulation at which each was issued and answered (steps
 * order events strictly, where simulated milliseconds may tie). The invariants read only this
 * and the replicas' storage.
 *
 * Two tables: `kv` (one row per key) and `rows` (rows c = 0..3 per key, deleted one at a
 * time, by range `c >= x` or whole). A write covers some of a key's rows (its target); a read
 * answers the rows it found. Values are unique per write ("v<op id>") and timestamps unique
 * and increasing (the client sets them, as the DataStax driver's timestamp generator does),
 * so a value read names the one write that produced it and reconciliation never breaks a tie.
 */

import type { ConsistencyLevel } from '../../src/cluster/consistency/consistency-level.js';

export type SimTable = 'kv' | 'rows';

/** The clustering values of each table's partitions: kv's one row is c 0. */
export const CLUSTERINGS: Readonly<Record<SimTable, readonly number[]>> = { kv: [0], rows: [0, 1, 2, 3] };

/** The rows of a partition a write covers: one, those from a clustering value on, or all. */
export type WriteTarget =
  | { readonly kind: 'row'; readonly clustering: number }
  | { readonly kind: 'from'; readonly clustering: number }
  | { readonly kind: 'partition' };

/**
 * ok: the coordinator acknowledged it. failed: the coordinator refused or timed out (it may
 * still have been applied somewhere). lost: its coordinator crashed while it was in flight
 * (the client saw the connection drop; it may have been applied).
 */
export type Outcome = 'ok' | 'failed' | 'lost';

export interface WriteRecord {
  readonly kind: 'put' | 'delete';
  readonly id: number;
  readonly table: SimTable;
  readonly key: number;
  /** A put's target is one row. */
  readonly target: WriteTarget;
  /** The value a put wrote; null for a delete. */
  readonly value: string | null;
  readonly timestamp: bigint;
  readonly level: ConsistencyLevel;
  readonly coordinator: string;
  /** The coordinator's datacenter (what LOCAL_* levels count in). */
  readonly datacenter: string;
  /** Which ring the coordinator saw when it was issued: views numbered in the order first seen (see invariants.ts). */
  readonly ringEpoch: number;
  readonly issuedStep: number;
  answeredStep: number | null;
  outcome: Outcome | null;
  error: string | null;
}

export interface ReadRecord {
  readonly kind: 'read';
  readonly id: number;
  readonly table: SimTable;
  readonly key: number;
  readonly level: ConsistencyLevel;
  readonly coordinator: string;
  readonly datacenter: string;
  readonly ringEpoch: number;
  readonly issuedStep: number;
  answeredStep: number | null;
  outcome: Outcome | null;
  /** The rows read, value by clustering; null until answered. */
  rows: ReadonlyMap<number, string> | null;
  error: string | null;
}

export type OperationRecord = WriteRecord | ReadRecord;

/** A partition the clients touched. */
export interface PartitionRef {
  readonly table: SimTable;
  readonly key: number;
}

/** Whether a write reaches the row at `clustering`. */
export function covers(write: WriteRecord, clustering: number): boolean {
  switch (write.target.kind) {
    case 'row':
      return write.target.clustering === clustering;
    case 'from':
      return clustering >= write.target.clustering;
    case 'partition':
      return true;
  }
}

export class History {
  readonly operations: OperationRecord[] = [];
  private readonly byValue = new Map<string, WriteRecord>();

  add(op: OperationRecord): void {
    this.operations.push(op);
    if (op.kind === 'put' && op.value !== null) this.byValue.set(op.value, op);
  }

  writesOf(table: SimTable, key: number): WriteRecord[] {
    return this.operations.filter((op): op is WriteRecord => op.kind !== 'read' && op.table === table && op.key === key);
  }

  reads(): ReadRecord[] {
    return this.operations.filter((op): op is ReadRecord => op.kind === 'read');
  }

  /** Every partition an operation named, kv first, by key. */
  partitions(): PartitionRef[] {
    const seen = new Map<string, PartitionRef>();
    for (const op of this.operations) seen.set(`${op.table}:${op.key}`, { table: op.table, key: op.key });
    return [...seen.values()].sort((a, b) => (a.table === b.table ? a.key - b.key : a.table < b.table ? -1 : 1));
  }

  /** The write that put `value`, if any client ever issued it. */
  writeOfValue(value: string): WriteRecord | undefined {
    return this.byValue.get(value);
  }

  /** Operations issued and not yet answered. */
  inFlight(): OperationRecord[] {
    return this.operations.filter((op) => op.outcome === null);
  }
}
