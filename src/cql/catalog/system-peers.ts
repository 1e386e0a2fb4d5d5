/**
 * system.peers and system.peers_v2: one row per other node of the ring, as this node's gossip
 * last described it (Cassandra's SystemKeyspace.updatePeerInfo, updateTokens, removeEndpoint).
 * Drivers read them to find the cluster's nodes; a node reads them back at start, so it knows
 * the ring before gossip has told it anything (Cassandra's loadTokens / loadHostIds).
 */

import type { NodeStorage } from '../../storage/node-storage.js';
import type { WriteMutation } from '../../storage/storage-engine.js';
import { decodePartitionRows } from '../rows/decoded-rows.js';
import { insertRow } from '../rows/insert-row.js';
import { PartitionWrite } from '../rows/partition-write.js';
import { partitionKeyBytes } from '../rows/row-keys.js';
import { tableLayout, type TableLayout } from '../rows/table-layout.js';
import type { WriteAttributes } from '../rows/write-attributes.js';
import { driverTypes } from '../types/driver-values.js';
import { NATIVE_PORT, STORAGE_PORT } from './system-local.js';
import { SYSTEM, systemTableNamed } from './system-keyspaces.js';

const peers = tableLayout(systemTableNamed(SYSTEM, 'peers'));
const peersV2 = tableLayout(systemTableNamed(SYSTEM, 'peers_v2'));

/** What this node knows of another ring member. */
export interface PeerFacts {
  /** Its address (127.0.0.i), without the port. */
  readonly address: string;
  readonly hostId: string;
  readonly datacenter: string;
  readonly rack: string;
  /** Its ring tokens, as decimal strings. */
  readonly tokens: readonly string[];
  readonly releaseVersion: string | null;
  readonly schemaVersion: string | null;
  /** The port its CQL native protocol server listens on (gossip's NATIVE_ADDRESS_AND_PORT); default 9042. */
  readonly nativePort?: number;
}

/** The peer's row in system.peers and system.peers_v2. */
export function peerMutations(peer: PeerFacts, attributes: WriteAttributes): WriteMutation[] {
  const address = driverTypes.InetAddress.fromString(peer.address);
  const schemaVersion = peer.schemaVersion === null ? null : driverTypes.Uuid.fromString(peer.schemaVersion);
  const common: Array<[string, unknown]> = [
    ['data_center', peer.datacenter],
    ['host_id', driverTypes.Uuid.fromString(peer.hostId)],
    ['rack', peer.rack],
    ['release_version', peer.releaseVersion],
    ['schema_version', schemaVersion],
    ['tokens', peer.tokens],
  ];
  return [
    insertRow(peers, new Map<string, unknown>([['peer', address], ['rpc_address', address], ...common]), attributes),
    insertRow(peersV2, new Map<string, unknown>([
      ['peer', address],
      ['peer_port', STORAGE_PORT],
      ['native_address', address],
      ['native_port', peer.nativePort ?? NATIVE_PORT],
      ...common,
    ]), attributes),
  ];
}

/** The peer's rows deleted (it left the ring or was removed). */
export function peerRemovalMutations(address: string, attributes: WriteAttributes): WriteMutation[] {
  const inet = driverTypes.InetAddress.fromString(address);
  return [peers, peersV2].map((layout) => partitionDeletion(layout, [inet], attributes));
}

/** The peers this node recorded, in address order; rows missing a host id or tokens are skipped. */
export async function readPeers(engine: NodeStorage): Promise<PeerFacts[]> {
  const found: PeerFacts[] = [];
  for await (const partition of engine.scan(peers.table.id)) {
    for (const { values } of decodePartitionRows(peers, partition)) {
      const hostId = values.get('host_id');
      const tokens = values.get('tokens') as string[] | null;
      if (hostId === null || hostId === undefined || tokens === null || tokens.length === 0) continue;
      const text = (name: string): string | null => {
        const value = values.get(name);
        return value === null || value === undefined ? null : String(value);
      };
      found.push({
        address: String(values.get('peer')),
        hostId: String(hostId),
        datacenter: text('data_center') ?? 'datacenter1',
        rack: text('rack') ?? 'rack1',
        tokens,
        releaseVersion: text('release_version'),
        schemaVersion: text('schema_version'),
      });
    }
  }
  return found.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/**
 * "host:port" as gossip's NATIVE_ADDRESS_AND_PORT and internode endpoints write it ("[::1]:9042"
 * for IPv6); null for anything else, so a malformed peer value is ignored rather than trusted.
 */
export function parseAddressAndPort(text: string | null | undefined): { readonly address: string; readonly port: number } | null {
  if (text === null || text === undefined) return null;
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return null;
  const port = Number(text.slice(colon + 1));
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) return null;
  const host = text.slice(0, colon);
  const address = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return address.length === 0 ? null : { address, port };
}

function partitionDeletion(layout: TableLayout, key: readonly unknown[], attributes: WriteAttributes): WriteMutation {
  const write = new PartitionWrite(layout, partitionKeyBytes(layout, key), attributes);
  write.deletePartition();
  return write.build();
}
