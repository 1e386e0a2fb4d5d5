/**
 * What gossip tells the hints service: a target that comes up gets its hints at once (the
 * periodic trigger would find it within a dispatch interval anyway), a target whose schema
 * version changes to ours may now be ready, and a target that left the ring has its hints
 * dropped (StorageService's excise on leave and removal): STATUS LEFT or removed as a change,
 * or arriving with a new generation (removenode and assassinate advertise at generation + 1),
 * or the endpoint removed from gossip (a node displaced by its replacement).
 */

import type { Endpoint } from '../gossip/endpoint.js';
import type { Gossiper } from '../gossip/gossiper.js';
import type { GossipListener } from '../gossip/gossip-listener.js';
import { GossipStatus, statusWord } from '../gossip/gossip-status.js';
import type { HintsService } from './hints-service.js';

export function hintsGossipTrigger(hints: HintsService, gossiper: Gossiper): GossipListener {
  const hostIdOf = (endpoint: Endpoint): string | undefined => gossiper.endpointState(endpoint)?.applicationState('HOST_ID')?.value;
  const isGone = (status: string | undefined): boolean => {
    const word = statusWord(status);
    return word === GossipStatus.left || word === GossipStatus.removed;
  };
  return {
    onJoin: (_endpoint, state) => {
      const hostId = state.applicationState('HOST_ID')?.value;
      if (hostId !== undefined && isGone(state.applicationState('STATUS')?.value)) hints.excise(hostId);
    },
    onRemove: (endpoint) => {
      const hostId = hostIdOf(endpoint);
      if (hostId !== undefined) hints.excise(hostId);
    },
    onAlive: (_endpoint, state) => {
      const hostId = state.applicationState('HOST_ID')?.value;
      if (hostId !== undefined) void hints.dispatchTo(hostId);
    },
    onChange: (endpoint, key, value) => {
      if (key === 'SCHEMA') {
        const hostId = hostIdOf(endpoint);
        if (hostId !== undefined) void hints.dispatchTo(hostId);
        return;
      }
      if (key !== 'STATUS' || !isGone(value.value)) return;
      const hostId = hostIdOf(endpoint);
      if (hostId !== undefined) hints.excise(hostId);
    },
  };
}
