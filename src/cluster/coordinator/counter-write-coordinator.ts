/**
 * A coordinator's counter write (Cassandra's StorageProxy.mutateCounter): the statement's
 * mutations, their counter cells holding deltas (counter-mutation.ts), each go to a leader that
 * turns the deltas into its own shards and replicates them (counter-leader.ts).
 *
 *   1. ANY and the serial levels are refused (ConsistencyLevel.validateCounterForWrite).
 *   2. Per partition: Unavailable unless the level can be met (the check Cassandra makes before
 *      forwarding, so a write that cannot succeed reaches no leader), then its leader, a live
 *      natural replica (counter-leader-choice.ts).
 *   3. The partitions of one leader go together: applied here when this node leads (no hop),
 *      else sent with Verb.counterMutation, whose answer is the leader's outcome, its
 *      Unavailable, WriteTimeout or WriteFailure raised here as the leader counted it.
 *
 * A leader that does not answer in time gives WriteTimeout(COUNTER) with no acks; that wait is
 * twice the write timeout, because the leader's replication waits up to one write timeout after
 * the hop and its lock, and its own WriteTimeout, with the acks it did count, should arrive first.
 * (Cassandra's forwarding handler waits for the leader at ONE and reports ONE, blockFor 1; the
 * statement's level and blockFor are reported here, which is what the client asked for.) A
 * leader's other failures come back as WriteFailure(COUNTER) with the leader's message.
 */

import type { Timers } from '../../actors/timers.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import type { WriteMutation } from '../../storage/storage-engine.js';
import { blockFor, validateCounterForWrite, type ConsistencyLevel } from '../consistency/consistency-level.js';
import type { HintSink } from '../hints/hint-sink.js';
import { NoReplyError, RemoteFailureError, type MessagingService } from '../messaging/messaging-service.js';
import { Verb } from '../messaging/verb.js';
import type { Endpoint } from '../ring/endpoint.js';
import { WriteFailureError, WriteTimeoutError } from './consistency-errors.js';
import { CounterLeader } from './counter-leader.js';
import { chooseCounterLeader } from './counter-leader-choice.js';
import { throwIfRefused, type CounterMutationRequest } from './counter-mutation-messages.js';
import { counterMutationVerbHandler } from './counter-mutation-verb-handler.js';
import { assureCounterWriteAvailable, counterReplicasOf } from './counter-replicas.js';
import { mutationsToBytes } from './replica-messages.js';
import type { PendingReplicaView } from './write-coordinator.js';

export interface CounterWriteCoordinatorDeps {
  readonly engine: NodeStorage;
  readonly messaging: MessagingService;
  readonly view: PendingReplicaView;
  readonly timers: Timers;
  /** write_request_timeout: the leader's replication deadline; the leader's answer gets twice it. */
  readonly timeoutMs: number;
  readonly hints?: HintSink;
}

/** The partitions one leader applies, and the acks the level needs (reported if it never answers). */
interface LeaderShare {
  readonly leader: Endpoint;
  readonly updates: WriteMutation[];
  readonly blockFor: number;
}

export class CounterWriteCoordinator {
  /** This node as a leader: of its own counter writes and of those other coordinators send it. */
  readonly leader: CounterLeader;
  /** Turns through the local replicas when this node is not one (counter-leader-choice.ts). */
  private leaderTurn = 0;

  constructor(private readonly deps: CounterWriteCoordinatorDeps) {
    this.leader = new CounterLeader(deps);
  }

  /** Leads the counter writes other coordinators send this node. */
  serve(): void {
    this.deps.messaging.handle(Verb.counterMutation, counterMutationVerbHandler(this.leader));
  }

  /** Writes counter mutations (one per partition) at `level`; `table` names the table in a refusal. */
  async write(updates: readonly WriteMutation[], level: ConsistencyLevel, table: string): Promise<void> {
    validateCounterForWrite(level, table);
    const { view } = this.deps;
    const localDatacenter = view.self.datacenter;
    // Every partition is checked before any is sent: Unavailable means nothing was written.
    const shares = new Map<string, LeaderShare>();
    for (const update of updates) {
      const strategy = view.strategyOf(update.tableId);
      let leader = view.self;
      let needs = 1;
      if (strategy !== null) {
        const replicas = counterReplicasOf(view, strategy, update.key);
        assureCounterWriteAvailable(replicas, level, strategy, localDatacenter);
        leader = chooseCounterLeader(replicas.liveNatural, view.self, level, strategy, this.leaderTurn++);
        needs = blockFor(level, strategy, localDatacenter);
      }
      let share = shares.get(leader.hostId);
      if (share === undefined) shares.set(leader.hostId, (share = { leader, updates: [], blockFor: needs }));
      share.updates.push(update);
    }
    await Promise.all([...shares.values()].map((share) => (share.leader.hostId === view.self.hostId ? this.leader.apply(share.updates, level) : this.forward(share, level))));
  }

  private async forward(share: LeaderShare, level: ConsistencyLevel): Promise<void> {
    const { messaging, timeoutMs } = this.deps;
    const request: CounterMutationRequest = { batch: mutationsToBytes(share.updates), level };
    let response: unknown;
    try {
      response = await messaging.request(share.leader.address, Verb.counterMutation, request, 2 * timeoutMs);
    } catch (error) {
      if (error instanceof NoReplyError) throw new WriteTimeoutError(level, 0, share.blockFor, 'COUNTER');
      if (error instanceof RemoteFailureError) throw new WriteFailureError(level, 0, share.blockFor, 1, 'COUNTER', error.message);
      throw error;
    }
    throwIfRefused(response, level);
  }
}
