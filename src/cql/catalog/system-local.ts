/**
 * system.local: the node's own row, which drivers read on connect (cluster name, partitioner,
 * versions, host id, tokens, schema version). The host id is made once and kept in the row.
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
/** The Cassandra release whose CQL and protocol behaviour Sibyl follows. */
export const RELEASE_VERSION = '4.0.11';
export const CQL_VERSION = '3.4.5';

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

export function systemLocalMutation(hostId: string, schemaVersion: string, tokens: readonly string[], attributes: WriteAttributes) {
  const loopback = driverTypes.InetAddress.fromString('127.0.0.1');
  return insertRow(local, new Map<string, unknown>([
    ['key', 'local'],
    ['bootstrapped', 'COMPLETED'],
    ['broadcast_address', loopback],
    ['broadcast_port', 7000],
    ['cluster_name', CLUSTER_NAME],
    ['cql_version', CQL_VERSION],
    ['data_center', 'datacenter1'],
    ['gossip_generation', Math.floor(Number(attributes.timestamp / 1_000_000n))],
    ['host_id', driverTypes.Uuid.fromString(hostId)],
    ['listen_address', loopback],
    ['listen_port', 7000],
    ['native_protocol_version', '4'],
    ['partitioner', 'org.apache.cassandra.dht.Murmur3Partitioner'],
    ['rack', 'rack1'],
    ['release_version', RELEASE_VERSION],
    ['rpc_address', loopback],
    ['rpc_port', 9042],
    ['schema_version', driverTypes.Uuid.fromString(schemaVersion)],
    ['tokens', tokens],
  ]), attributes);
}
