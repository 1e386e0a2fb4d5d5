/**
 * Where a node's GossiperActor lives (Cassandra's Stage.GOSSIP): an actor host of the node's
 * own on the main thread, whose dispatcher runs on the node's Timers. The node's gossip round
 * timer and its messaging handler post to the actor's mailbox, and the actor hands each to the
 * Gossiper one at a time, in order, on a later turn. `nodetool tpstats` shows the mailbox as the
 * GossipStage row (pending = mailbox depth, completed = handled).
 *
 * Why not the storage engine's ActorSystem: it runs on Node's own timers and setImmediate, loads
 * its actor kinds from a compiled module, and in test/sim a node has no engine at all. An
 * ActorHost takes its timers and scheduler as arguments, so on the simulator's timers the
 * gossip of every node stays in one seeded, replayable order. Its scheduler is a 0 ms timer.
 *
 * The node's own changes (local application states, removeEndpoint, the node tool's
 * assassinate) call the Gossiper directly: they run on the same thread between two turns, so
 * they never interleave with a message being handled.
 */

import type { ActorKinds } from '../../actors/actor.js';
import { ActorHost, type ActorStats } from '../../actors/actor-host.js';
import type { ActorRef } from '../../actors/actor-ref.js';
import { MAIN_HOST } from '../../actors/envelope.js';
import type { TaskScheduler, Timers } from '../../actors/timers.js';
import { limits } from '../../config/limits.js';
import type { Clock } from '../../lib/clock.js';
import type { Endpoint } from './endpoint.js';
import { GossiperActor, type GossiperActorMessage } from './gossiper-actor.js';
import type { Gossiper } from './gossiper.js';
import type { GossipMessage } from './messages.js';

/** The actor kind, named as Cassandra's tpstats names the stage. */
export const GOSSIP_STAGE_KIND = 'GossipStage';

export interface GossipStageOptions {
  readonly gossiper: Gossiper;
  readonly timers: Timers;
  readonly clock: Clock;
  /**
   * A round or message whose handling threw (a broken invariant in the gossiper): the actor
   * resumes with the next message, and the owner decides what else to do.
   */
  readonly onFailure: (error: string) => void;
}

export class GossipStage {
  private readonly host: ActorHost;
  private readonly ref: ActorRef;
  private deadLettersCount = 0;

  constructor(options: GossipStageOptions) {
    const node = options.gossiper.localEndpoint;
    const kinds: ActorKinds = {
      [GOSSIP_STAGE_KIND]: {
        // The init is the node's Gossiper itself: this host is the node's own and never sends it
        // across a thread. The gossiper's state is the node's view of the cluster, so a failure
        // resumes with the same instance (a restart would wrap the same object anyway).
        create: (init) => new GossiperActor(init as Gossiper),
        supervision: { directive: 'resume' },
      },
    };
    const scheduler: TaskScheduler = { schedule: (task) => void options.timers.setTimeout(task, 0) };
    this.host = new ActorHost({
      address: MAIN_HOST,
      node,
      kinds,
      services: undefined,
      clock: options.clock,
      timers: options.timers,
      scheduler,
      limits: {
        mailboxDepthMax: limits.mailboxDepthMax,
        actorTurnMessagesMax: limits.actorTurnMessagesMax,
        requestTimeoutMsDefault: limits.requestTimeoutMsDefault,
        pendingRequestsMax: limits.pendingRequestsMax,
        actorsPerThreadMax: limits.actorsPerThreadMax,
      },
      onEvent: (event) => {
        // A dead letter is a message after close() (the node is stopping) or past a full
        // mailbox: gossip lost, which the next rounds make good, so it is only counted.
        if (event.kind === 'deadLetter') this.deadLettersCount++;
        else options.onFailure(`${GOSSIP_STAGE_KIND} of ${node}: ${event.error}`);
      },
    });
    this.ref = this.host.spawnLocal(GOSSIP_STAGE_KIND, node, options.gossiper, 0);
  }

  /** Queues one gossip round. */
  tick(): void {
    this.post({ kind: 'round' });
  }

  /** Queues a message a peer sent. */
  deliver(from: Endpoint, message: GossipMessage): void {
    this.post({ kind: 'gossip', from, message });
  }

  /** The actor's mailbox depth, messages handled and failures. */
  stats(): ActorStats[] {
    return this.host.stats();
  }

  /** Messages dropped: posted after close, or to a full mailbox. */
  get deadLetters(): number {
    return this.deadLettersCount;
  }

  /** Stops the actor: what is still queued is dropped (the node is stopping). */
  close(): void {
    this.host.close(new Error(`the gossip stage of ${this.ref.id} is closed`));
  }

  private post(message: GossiperActorMessage): void {
    this.host.tell(this.ref, message);
  }
}
