/**
 * The node tool's gossip commands (Cassandra's GossiperMBean through nodetool):
 *
 *   assassinate <address>   forces a node out of gossip and the ring (LEFT at a newer
 *                           generation), even one that is unreachable or that we never knew;
 *                           refused if it still heartbeats (gossip/endpoint-assassination.ts)
 *   gossipinfo              every endpoint's gossip state as this node holds it
 *   getseeds                the seeds this node gossips to, itself left out
 *   reloadseeds             reads the configured seeds again (Cluster.setSeeds changes them)
 *
 * An address is the node's listen address (127.0.0.3) or its gossip endpoint (127.0.0.3:7000).
 */

import type { Random } from '../../lib/random.js';
import { asEndpoint, isEndpointText, type Endpoint } from '../gossip/endpoint.js';
import { assassinateEndpoint } from '../gossip/endpoint-assassination.js';
import { describeEndpointStates } from '../gossip/gossip-info.js';
import { membershipLimits } from '../membership/membership-limits.js';
import { DEFAULT_GOSSIP_INTERVAL_MS, STORAGE_PORT, type ClusterNode } from '../node/cluster-node.js';
import { tokenFromParts } from '../ring/murmur3.js';
import { NodetoolUsageError, type NodetoolContext, type NodetoolMessage } from './nodetool-command.js';

const NO_REMOTE_SEEDS = 'Seed node list does not contain any remote node IPs';

export async function assassinate(args: readonly string[], { node }: NodetoolContext): Promise<NodetoolMessage> {
  if (args.length !== 1) throw new NodetoolUsageError('assassinate takes one node address: nodetool assassinate <ip_address>');
  const endpoint = endpointOf(args[0]!);
  await assassinateEndpoint(node.gossiper, endpoint, {
    timers: node.options.timers,
    ringDelayMs: node.options.ringDelayMs ?? membershipLimits.ringDelayMsDefault,
    intervalMs: node.options.gossipIntervalMs ?? DEFAULT_GOSSIP_INTERVAL_MS,
    tokensOf: (target) => ringTokensOf(node, target) ?? [randomToken(node.options.random)],
  });
  // Cassandra's nodetool says nothing when it is done.
  return { message: '' };
}

export async function gossipinfo(args: readonly string[], { node }: NodetoolContext): Promise<NodetoolMessage> {
  if (args.length > 0) throw new NodetoolUsageError('gossipinfo takes no arguments');
  return { message: describeEndpointStates(node.gossiper) };
}

export async function getseeds(args: readonly string[], { node }: NodetoolContext): Promise<NodetoolMessage> {
  if (args.length > 0) throw new NodetoolUsageError('getseeds takes no arguments');
  const seeds = node.gossiper.seedList();
  return { message: seeds.length === 0 ? NO_REMOTE_SEEDS : `Current list of seed node IPs, excluding the current node's IP: ${seeds.join(' ')}` };
}

export async function reloadseeds(args: readonly string[], { node }: NodetoolContext): Promise<NodetoolMessage> {
  if (args.length > 0) throw new NodetoolUsageError('reloadseeds takes no arguments');
  const seeds = node.gossiper.reloadSeeds(node.configuredSeeds().map(asEndpoint));
  return { message: seeds.length === 0 ? NO_REMOTE_SEEDS : `Updated seed node IP list, excluding the current node's IP: ${seeds.join(' ')}` };
}

/** "127.0.0.3" or "127.0.0.3:7000" as a gossip endpoint. */
function endpointOf(address: string): Endpoint {
  const text = isEndpointText(address) ? address : `${address}:${STORAGE_PORT}`;
  if (!isEndpointText(text) || !/^[\w.:[\]-]+$/.test(text)) throw new NodetoolUsageError(`not a node address: ${address}`);
  return text;
}

/** The ring's tokens of the node at `endpoint`, if the ring has it with any. */
function ringTokensOf(node: ClusterNode, endpoint: Endpoint): string[] | undefined {
  const member = node.ringView.endpointAt(endpoint);
  const tokens = member === undefined ? [] : node.ring().tokensOf(member.hostId);
  return tokens.length === 0 ? undefined : tokens.map(String);
}

/** Murmur3Partitioner.getRandomToken: 64 random bits. */
function randomToken(random: Random): string {
  return String(tokenFromParts(random.int(0x1_0000_0000) | 0, random.int(0x1_0000_0000) | 0));
}
