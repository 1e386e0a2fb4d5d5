/**
 * Blocking read repair (Cassandra's BlockingReadRepair): after a read reconciled the replicas'
 * answers, each replica it read gets what it lacked of the result (the partition diff of the
 * reconciled version against its own), all of a replica's partitions in one encoded batch,
 * and the read answers only once every repair is acknowledged, so the replicas it read agree
 * with what it returns. A repair that fails or times out fails the read with ReadTimeout, as a
 * replica that does not answer would.
 */

import { partitionDiff } from '../../storage/model/partition-diff.js';
import type { PartitionUpdate } from '../../storage/model/partition-update.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import { EncodedBatchBuilder } from '../../storage/vnode/encoded-batch.js';
import type { ConsistencyLevel } from '../consistency/consistency-level.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import { Verb } from '../messaging/verb.js';
import type { Endpoint } from '../ring/endpoint.js';
import type { ClusterView } from './cluster-view.js';
import { ReadTimeoutError } from './consistency-errors.js';
import type { MutationRequest } from './replica-messages.js';

export interface ReadRepairDeps {
  readonly engine: NodeStorage;
  readonly messaging: MessagingService;
  readonly view: Pick<ClusterView, 'self'>;
  readonly timeoutMs: number;
  /** Called once per replica repaired (metrics, tests). */
  readonly onReadRepair?: (replica: Endpoint) => void;
}

/** One replica's version of each partition read: null where it held nothing. */
export interface ReplicaVersions {
  readonly replica: Endpoint;
  readonly versions: ReadonlyArray<PartitionUpdate | null>;
}

export class ReadRepair {
  constructor(private readonly deps: ReadRepairDeps) {}

  /**
   * Brings every replica up to `merged` (index i of each replica's versions is partition i of
   * `merged`, null where nothing reconciled); resolves once all repairs are acknowledged.
   */
  async repair(merged: ReadonlyArray<PartitionUpdate | null>, replicas: readonly ReplicaVersions[], level: ConsistencyLevel): Promise<void> {
    const repairs: Promise<unknown>[] = [];
    for (const { replica, versions } of replicas) {
      let builder: EncodedBatchBuilder | null = null;
      for (let i = 0; i < merged.length; i++) {
        const diff = partitionDiff(merged[i]!, versions[i] ?? null);
        if (diff === null) continue;
        builder ??= new EncodedBatchBuilder();
        builder.add(diff);
      }
      if (builder === null) continue;
      this.deps.onReadRepair?.(replica);
      repairs.push(this.send(replica, builder.finish()));
    }
    if (repairs.length === 0) return;
    const repaired = await Promise.allSettled(repairs);
    const missed = repaired.filter((r) => r.status === 'rejected').length;
    if (missed > 0) throw new ReadTimeoutError(level, replicas.length - missed, replicas.length, true);
  }

  private send(replica: Endpoint, batch: Uint8Array): Promise<unknown> {
    const { view, engine, messaging, timeoutMs } = this.deps;
    if (replica.hostId === view.self.hostId) return engine.writeEncodedBatch(batch);
    return messaging.request(replica.address, Verb.mutation, batch satisfies MutationRequest, timeoutMs);
  }
}
