/**
 * What membership changes need of their node (a ClusterNode provides all of it): who it is,
 * its gossip and ring view, streaming and messaging, its schema, and liveness as its failure
 * detector sees it. Typed by shape so membership/ does not depend on the node's other parts.
 */

import type { Timers } from '../../actors/timers.js';
import type { Clock } from '../../lib/clock.js';
import type { Random } from '../../lib/random.js';
import type { Gossiper } from '../gossip/gossiper.js';
import type { HintsService } from '../hints/hints-service.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import type { GossipRing } from '../node/gossip-ring.js';
import type { Endpoint } from '../ring/endpoint.js';
import type { ReplicationStrategy } from '../replication/replication-strategy.js';
import type { StreamingService } from '../streaming/streaming-service.js';

/** The tables of one replicated keyspace, by its strategy object. */
export interface ReplicatedKeyspace {
  readonly name: string;
  readonly strategy: ReplicationStrategy;
  readonly tableIds: readonly number[];
}

export interface MembershipHost {
  readonly self: Endpoint;
  readonly gossiper: Gossiper;
  readonly ringView: GossipRing;
  readonly streaming: StreamingService;
  readonly messaging: MessagingService;
  /** Its hints, handed over to a live node when it decommissions. */
  readonly hints: Pick<HintsService, 'transferHints'>;
  isAlive(endpoint: Endpoint): boolean;
  /** The keyspaces that go through the ring (not LocalStrategy), each with its tables. */
  replicatedKeyspaces(): readonly ReplicatedKeyspace[];
  schemaVersion(): string;
}

export interface MembershipOptions {
  readonly clock: Clock;
  readonly timers: Timers;
  readonly random: Random;
  readonly ringDelayMs: number;
  readonly gossipIntervalMs: number;
}
