/**
 * `nodetool gossipinfo` (Cassandra's Gossiper.getAllEndpointStates): every endpoint this node's
 * gossip holds, ourselves included, with its generation, heartbeat version and each application
 * state as `KEY:version:value`, TOKENS last and hidden (it is long):
 *
 *   /127.0.0.1
 *     generation:1700000000
 *     heartbeat:412
 *     STATUS:17:NORMAL,-9079999999999999999
 *     ...
 *     TOKENS:16:<hidden>
 *
 * Cassandra prints its map in hash order; we sort by address, so two runs compare line by line.
 */

import { compareEndpoints, type Endpoint } from './endpoint.js';
import type { EndpointStateView } from './endpoint-state.js';

export interface GossipInfoSource {
  knownEndpoints(): Endpoint[];
  endpointState(endpoint: Endpoint): EndpointStateView | undefined;
}

export function describeEndpointStates(gossip: GossipInfoSource): string {
  const lines: string[] = [];
  for (const endpoint of [...gossip.knownEndpoints()].sort(compareEndpoints)) {
    const state = gossip.endpointState(endpoint);
    if (state === undefined) continue;
    lines.push(`/${hostOf(endpoint)}`);
    lines.push(`  generation:${state.heartBeatState().generation}`);
    lines.push(`  heartbeat:${state.heartBeatState().version}`);
    for (const [key, value] of state.states()) {
      if (key !== 'TOKENS') lines.push(`  ${key}:${value.version}:${value.value}`);
    }
    const tokens = state.applicationState('TOKENS');
    lines.push(tokens === undefined ? '  TOKENS: not present' : `  TOKENS:${tokens.version}:<hidden>`);
  }
  return lines.join('\n');
}

/** The address without its port, as Cassandra's nodetool prints it unless asked for ports. */
function hostOf(endpoint: Endpoint): string {
  return endpoint.slice(0, endpoint.lastIndexOf(':'));
}
