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

/**
 * Mutations of one coordinator write, gathered by replica group before they are sent. A group
 * is a keyspace's strategy, a set of natural replicas and the pending ones: every ring range
 * whose replicas are the same nodes (in whatever order) falls in the same group, so a write to
 * a cluster whose ranges all have the same replicas (3 nodes at RF 3, or one node) is one
 * batch per replica and one ack count, however many ranges its rows hit. Grouped by range (by
 * the replica array of each range), a 15-row write to 3 nodes of 16 tokens each made ~13
 * groups: 13 batches concatenated again per replica, 13 ack counters with 13 deadlines.
 */
class WritePlan {
  readonly groups: ReplicaGroup[] = [];
  private readonly byKey = new Map<string, ReplicaGroup>();

  constructor(
    private readonly view: PendingReplicaView,
    private readonly takeBuilder: () => EncodedBatchBuilder,
  ) {}

  groupFor(strategy: ReplicationStrategy, token: Token): ReplicaGroup {
    // Natural replicas are cached per ring range and pending lists interned (one frozen array
    // each), so the key of each array is computed once (replicaGroupKey).
    const replicas = strategy.replicasFor(token, this.view.ring());
    const pending = this.view.pendingReplicasFor?.(strategy, token) ?? NO_PENDING;
    const key = replicaGroupKey(strategy, replicas, pending);
    let group = this.byKey.get(key);
    if (group === undefined) {
      group = { strategy, replicas, pending, builder: this.takeBuilder() };
      this.byKey.set(key, group);
      this.groups.push(group);
    }
    return group;
  }
}

/** Builders kept for the next writes (each holds a buffer that grew to the writes' size). */
const FREE_BUILDERS_MAX = 8;

export class WriteCoordinator {
  private readonly tokenParts = new Int32Array(2);
  private readonly freeBuilders: EncodedBatchBuilder[] = [];
  private readonly takeBuilder = (): EncodedBatchBuilder => this.freeBuilders.pop() ?? new EncodedBatchBuilder();

  constructor(private readonly deps: WriteCoordinatorDeps) {}

  async write(mutations: readonly WriteMutation[], level: ConsistencyLevel, writeType: WriteType = 'SIMPLE'): Promise<void> {
    const { view, engine } = this.deps;
    const local: WriteMutation[] = [];
    const plan = new WritePlan(view, this.takeBuilder);
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
    const plan = new WritePlan(view, this.takeBuilder);
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
      const batch = group.builder.finishAsBuffer();
      // The batch is a copy: the builder (reset by finish) serves a later write.
      if (this.freeBuilders.length < FREE_BUILDERS_MAX) this.freeBuilders.push(group.builder);
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
    // As a Buffer the batch travels as MessagePack bin and arrives as a view of the message; a
    // plain Uint8Array goes as msgpackr's typed-array extension, which the receiver copies.
    const bytes = Buffer.isBuffer(batch) ? batch : Buffer.from(batch.buffer, batch.byteOffset, batch.byteLength);
    return messaging.request(replica.address, Verb.mutation, bytes satisfies MutationRequest, timeoutMs);
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

/** Per keyspace strategy, a number for group keys. */
const strategyIds = new WeakMap<ReplicationStrategy, number>();
let nextStrategyId = 0;
/** The key of each natural replica array (and of each pending list), computed once per array. */
const replicaSetKeys = new WeakMap<readonly Endpoint[], { readonly strategy: ReplicationStrategy; readonly key: string }>();

/**
 * What identifies a replica group: the strategy (two keyspaces on the same nodes count acks
 * apart, their replication factors may differ), the natural replicas as a set, and the
 * pending replicas as a set.
 */
export function replicaGroupKey(strategy: ReplicationStrategy, replicas: ReplicasForToken, pending: PendingReplicas): string {
  let natural = replicaSetKeys.get(replicas);
  if (natural === undefined || natural.strategy !== strategy) {
    let id = strategyIds.get(strategy);
    if (id === undefined) strategyIds.set(strategy, (id = nextStrategyId++));
    natural = { strategy, key: `${id}|${addressSetKey(replicas)}` };
    replicaSetKeys.set(replicas, natural);
  }
  if (pending.length === 0) return natural.key;
  return `${natural.key}|pending ${addressSetKey(pending)}`;
}

function addressSetKey(endpoints: readonly Endpoint[]): string {
  return endpoints
    .map((e) => e.address)
    .sort()
    .join(' ');
}
