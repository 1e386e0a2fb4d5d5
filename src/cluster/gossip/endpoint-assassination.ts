/**
 * `nodetool assassinate <address>` (Cassandra's Gossiper.assassinateEndpoint): forces a node
 * out of gossip and the ring when nothing else can, e.g. a dead node whose removenode failed,
 * or an address gossip keeps relaying that belongs to no node any more.
 *
 *   1. if we know the endpoint, remember its generation and heartbeat version and wait
 *      ring_delay: if either moves meanwhile, it is alive, and we refuse;
 *   2. write STATUS LEFT,<token>,<expiry> for it at a newer generation (gossiper.ts
 *      assassinateEndpoint; an endpoint we never heard of gets one a minute ahead of our clock).
 *      Our ring drops it at once, every node gossip reaches does too, and each forgets it when
 *      the expiry passes;
 *   3. wait four gossip rounds, so the news has left this node.
 *
 * As in Cassandra there is no data movement: ranges the node held lose that replica until a
 * repair. The token in LEFT is the ring's first token of the node, or a random one when the
 * ring does not know it (Cassandra's "trying to continue with a random token").
 */

import type { Timers } from '../../actors/timers.js';
import { InvalidRequestError } from '../../lib/errors.js';
import type { Endpoint } from './endpoint.js';
import { gossipLimits } from './gossip-limits.js';
import type { Gossiper } from './gossiper.js';

export interface AssassinationOptions {
  readonly timers: Timers;
  /** StorageService.RING_DELAY: how long the endpoint must stay silent first. */
  readonly ringDelayMs: number;
  /** The gossip round length. */
  readonly intervalMs: number;
  /** The endpoint's tokens as text, or a random token when the ring has none for it. */
  readonly tokensOf: (endpoint: Endpoint) => readonly string[];
}

export async function assassinateEndpoint(gossiper: Gossiper, endpoint: Endpoint, options: AssassinationOptions): Promise<void> {
  if (endpoint === gossiper.localEndpoint) throw new InvalidRequestError(`Cannot assassinate the local node ${endpoint}: use decommission`);
  if (!gossiper.isEnabled()) throw new InvalidRequestError('Gossip is not running on this node');
  const before = gossiper.endpointState(endpoint)?.heartBeatState();
  if (before !== undefined) {
    await sleep(options.timers, options.ringDelayMs);
    const after = gossiper.endpointState(endpoint)?.heartBeatState();
    // Gone meanwhile (evicted): Cassandra carries on anyway, and so do we.
    if (after !== undefined && after.generation !== before.generation) {
      throw new InvalidRequestError(`Endpoint still alive: ${endpoint} generation changed while trying to assassinate it`);
    }
    if (after !== undefined && after.version !== before.version) {
      throw new InvalidRequestError(`Endpoint still alive: ${endpoint} heartbeat changed while trying to assassinate it`);
    }
  }
  if (!gossiper.isEnabled()) throw new InvalidRequestError('Gossip stopped while assassinating');
  gossiper.assassinateEndpoint(endpoint, options.tokensOf(endpoint));
  await sleep(options.timers, options.intervalMs * gossipLimits.assassinateAdvertiseRounds);
}

function sleep(timers: Timers, ms: number): Promise<void> {
  return new Promise((resolve) => timers.setTimeout(resolve, ms));
}
