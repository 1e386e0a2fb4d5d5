/**
 * The gossiper as an actor (docs/ARCHITECTURE.md's GossiperActor; Cassandra runs the same work
 * on its single-threaded GOSSIP stage): a thin shell whose mailbox takes the node's gossip
 * rounds and the gossip messages peers send, one at a time, in the order they came. The logic
 * is the plain Gossiper it wraps; gossip-stage.ts hosts it.
 */

import type { Actor } from '../../actors/actor.js';
import { assertNever } from '../../lib/assert.js';
import type { Endpoint } from './endpoint.js';
import type { Gossiper } from './gossiper.js';
import type { GossipMessage } from './messages.js';

/** What the mailbox carries: plain data, as every actor message is. */
export type GossiperActorMessage =
  /** Gossiper.GossipTask: one round (the node's timer sends it every interval). */
  | { readonly kind: 'round' }
  /** A gossip message from a peer, decoded (and checked) by the messaging handler. */
  | { readonly kind: 'gossip'; readonly from: Endpoint; readonly message: GossipMessage };

export class GossiperActor implements Actor<GossiperActorMessage> {
  constructor(private readonly gossiper: Gossiper) {}

  receive(message: GossiperActorMessage): void {
    switch (message.kind) {
      case 'round':
        return this.gossiper.tick();
      case 'gossip':
        return this.gossiper.receive(message.from, message.message);
      default:
        return assertNever(message, 'gossiper actor message');
    }
  }
}
