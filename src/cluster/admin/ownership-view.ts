/**
 * Which share of the ring each node holds, as `nodetool status` and `ring` print it
 * (StorageService.effectiveOwnership / getOwnership): with a keyspace, its effective ownership
 * (the ranges a node replicates, so RF 3 sums to 300%); without, the effective ownership of
 * the replicated keyspaces if they all replicate alike, else each node's primary ranges and a
 * note saying why, in Cassandra's words.
 */

import type { RingReplicationMetadata } from '../replication/replication-strategy.js';
import { replicationStrategyOf } from '../replication/replication-strategy.js';
import { computeEffectiveOwnership } from '../replication/effective-ownership.js';
import type { HostId } from '../ring/endpoint.js';
import type { TokenMetadata } from '../ring/token-metadata.js';
import type { Schema } from '../../cql/catalog/schema.js';
import { SYSTEM_KEYSPACE_NAMES } from '../../cql/catalog/system-keyspaces.js';
import { InvalidRequestError } from '../../lib/errors.js';

export interface OwnershipView {
  readonly owns: ReadonlyMap<HostId, number>;
  readonly effective: boolean;
  readonly note: string | null;
}

export function ownershipView(schema: Schema, ring: TokenMetadata, keyspace: string | null): OwnershipView {
  if (keyspace !== null) {
    const replication = schema.keyspace(keyspace)?.metadata.replication;
    if (replication === undefined) throw new InvalidRequestError(`The keyspace ${keyspace}, does not exist`);
    if (replication.class === 'LocalStrategy') return { owns: ring.ownership(), effective: false, note: `Keyspace ${keyspace} uses LocalStrategy: ownership information does not include topology` };
    return { owns: computeEffectiveOwnership(replicationStrategyOf(replication), ring), effective: true, note: null };
  }
  const replicated = [...schema.keyspaces.values()]
    .filter((k) => !SYSTEM_KEYSPACE_NAMES.has(k.metadata.name) && k.metadata.replication.class !== 'LocalStrategy')
    .map((k) => k.metadata.replication as RingReplicationMetadata);
  if (replicated.length === 0) return { owns: ring.ownership(), effective: false, note: null };
  const first = replicated[0]!;
  if (replicated.some((r) => replicationText(r) !== replicationText(first))) {
    return { owns: ring.ownership(), effective: false, note: "Non-system keyspaces don't have the same replication settings, effective ownership information is meaningless" };
  }
  return { owns: computeEffectiveOwnership(replicationStrategyOf(first), ring), effective: true, note: null };
}

function replicationText(replication: RingReplicationMetadata): string {
  return replication.class === 'SimpleStrategy'
    ? `simple:${replication.replicationFactor}`
    : `nts:${[...replication.datacenters].sort(([a], [b]) => (a < b ? -1 : 1)).map(([dc, rf]) => `${dc}=${rf}`).join(',')}`;
}
