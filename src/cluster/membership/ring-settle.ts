/**
 * A new node waits until it knows the ring and has the schema before it picks tokens or asks
 * for data (Cassandra's Gossiper.waitToSettle and the schema agreement wait of
 * StorageService.joinTokenRing): round after round, the endpoints it knows and the ring they
 * make must stay the same, and every live peer must gossip the schema version it holds, for
 * membershipLimits.settledRoundsMin rounds in a row. Gives up after a few ring delays.
 */

import { membershipLimits } from './membership-limits.js';
import type { MembershipHost, MembershipOptions } from './membership-host.js';
import { sleep } from './sleep.js';

export class RingNotSettledError extends Error {
  override readonly name = 'RingNotSettledError';
}

export async function awaitRingSettled(host: MembershipHost, options: MembershipOptions): Promise<void> {
  const { clock, timers, gossipIntervalMs, ringDelayMs } = options;
  const deadlineMs = clock.nowMs() + Math.max(ringDelayMs, gossipIntervalMs * 10) * membershipLimits.settleRingDelaysMax;
  let settledRounds = 0;
  let last: { ring: object; known: number } | null = null;
  for (;;) {
    await sleep(timers, gossipIntervalMs);
    const now = { ring: host.ringView.state(), known: host.gossiper.knownEndpoints().length };
    const same = last !== null && last.ring === now.ring && last.known === now.known;
    settledRounds = same && schemaAgrees(host) ? settledRounds + 1 : 0;
    last = now;
    if (settledRounds >= membershipLimits.settledRoundsMin) return;
    if (clock.nowMs() > deadlineMs) {
      throw new RingNotSettledError(`${host.self.address} did not learn the ring and the schema in time (live peers: ${livePeers(host).join(', ') || 'none'})`);
    }
  }
}

/** At least one live peer, and every live peer gossips our schema version. */
function schemaAgrees(host: MembershipHost): boolean {
  const peers = livePeers(host);
  const version = host.schemaVersion();
  return peers.length > 0 && peers.every((peer) => host.gossiper.endpointState(peer)?.applicationState('SCHEMA')?.value === version);
}

function livePeers(host: MembershipHost) {
  return host.gossiper.liveMembers().filter((e) => e !== host.gossiper.localEndpoint);
}
