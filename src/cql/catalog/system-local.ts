/**
 * system.local: the node's own row, which drivers read on connect (cluster name, partitioner,
 * versions, host id, addresses, datacenter and rack, tokens, schema version). The host id is
 * made once and kept in the row. A node of a cluster describes itself (LocalNodeFacts); a
 * single node is 127.0.0.1 in datacenter1, rack1, with its storage's vnode tokens.
 */

import { randomUUID } from 'node:crypto';
import type { NodeStorage } from '../../storage/node-storage.js';
import { decodePartitionRows } from '../rows/decoded-rows.js';
import { insertRow } from '../rows/insert-row.js';
import { partitionKeyBytes } from '../rows/row-keys.js';
import { tableLayout } from '../rows/table-layout.js';
import { driverTypes } from '../types/driver-values.js';
import type { WriteAttributes } from '../rows/write-attributes.js';
import { SYSTEM, systemTableNamed } from './system-keyspaces.js';

const local = tableLayout(systemTableNamed(SYSTEM, 'local'));

export const CLUSTER_NAME = 'Sibyl Cluster';
/** The release reported in system.local, gossip and nodetool: a 4.1 Cassandra (cqlsh then sends DESCRIBE to the server). */
export const RELEASE_VERSION = '4.1.7';
export const CQL_VERSION = '3.4.6';
export const PARTITIONER = 'org.apache.cassandra.dht.Murmur3Partitioner';
/** Cassandra's storage_port and native_transport_port. */
export const STORAGE_PORT = 7000;
export const NATIVE_PORT = 9042;

/** Where and what this node is, as system.local says it. */
export interface LocalNodeFacts {
  /** Its listen, broadcast and rpc address (127.0.0.i). */
  readonly address: string;
  readonly datacenter: string;
  readonly rack: string;
  /** Its ring tokens, as decimal strings. */
  readonly tokens: readonly string[];
  /** Its gossip generation (the start's epoch seconds). */
  readonly generation: number;
  /** The port its CQL native protocol server listens on (rpc_port); default 9042. */
  readonly nativePort?: number;
}

export async function readHostId(engine: NodeStorage): Promise<string | null> {
  const partition = await engine.read(local.table.id, partitionKeyBytes(local, ['local']));
  if (partition === null) return null;
  const row = decodePartitionRows(local, partition)[0];
  const hostId = row?.values.get('host_id');
  return hostId === null || hostId === undefined ? null : String(hostId);
}

export function newHostId(): string {
  return randomUUID();
}

export function systemLocalMutation(hostId: string, schemaVersion: string, facts: LocalNodeFacts, attributes: WriteAttributes) {
  const address = driverTypes.InetAddress.fromString(facts.address);
  return insertRow(local, new Map<string, unknown>([
    ['key', 'local'],
    ['bootstrapped', 'COMPLETED'],
    ['broadcast_address', address],
    ['broadcast_port', STORAGE_PORT],
    ['cluster_name', CLUSTER_NAME],
    ['cql_version', CQL_VERSION],
    ['data_center', facts.datacenter],
    ['gossip_generation', facts.generation],
    ['host_id', driverTypes.Uuid.fromString(hostId)],
    ['listen_address', address],
    ['listen_port', STORAGE_PORT],
    ['native_protocol_version', '4'],
    ['partitioner', PARTITIONER],
    ['rack', facts.rack],
    ['release_version', RELEASE_VERSION],
    ['rpc_address', address],
    ['rpc_port', facts.nativePort ?? NATIVE_PORT],
    ['schema_version', driverTypes.Uuid.fromString(schemaVersion)],
    ['tokens', facts.tokens],
  ]), attributes);
}
