/**
 * A coordinator's write (Cassandra's StorageProxy.mutate): mutations grouped by the replica set
 * of their ring range, each group encoded once (vnode/encoded-batch.ts), one message per
 * replica node carrying every group it replicates, acks counted per group against the
 * consistency level. Unavailable before anything is sent when a group has too few live
 * replicas; WriteTimeout with the acks that arrived when a group misses its deadline;
 * WriteFailure when replicas refused so many that the level can no longer be met.
 *
 * Hinted handoff (StorageProxy.sendToHintedReplicas): the share of a replica that is down
 * when the write is sent, or that does not answer before the deadline, goes to the hint sink
 * (cluster/hints/), which keeps it for the replica's return. Under ANY a stored hint counts as
 * an acknowledgement, so the write succeeds with every replica down; under the other levels
 * only replicas' own acks count.
 *
 * A range that is changing hands (a node joining, leaving or replacing another) also has
 * pending replicas (membership/pending-ranges.ts): they get the write too, and each raises the
 * acks needed by one (membership/pending-write.ts, ConsistencyLevel.blockForWrite).
 */

import type { Timers } from '../../actors/timers.js';
import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { RowBatchWriter, type RowBatchSink } from '../../storage/row-batch-writer.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import type { WriteMutation } from '../../storage/storage-engine.js';
import { EncodedBatchBuilder } from '../../storage/vnode/encoded-batch.js';
import { BATCH_HEADER_BYTES, VNodeMessageType } from '../../storage/vnode/vnode-wire.js';
import { validateForWrite, type ConsistencyLevel } from '../consistency/consistency-level.js';
import { NoReplyError, type MessagingService } from '../messaging/messaging-service.js';
import { Verb } from '../messaging/verb.js';
import { murmur3Token, murmur3TokenPartsOfRange, tokenFromParts } from '../ring/murmur3.js';
import type { Endpoint } from '../ring/endpoint.js';
import type { ReplicasForToken } from '../replication/replicas-for-token.js';
import type { ReplicationStrategy } from '../replication/replication-strategy.js';
import type { Token } from '../../storage/model/token.js';
import type { HintSink } from '../hints/hint-sink.js';
import { ackNeedsForWrite, assureSufficientLiveForWrite } from '../membership/pending-write.js';
import { NO_PENDING, type PendingReplicas } from '../membership/pending-ranges.js';
import type { ClusterView } from './cluster-view.js';
import { WriteFailureError, WriteTimeoutError, type WriteType } from './consistency-errors.js';
import type { MutationRequest } from './replica-messages.js';
import { ReplicaAcks, type AckOutcome } from './replica-acks.js';

interface ReplicaGroup {
  readonly strategy: ReplicationStrategy;
  readonly replicas: ReplicasForToken;
  /** Nodes about to replicate the range (NO_PENDING almost always). */
  readonly pending: PendingReplicas;
  readonly builder: EncodedBatchBuilder;
}

/** A ClusterView that may also know pending replicas (a ClusterNode does; without it there are none). */
export interface PendingReplicaView extends ClusterView {
  pendingReplicasFor?(strategy: ReplicationStrategy, token: Token): PendingReplicas;
}

export interface WriteCoordinatorDeps {
  readonly engine: NodeStorage;
  readonly messaging: MessagingService;
  readonly view: PendingReplicaView;
  readonly timers: Timers;
  readonly timeoutMs: number;
  /** Where the shares of down or silent replicas go; without one they are dropped (hinted_handoff_enabled: false). */
  readonly hints?: HintSink;
}

/** What one replica node gets of a write: the batches of every group it replicates, and their acks. */
interface ReplicaShare {
  readonly endpoint: Endpoint;
  /** Whether the node was alive when the write was sent (else its share is hinted at once). */
  readonly live: boolean;
  readonly batches: Uint8Array[];
  readonly acks: ReplicaAcks[];
}

/** Mutations of one coordinator write, gathered by replica set before they are sent. */
class WritePlan {
  readonly groups: ReplicaGroup[] = [];
  private readonly byReplicas = new Map<ReplicasForToken, Map<PendingReplicas, ReplicaGroup>>();

  constructor(private readonly view: PendingReplicaView) {}

  groupFor(strategy: ReplicationStrategy, token: Token): ReplicaGroup {
    // Natural replicas are cached per ring range and pending lists interned (one frozen array
    // each): the two arrays are the group's identity.
    const replicas = strategy.replicasFor(token, this.view.ring());
    const pending = this.view.pendingReplicasFor?.(strategy, token) ?? NO_PENDING;
    let byPending = this.byReplicas.get(replicas);
    if (byPending === undefined) this.byReplicas.set(replicas, (byPending = new Map()));
    let group = byPending.get(pending);
    if (group === undefined) {
      byPending.set(pending, (group = { strategy, replicas, pending, builder: new EncodedBatchBuilder() }));
      this.groups.push(group);
    }
    return group;
  }
}

export class WriteCoordinator {
  private readonly tokenParts = new Int32Array(2);

  constructor(private readonly deps: WriteCoordinatorDeps) {}

  async write(mutations: readonly WriteMutation[], level: ConsistencyLevel, writeType: WriteType = 'SIMPLE'): Promise<void> {
    const { view, engine } = this.deps;
    const local: WriteMutation[] = [];
    const plan = new WritePlan(view);
    for (const mutation of mutations) {
      const strategy = view.strategyOf(mutation.tableId);
      if (strategy === null) local.push(mutation);
      else plan.groupFor(strategy, murmur3Token(mutation.key)).builder.add(mutation);
    }
    await Promise.all([local.length === 0 ? undefined : engine.write(local), plan.groups.length === 0 ? undefined : this.send(plan, level, writeType)]);
  }

  async writeRows(tableId: number, fill: (rows: RowBatchWriter) => void, level: ConsistencyLevel): Promise<number> {
    const { view, engine } = this.deps;
    const strategy = view.strategyOf(tableId);
    if (strategy === null) return engine.writeRows(tableId, fill);
    const plan = new WritePlan(view);
    let current: RowBatchSink | null = null;
    const sink: RowBatchSink = {
      writerFor: (high, low) => {
        current = plan.groupFor(strategy, tokenFromParts(high, low)).builder.rowSink();
        return current.writerFor(high, low);
      },
      recordDone: (high) => current!.recordDone(high),
    };
    const rows = new RowBatchWriter(tableId, sink, murmur3TokenPartsOfRange, this.tokenParts);
    fill(rows);
    await this.send(plan, level, 'SIMPLE');
    return rows.rowCount();
  }

  private async send(plan: WritePlan, level: ConsistencyLevel, writeType: WriteType): Promise<void> {
    validateForWrite(level);
    const { view, timers, timeoutMs } = this.deps;
    const localDatacenter = view.self.datacenter;
    // Every group is checked before anything leaves: Unavailable means nothing was written.
    const liveByGroup = new Map<ReplicaGroup, Endpoint[]>();
    for (const group of plan.groups) {
      const live = targetsOf(group).filter((r) => view.isAlive(r));
      assureSufficientLiveForWrite(level, group.strategy, live, group.pending, localDatacenter);
      liveByGroup.set(group, live);
    }
    const shares = new Map<string, ReplicaShare>();
    const allAcks: ReplicaAcks[] = [];
    for (const [group, live] of liveByGroup) {
      const batch = group.builder.finish();
      // Under ANY, a down replica's stored hint is an answer too (StorageProxy.submitHint acks the handler).
      const answering = level === 'ANY' ? targetsOf(group) : live;
      const needs = ackNeedsForWrite(level, group.strategy, group.replicas, group.pending, localDatacenter);
      const acks = new ReplicaAcks(needs, answering.map((r) => r.address), timeoutMs, timers);
      allAcks.push(acks);
      for (const replica of targetsOf(group)) {
        let share = shares.get(replica.address);
        if (share === undefined) shares.set(replica.address, (share = { endpoint: replica, live: live.includes(replica), batches: [], acks: [] }));
        share.batches.push(batch);
        share.acks.push(acks);
      }
    }
    for (const share of shares.values()) {
      const { endpoint, acks } = share;
      if (!share.live) {
        if (this.hint(share) && level === 'ANY') acks.forEach((a) => a.ack(endpoint.address));
        continue;
      }
      this.sendTo(endpoint, batchOf(share)).then(
        () => acks.forEach((a) => a.ack(endpoint.address)),
        (error: unknown) => {
          // No reply is the deadline's business (ReplicaAcks times out with what did arrive); the replica gets a hint.
          if (error instanceof NoReplyError) this.hint(share);
          else acks.forEach((a) => a.fail(endpoint.address, (error as Error).message));
        },
      );
    }
    const outcomes = await Promise.all(allAcks.map((a) => a.outcome));
    throwIfUnmet(outcomes, level, writeType);
  }

  /** Leaves the replica's share with the hint sink; whether a hint was stored. */
  private hint(share: ReplicaShare): boolean {
    const { hints, view } = this.deps;
    if (hints === undefined || share.endpoint.hostId === view.self.hostId) return false;
    return hints.submitHint(share.endpoint, batchOf(share));
  }

  private sendTo(replica: Endpoint, batch: Uint8Array): Promise<unknown> {
    const { view, engine, messaging, timeoutMs } = this.deps;
    if (replica.hostId === view.self.hostId) return engine.writeEncodedBatch(batch);
    return messaging.request(replica.address, Verb.mutation, { batch } satisfies MutationRequest, timeoutMs);
  }
}

function throwIfUnmet(outcomes: readonly AckOutcome[], level: ConsistencyLevel, writeType: WriteType): void {
  for (const outcome of outcomes) {
    if (outcome.kind === 'failed') throw new WriteFailureError(level, outcome.received, outcome.blockFor, outcome.failures, writeType, outcome.detail);
  }
  for (const outcome of outcomes) {
    if (outcome.kind === 'timeout') throw new WriteTimeoutError(level, outcome.received, outcome.blockFor, writeType);
  }
}

/** Where a group's write goes: its natural replicas, then its pending ones. */
function targetsOf(group: ReplicaGroup): readonly Endpoint[] {
  return group.pending.length === 0 ? group.replicas : [...group.replicas, ...group.pending];
}

function batchOf(share: ReplicaShare): Uint8Array {
  return share.batches.length === 1 ? share.batches[0]! : concatEncodedBatches(share.batches);
}

/** Several encoded write batches as one: the records of each, under one header. */
export function concatEncodedBatches(batches: readonly Uint8Array[]): Uint8Array {
  let bytes = BATCH_HEADER_BYTES;
  let count = 0;
  for (const batch of batches) {
    bytes += batch.length - BATCH_HEADER_BYTES;
    count += new DataView(batch.buffer, batch.byteOffset, batch.byteLength).getUint32(1);
  }
  const writer = new ByteWriter(bytes);
  writer.u8(VNodeMessageType.write);
  writer.u32(count);
  for (const batch of batches) writer.rawRange(batch, BATCH_HEADER_BYTES, batch.length - BATCH_HEADER_BYTES);
  return writer.written();
}
