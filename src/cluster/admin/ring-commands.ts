/**
 * The node tool's views of the ring, from the node that answers (each node answers from its own
 * gossip, as in Cassandra, so a node cut off from another shows it down):
 *
 *   status [keyspace]        each node: up/down, state, load, tokens, ownership, host id, rack
 *   ring [keyspace]          each token with its node
 *   describering <keyspace>  each token range with its replicas
 *   describecluster          name, snitch, partitioner, schema versions and who holds them
 */

import { asEndpoint } from '../gossip/endpoint.js';
import type { ClusterNode } from '../node/cluster-node.js';
import { CLUSTER_NAME } from '../node/cluster-node.js';
import { replicationStrategyOf } from '../replication/replication-strategy.js';
import { summarizeStorage } from '../metrics/storage-summary.js';
import { InvalidRequestError } from '../../lib/errors.js';
import { NodetoolUsageError, type NodetoolContext } from './nodetool-command.js';
import type { DescribeClusterResult, DescribeRingResult, RingResult, StatusResult } from './nodetool-results.js';
import { ownershipView } from './ownership-view.js';
import { hostOf, ringMembers, type RingMember } from './ring-members.js';

async function membersOf(node: ClusterNode): Promise<RingMember[]> {
  return ringMembers(node, summarizeStorage(await node.engine.status()).loadBytes);
}

function optionalKeyspace(args: readonly string[], command: string): string | null {
  if (args.length > 1) throw new NodetoolUsageError(`${command} takes at most one keyspace`);
  return args[0] ?? null;
}

function byDatacenter<T>(members: readonly RingMember[], make: (m: RingMember) => T): Array<{ name: string; items: T[] }> {
  const names = [...new Set(members.map((m) => m.endpoint.datacenter))].sort();
  return names.map((name) => ({ name, items: members.filter((m) => m.endpoint.datacenter === name).map(make) }));
}

export async function status(args: readonly string[], { node }: NodetoolContext): Promise<StatusResult> {
  const keyspace = optionalKeyspace(args, 'status');
  const ring = node.ring();
  const view = ownershipView(node.catalog.schema, ring, keyspace);
  const members = await membersOf(node);
  const datacenters = byDatacenter(members, (m) => ({
    address: m.address,
    up: m.up,
    state: m.state,
    loadBytes: m.loadBytes,
    tokens: ring.tokensOf(m.endpoint.hostId).length,
    owns: view.owns.get(m.endpoint.hostId) ?? null,
    hostId: m.endpoint.hostId,
    rack: m.endpoint.rack,
  }));
  return { datacenters: datacenters.map((dc) => ({ name: dc.name, nodes: dc.items })), effective: view.effective, note: view.note };
}

export async function ring(args: readonly string[], { node }: NodetoolContext): Promise<RingResult> {
  const keyspace = optionalKeyspace(args, 'ring');
  const metadata = node.ring();
  const view = ownershipView(node.catalog.schema, metadata, keyspace);
  const members = await membersOf(node);
  const datacenters = byDatacenter(members, (m) =>
    metadata.tokensOf(m.endpoint.hostId).map((token) => ({
      address: m.address,
      rack: m.endpoint.rack,
      up: m.up,
      state: m.state,
      loadBytes: m.loadBytes,
      owns: view.owns.get(m.endpoint.hostId) ?? null,
      token: String(token),
    })),
  );
  return {
    datacenters: datacenters.map((dc) => ({ name: dc.name, entries: dc.items.flat().sort((a, b) => compareTokenText(a.token, b.token)) })),
    effective: view.effective,
    note: view.note,
  };
}

function compareTokenText(a: string, b: string): number {
  const d = BigInt(a) - BigInt(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export async function describering(args: readonly string[], { node }: NodetoolContext): Promise<DescribeRingResult> {
  if (args.length !== 1) throw new NodetoolUsageError('describering takes one keyspace');
  const keyspace = args[0]!;
  const schema = node.catalog.schema;
  const replication = schema.keyspace(keyspace)?.metadata.replication;
  if (replication === undefined) throw new InvalidRequestError(`The keyspace ${keyspace}, does not exist`);
  if (replication.class === 'LocalStrategy') throw new InvalidRequestError(`Keyspace ${keyspace} uses LocalStrategy: it has no ring to describe`);
  const strategy = replicationStrategyOf(replication);
  const metadata = node.ring();
  const ranges = metadata.sortedTokens().map((_token, index) => {
    const range = metadata.rangeAt(index);
    const replicas = strategy.replicasAt(index, metadata);
    return {
      start: String(range.left),
      end: String(range.right),
      endpoints: replicas.map((r) => hostOf(r.address)),
      details: replicas.map((r) => ({ host: hostOf(r.address), datacenter: r.datacenter, rack: r.rack })),
    };
  });
  return { keyspace, schemaVersion: schema.version, ranges };
}

export async function describecluster(args: readonly string[], { node }: NodetoolContext): Promise<DescribeClusterResult> {
  if (args.length > 0) throw new NodetoolUsageError('describecluster takes no arguments');
  const versions: Record<string, string[]> = {};
  for (const member of await membersOf(node)) {
    const self = member.endpoint.hostId === node.self.hostId;
    const version = self
      ? node.catalog.schema.version
      : member.up
        ? (node.gossiper.endpointState(asEndpoint(member.endpoint.address))?.applicationState('SCHEMA')?.value ?? 'UNKNOWN')
        : 'UNREACHABLE';
    (versions[version] ??= []).push(member.address);
  }
  return {
    name: CLUSTER_NAME,
    snitch: 'org.apache.cassandra.locator.GossipingPropertyFileSnitch',
    partitioner: 'org.apache.cassandra.dht.Murmur3Partitioner',
    schemaVersions: versions,
  };
}
