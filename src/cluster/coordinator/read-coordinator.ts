/**
 * A coordinator's partition read (Cassandra's StorageProxy.read with a DigestResolver and
 * blocking read repair): the nearest replica the consistency level needs sends the data, the
 * others a digest of theirs. Matching digests answer at once. A mismatch asks every contacted
 * replica for its data, reconciles them by timestamp (tombstones included), sends each stale
 * replica the difference and waits for those repairs, then answers the reconciled partition's
 * live rows: a QUORUM read that follows a QUORUM write sees it, and the replicas it read agree
 * afterwards. ReadTimeout carries the answers that did arrive.
 */

import type { Clock } from '../../lib/clock.js';
import { FULL_SLICE, sliceRows, type ClusteringSlice } from '../../storage/model/clustering-slice.js';
import { partitionDigest } from '../../storage/model/partition-digest.js';
import type { PartitionUpdate } from '../../storage/model/partition-update.js';
import { filterLive, type LivePartition } from '../../storage/model/read-filter.js';
import { reconcileAllPartitions } from '../../storage/model/reconcile-partitions.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import { assureSufficientLiveNodes, validateForRead, type ConsistencyLevel } from '../consistency/consistency-level.js';
import { replicasToContactForRead } from '../consistency/replicas-to-contact.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import { NoReplyError } from '../messaging/messaging-service.js';
import { Verb } from '../messaging/verb.js';
import type { Endpoint } from '../ring/endpoint.js';
import { murmur3Token } from '../ring/murmur3.js';
import { byProximity, type ClusterView } from './cluster-view.js';
import { ReadTimeoutError, ReplicaReadFailureError } from './consistency-errors.js';
import { answerRead } from './replica-service.js';
import { ReadRepair } from './read-repair.js';
import { partitionFromBytes, type ReadRequest, type ReadResponse } from './replica-messages.js';

export interface ReadCoordinatorDeps {
  readonly engine: NodeStorage;
  readonly messaging: MessagingService;
  readonly view: ClusterView;
  readonly clock: Clock;
  readonly timeoutMs: number;
  /** Repairs sent by reads (for metrics and tests). */
  readonly onReadRepair?: (replica: Endpoint) => void;
}

type Answer = { readonly replica: Endpoint; readonly response: ReadResponse };

export class ReadCoordinator {
  private readonly repairs: ReadRepair;

  constructor(private readonly deps: ReadCoordinatorDeps) {
    this.repairs = new ReadRepair(deps);
  }

  async read(tableId: number, key: Uint8Array, slice: ClusteringSlice = FULL_SLICE, level: ConsistencyLevel): Promise<LivePartition | null> {
    const { view, engine } = this.deps;
    const strategy = view.strategyOf(tableId);
    if (strategy === null) return engine.read(tableId, key, slice);
    validateForRead(level);
    const replicas = strategy.replicasFor(murmur3Token(key), view.ring());
    const live = byProximity(replicas.filter((r) => view.isAlive(r)), view.self);
    assureSufficientLiveNodes(level, strategy, live, view.self.datacenter);
    const contacts = replicasToContactForRead(level, strategy, live, view.self.datacenter, 'NONE');
    // One replica, this node: the engine's own live read, limit applied where the data is.
    if (contacts.length === 1 && contacts[0]!.hostId === view.self.hostId) return engine.read(tableId, key, slice);

    const bounds: ClusteringSlice = { ...slice, reversed: false, limit: Infinity };
    const request = (digest: boolean): ReadRequest => ({ tableId, key, slice: bounds, digest });
    const first = await this.gather(contacts.map((replica, i) => ({ replica, request: request(i > 0) })), level, contacts.length);
    const data = first.find((a) => 'data' in a.response)!;
    const dataBytes = (data.response as { data: Uint8Array | null }).data;
    let merged: PartitionUpdate | null = dataBytes === null ? null : partitionFromBytes(dataBytes);
    const expected = partitionDigest(merged);
    const agree = first.every((a) => !('digest' in a.response) || Buffer.compare(a.response.digest, expected) === 0);
    if (!agree) merged = await this.resolveMismatch(contacts, request(false), level);
    if (merged === null) return null;
    const liveRows = filterLive(merged, this.deps.clock.nowSeconds());
    const rows = sliceRows(liveRows.rows, slice);
    if (rows.length === 0 && liveRows.staticRow === null) return null;
    return { ...liveRows, rows };
  }

  /** Data from every contacted replica, reconciled; stale replicas repaired before the answer. */
  private async resolveMismatch(contacts: readonly Endpoint[], request: ReadRequest, level: ConsistencyLevel): Promise<PartitionUpdate | null> {
    const answers = await this.gather(contacts.map((replica) => ({ replica, request })), level, contacts.length);
    const replicas = answers.map((a) => {
      const bytes = (a.response as { data: Uint8Array | null }).data;
      return { replica: a.replica, versions: [bytes === null ? null : partitionFromBytes(bytes)] };
    });
    const merged = reconcileAllPartitions(replicas.map((r) => r.versions[0]!));
    // Blocking read repair: the answer waits until the replicas it read hold what it returns.
    await this.repairs.repair([merged], replicas, level);
    return merged;
  }

  /** Every request answered, or ReadTimeout/ReadFailure with the count that was. */
  private async gather(requests: ReadonlyArray<{ replica: Endpoint; request: ReadRequest }>, level: ConsistencyLevel, blockFor: number): Promise<Answer[]> {
    const settled = await Promise.allSettled(requests.map(({ replica, request }) => this.ask(replica, request).then((response) => ({ replica, response }))));
    const answers: Answer[] = [];
    let timedOut = 0;
    let failure: Error | null = null;
    for (const outcome of settled) {
      if (outcome.status === 'fulfilled') answers.push(outcome.value);
      else if (outcome.reason instanceof NoReplyError) timedOut++;
      else failure = outcome.reason as Error;
    }
    const dataPresent = answers.some((a) => 'data' in a.response);
    if (failure !== null) throw new ReplicaReadFailureError(level, answers.length, blockFor, requests.length - answers.length - timedOut, dataPresent, failure.message);
    if (timedOut > 0) throw new ReadTimeoutError(level, answers.length, blockFor, dataPresent);
    return answers;
  }

  private ask(replica: Endpoint, request: ReadRequest): Promise<ReadResponse> {
    const { view, engine, messaging, timeoutMs } = this.deps;
    if (replica.hostId === view.self.hostId) return answerRead(engine, request);
    return messaging.request<ReadResponse>(replica.address, Verb.read, request, timeoutMs);
  }
}
