/**
 * What preparing one statement (a whole BATCH included) accumulates: its variables, the
 * stand-in markers that replace the terms holding markers, and the rewritten terms to check
 * once every stand-in exists. The rewritten statement has only stand-in markers, numbered from
 * 0, and `executionContext()` binds each to its stand-in value, so the executor's checks can
 * run on it as on an executed statement.
 */

import type { BindMarker } from '../ast/bind-marker.js';
import { BindMarker as BindMarkerNode } from '../ast/bind-marker.js';
import type { Term } from '../ast/term.js';
import type { ExecutionContext } from '../executor/execution-context.js';
import { termValue } from '../executor/terms.js';
import type { CqlType } from '../types/cql-type.js';
import { BindVariables } from './bind-variables.js';
import type { MarkerReceiver } from './marker-receiver.js';
import { standInValue } from './stand-in-value.js';

export class PrepareScope {
  readonly variables: BindVariables;
  private readonly standIns: unknown[] = [];
  private readonly pending: { readonly term: Term; readonly receiver: MarkerReceiver }[] = [];

  constructor(
    markers: readonly BindMarker[],
    private readonly base: ExecutionContext,
  ) {
    this.variables = new BindVariables(markers);
  }

  /** A new marker bound to a valid value of `type` (or to `value`, when the type's stand-in would not do). */
  standInMarker(type: CqlType, value: unknown = standInValue(type)): BindMarker {
    const marker = BindMarkerNode.create({ index: this.standIns.length, name: null });
    this.standIns.push(value);
    return marker;
  }

  /** A rewritten term no shared executor check evaluates: evaluated by `checkPendingTerms`. */
  checkLater(term: Term, receiver: MarkerReceiver): void {
    this.pending.push({ term, receiver });
  }

  /** Evaluates every term left by `checkLater` for its receiver: Cassandra's prepare-time refusals of literals. */
  checkPendingTerms(): void {
    const context = this.executionContext();
    for (const { term, receiver } of this.pending) termValue(term, receiver, context);
  }

  /** The context the rewritten statement runs its checks in: stand-in values, one page of everything. */
  executionContext(): ExecutionContext {
    return { ...this.base, params: this.standIns, fetchSize: Infinity, pageState: null };
  }

  get keyspace(): string | null {
    return this.base.keyspace;
  }
}
