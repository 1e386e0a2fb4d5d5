/**
 * A coordinator's partition read (Cassandra's StorageProxy.read with a DigestResolver and
 * blocking read repair): the nearest replica the consistency level needs sends the data, the
 * others a digest of theirs. Matching digests answer at once. A mismatch asks every contacted
 * replica for its data, reconciles them by timestamp (tombstones included), sends each stale
 * replica the difference and waits for those repairs, then answers the reconciled partition's
 * live rows: a QUORUM read that follows a QUORUM write sees it, and the replicas it read agree
 * afterwards. ReadTimeout carries the answers that did arrive.
 */

import type { TimerHandle, Timers } from '../../actors/timers.js';
import type { Clock } from '../../lib/clock.js';
import { DEFAULT_SPECULATIVE_RETRY } from '../../cql/schema/speculative-retry.js';
import { boundsOnly, FULL_SLICE, sliceRows, type ClusteringSlice } from '../../storage/model/clustering-slice.js';
import { decodePartition } from '../../storage/model/partition-codec.js';
import type { PartitionUpdate } from '../../storage/model/partition-update.js';
import { filterLive, type LivePartition } from '../../storage/model/read-filter.js';
import { reconcileAllPartitions } from '../../storage/model/reconcile-partitions.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import { assureSufficientLiveNodes, isDatacenterLocal, validateForRead, type ConsistencyLevel } from '../consistency/consistency-level.js';
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
import { SpeculativeRetry } from './speculative-retry.js';
import { decodeReadResponse, encodeReadRequest, partitionFromBytes, type ReadRequest, type ReadResponse } from './replica-messages.js';
import type { ReplicasForToken } from '../replication/replicas-for-token.js';

export interface ReadCoordinatorDeps {
  readonly engine: NodeStorage;
  readonly messaging: MessagingService;
  readonly view: ClusterView;
  readonly clock: Clock;
  readonly timeoutMs: number;
  /** Repairs sent by reads (for metrics and tests). */
  readonly onReadRepair?: (replica: Endpoint) => void;
  /** Where speculation's timer runs. */
  readonly timers: Timers;
  /** Monotonic milliseconds for the latencies speculation learns from (default: the clock's). */
  readonly monotonicMs?: () => number;
}

type Answer = { readonly replica: Endpoint; readonly response: ReadResponse };

/** One more replica to ask if the read is slow (speculative-retry.ts). */
interface Speculation {
  readonly replica: Endpoint;
  readonly afterMs: number;
  readonly request: (digest: boolean) => ReadRequest;
}

export class ReadCoordinator {
  private readonly repairs: ReadRepair;
  private readonly speculative = new SpeculativeRetry();
  /** Each ring range's replicas (the strategy's cached, immutable arrays) by proximity. */
  private readonly proximity = new WeakMap<ReplicasForToken, readonly Endpoint[]>();
  private readonly monotonicMs: () => number;
  /** Extra requests sent by speculation (Cassandra's SpeculativeRetries table metric). */
  speculativeReads = 0;

  constructor(private readonly deps: ReadCoordinatorDeps) {
    this.repairs = new ReadRepair(deps);
    this.monotonicMs = deps.monotonicMs ?? (() => deps.clock.nowMs());
  }

  async read(tableId: number, key: Uint8Array, slice: ClusteringSlice = FULL_SLICE, level: ConsistencyLevel): Promise<LivePartition | null> {
    const { view, engine } = this.deps;
    const strategy = view.strategyOf(tableId);
    if (strategy === null) return engine.read(tableId, key, slice);
    validateForRead(level);
    const live = this.liveByProximity(strategy.replicasFor(murmur3Token(key), view.ring()));
    assureSufficientLiveNodes(level, strategy, live, view.self.datacenter);
    const contacts = replicasToContactForRead(level, strategy, live, view.self.datacenter, 'NONE');
    // One replica, this node: the engine's own live read, limit applied where the data is.
    if (contacts.length === 1 && contacts[0]!.hostId === view.self.hostId) return engine.read(tableId, key, slice);

    const bounds = boundsOnly(slice);
    const request = (digest: boolean): ReadRequest => ({ tableId, key, slice: bounds, digest });
    const startedMs = this.monotonicMs();
    const first = await this.collect(
      contacts.map((replica, i) => ({ replica, request: request(i > 0) })),
      level,
      contacts.length,
      this.speculation(tableId, level, live, contacts, request),
    );
    this.speculative.record(tableId, this.monotonicMs() - startedMs);
    // Every answer carries its replica's digest (data answers too), so agreement needs no hashing here.
    const data = first.find((a) => 'data' in a.response)!.response as { data: Uint8Array | null; digest: Uint8Array };
    const agree = first.every((a) => Buffer.compare(a.response.digest, data.digest) === 0);
    // The data's rows may be views into its reply: they go to the client's result and are dropped.
    const merged = agree
      ? data.data === null ? null : decodePartition(data.data, false)
      : await this.resolveMismatch(first.map((a) => a.replica), request(false), level);
    if (merged === null) return null;
    const liveRows = filterLive(merged, this.deps.clock.nowSeconds());
    const rows = sliceRows(liveRows.rows, slice);
    if (rows.length === 0 && liveRows.staticRow === null) return null;
    return { ...liveRows, rows };
  }

  /** The live replicas, nearest first; the order is worked out once per ring range. */
  private liveByProximity(replicas: ReplicasForToken): readonly Endpoint[] {
    const { view } = this.deps;
    let ordered = this.proximity.get(replicas);
    if (ordered === undefined) {
      ordered = byProximity(replicas, view.self);
      this.proximity.set(replicas, ordered);
    }
    for (const replica of ordered) if (!view.isAlive(replica)) return ordered.filter((r) => view.isAlive(r));
    return ordered;
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

  /** The extra replica a slow read may also ask, and when; null when it may not speculate. */
  private speculation(tableId: number, level: ConsistencyLevel, live: readonly Endpoint[], contacts: readonly Endpoint[], request: (digest: boolean) => ReadRequest): Speculation | null {
    if (level === 'EACH_QUORUM') return null;
    const { view } = this.deps;
    const extra = live.find((r) => !contacts.includes(r) && (!isDatacenterLocal(level) || r.datacenter === view.self.datacenter));
    if (extra === undefined) return null;
    const afterMs = this.speculative.delayMs(tableId, view.speculativeRetryOf?.(tableId) ?? DEFAULT_SPECULATIVE_RETRY, this.deps.timeoutMs);
    return afterMs === null ? null : { replica: extra, afterMs, request };
  }

  /**
   * The first `blockFor` answers with data among them. A speculation sends one more request
   * (data if no data has come yet, else a digest) once `afterMs` pass, or at once when a
   * contacted replica fails or times out; then ReadTimeout/ReadFailure when the answers cannot
   * reach `blockFor` any more.
   */
  private collect(requests: ReadonlyArray<{ replica: Endpoint; request: ReadRequest }>, level: ConsistencyLevel, blockFor: number, speculation: Speculation | null): Promise<Answer[]> {
    return new Promise((resolve, reject) => {
      const answers: Answer[] = [];
      let outstanding = 0;
      let failed = 0;
      let failure: Error | null = null;
      let dataPresent = false;
      let done = false;
      let timer: TimerHandle | null = null;
      const finish = (): void => {
        done = true;
        if (timer !== null) this.deps.timers.clearTimeout(timer);
      };
      const settle = (): void => {
        if (done) return;
        if (answers.length >= blockFor && dataPresent) {
          finish();
          resolve(answers);
        } else if (outstanding === 0) {
          finish();
          if (failure !== null) reject(new ReplicaReadFailureError(level, answers.length, blockFor, failed, dataPresent, failure.message));
          else reject(new ReadTimeoutError(level, Math.min(answers.length, blockFor), blockFor, dataPresent));
        }
      };
      // Each answer settles in its own handler: a .finally() after them cost two more promise
      // jobs per replica on the main thread of every coordinated read.
      const send = (replica: Endpoint, request: ReadRequest): void => {
        outstanding++;
        this.ask(replica, request).then(
          (response) => {
            answers.push({ replica, response });
            if ('data' in response) dataPresent = true;
            outstanding--;
            settle();
          },
          (error: unknown) => {
            if (!(error instanceof NoReplyError)) {
              failed++;
              failure = error as Error;
            }
            speculate();
            outstanding--;
            settle();
          },
        );
      };
      const speculate = (): void => {
        if (done || speculation === null) return;
        const { replica, request } = speculation;
        speculation = null;
        if (timer !== null) this.deps.timers.clearTimeout(timer);
        this.speculativeReads++;
        send(replica, request(dataPresent));
      };
      for (const { replica, request } of requests) send(replica, request);
      if (speculation !== null) {
        if (speculation.afterMs <= 0) speculate();
        else timer = this.deps.timers.setTimeout(speculate, speculation.afterMs);
      }
    });
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
    return messaging.request<Uint8Array>(replica.address, Verb.read, encodeReadRequest(request), timeoutMs).then((bytes) => decodeReadResponse(bytes, request.digest));
  }
}
