/**
 * The replication strategies a keyspace can name, as one closed union (a switch on `kind` is
 * exhaustive), and the factory from the schema's replication options.
 *
 * LocalStrategy (the system keyspaces: data on each node alone) never goes through the ring,
 * so it has no strategy object here.
 */

import type { ReplicationMetadata } from '../../cql/schema/keyspace-metadata.js';
import { assertNever } from '../../lib/assert.js';
import { NetworkTopologyStrategy } from './network-topology-strategy.js';
import { SimpleStrategy } from './simple-strategy.js';

export type ReplicationStrategy = SimpleStrategy | NetworkTopologyStrategy;

/** A replicated keyspace's replication options: every class but LocalStrategy. */
export type RingReplicationMetadata = Exclude<ReplicationMetadata, { readonly class: 'LocalStrategy' }>;

export function replicationStrategyOf(replication: RingReplicationMetadata): ReplicationStrategy {
  switch (replication.class) {
    case 'SimpleStrategy':
      return new SimpleStrategy(replication.replicationFactor);
    case 'NetworkTopologyStrategy':
      return new NetworkTopologyStrategy(replication.datacenters);
    default:
      return assertNever(replication, 'replication class');
  }
}
