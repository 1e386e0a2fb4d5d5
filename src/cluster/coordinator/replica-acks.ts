/**
 * Counts replica answers against what a consistency level needs (Cassandra's
 * AbstractWriteResponseHandler / ReadCallback, reduced to counting): the needs are per group
 * (one group "*" for ONE..ALL and QUORUM; the local datacenter for LOCAL_*; one group per
 * datacenter for EACH_QUORUM), a replica counts toward its group or toward none. It settles
 * once: met when every group has its acks, failed as soon as a group can no longer get them,
 * timed out at the deadline with the acks that did arrive.
 */

import type { TimerHandle, Timers } from '../../actors/timers.js';
import type { NodeAddress } from '../messaging/transport.js';

export interface AckNeeds {
  /** Acks required per group. */
  readonly required: ReadonlyMap<string, number>;
  /** The group a replica's ack counts toward, or null (a remote DC under LOCAL_QUORUM). */
  groupOf(replica: NodeAddress): string | null;
}

export type AckOutcome =
  | { readonly kind: 'met'; readonly received: number }
  | { readonly kind: 'timeout'; readonly received: number; readonly blockFor: number }
  | { readonly kind: 'failed'; readonly received: number; readonly blockFor: number; readonly failures: number; readonly detail: string };

export class ReplicaAcks {
  private readonly acks = new Map<string, number>();
  private readonly failuresByGroup = new Map<string, number>();
  /** Replicas asked, per group: a group fails when asked - failures < required. */
  private readonly askedByGroup = new Map<string, number>();
  private received = 0;
  private failures = 0;
  private settled = false;
  private timer: TimerHandle | null = null;
  private resolveOutcome!: (outcome: AckOutcome) => void;
  readonly outcome: Promise<AckOutcome>;

  constructor(
    private readonly needs: AckNeeds,
    asked: readonly NodeAddress[],
    timeoutMs: number,
    private readonly timers: Timers,
  ) {
    this.outcome = new Promise((resolve) => (this.resolveOutcome = resolve));
    for (const replica of asked) {
      const group = needs.groupOf(replica);
      if (group !== null) this.askedByGroup.set(group, (this.askedByGroup.get(group) ?? 0) + 1);
    }
    if (this.isMet()) this.settle({ kind: 'met', received: 0 });
    else this.timer = timers.setTimeout(() => this.settle({ kind: 'timeout', received: this.received, blockFor: this.blockFor }), timeoutMs);
  }

  get blockFor(): number {
    let total = 0;
    for (const n of this.needs.required.values()) total += n;
    return total;
  }

  ack(replica: NodeAddress): void {
    if (this.settled) return;
    const group = this.needs.groupOf(replica);
    if (group === null) return;
    this.received++;
    this.acks.set(group, (this.acks.get(group) ?? 0) + 1);
    if (this.isMet()) this.settle({ kind: 'met', received: this.received });
  }

  fail(replica: NodeAddress, detail: string): void {
    if (this.settled) return;
    const group = this.needs.groupOf(replica);
    if (group === null) return;
    this.failures++;
    const failed = (this.failuresByGroup.get(group) ?? 0) + 1;
    this.failuresByGroup.set(group, failed);
    const required = this.needs.required.get(group) ?? 0;
    if ((this.askedByGroup.get(group) ?? 0) - failed < required) {
      this.settle({ kind: 'failed', received: this.received, blockFor: this.blockFor, failures: this.failures, detail });
    }
  }

  private isMet(): boolean {
    for (const [group, required] of this.needs.required) if ((this.acks.get(group) ?? 0) < required) return false;
    return true;
  }

  private settle(outcome: AckOutcome): void {
    if (this.settled) return;
    this.settled = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.resolveOutcome(outcome);
  }
}
