/**
 * The hints service's view of its targets, read from gossip and the ring: where a host id is,
 * whether it is in the ring at all (a member, joining, or replacing a dead node: hints for any
 * other are discarded), whether it takes hints now (alive, and on this node's schema version,
 * as Cassandra's HintsDispatchTrigger checks, so the target knows every table a hint writes),
 * and how long it has been down (Gossiper.getEndpointDowntime, for max_hint_window).
 */

import { asEndpoint } from '../gossip/endpoint.js';
import type { Gossiper } from '../gossip/gossiper.js';
import type { RingState } from '../membership/ring-state.js';
import type { HintTargets } from './hints-service.js';

export function gossipHintTargets(gossiper: Gossiper, ring: () => RingState, schemaVersion: () => string): HintTargets {
  const addressOf = (hostId: string): string | null => ring().metadata.endpoint(hostId)?.address ?? null;
  return {
    addressOf,
    isInRing: (hostId) => addressOf(hostId) !== null || ring().replacements.some((r) => r.endpoint.hostId === hostId),
    isReady: (hostId) => {
      const address = addressOf(hostId);
      if (address === null || !gossiper.isAlive(asEndpoint(address))) return false;
      return gossiper.endpointState(asEndpoint(address))?.applicationState('SCHEMA')?.value === schemaVersion();
    },
    downtimeMs: (replica) => gossiper.downtimeMs(asEndpoint(replica.address)),
    ringSize: () => ring().metadata.endpoints().length,
  };
}
