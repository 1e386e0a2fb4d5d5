/**
 * What gossip tells the hints service: a target that comes up gets its hints at once (the
 * periodic trigger would find it within a dispatch interval anyway), a target whose schema
 * version changes to ours may now be ready, and a target that left the ring (STATUS LEFT or
 * removed) has its hints dropped (StorageService's excise on leave and removal).
 */

import type { Endpoint } from '../gossip/endpoint.js';
import type { Gossiper } from '../gossip/gossiper.js';
import type { GossipListener } from '../gossip/gossip-listener.js';
import { GossipStatus, statusWord } from '../gossip/gossip-status.js';
import type { HintsService } from './hints-service.js';

export function hintsGossipTrigger(hints: HintsService, gossiper: Gossiper): GossipListener {
  const hostIdOf = (endpoint: Endpoint): string | undefined => gossiper.endpointState(endpoint)?.applicationState('HOST_ID')?.value;
  return {
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
      if (key !== 'STATUS') return;
      const word = statusWord(value.value);
      if (word !== GossipStatus.left && word !== GossipStatus.removed) return;
      const hostId = hostIdOf(endpoint);
      if (hostId !== undefined) hints.excise(hostId);
    },
  };
}
