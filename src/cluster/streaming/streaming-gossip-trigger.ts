/**
 * What gossip tells streaming (Cassandra's StreamSession as a failure-detection and endpoint
 * state listener: convict, onRestart, onRemove): a peer held down (the failure detector
 * convicted it, it shut down, or it is in a dead state), restarted (its new process knows
 * nothing of the page in flight), or removed from gossip fails every stream with it at once.
 * Cassandra waits for phi at twice the conviction threshold before failing a stream; here the
 * conviction itself does, and the change that streamed is retried or resumed.
 */

import type { GossipListener } from '../gossip/gossip-listener.js';
import type { StreamingService } from './streaming-service.js';

export function streamingGossipTrigger(streaming: StreamingService): GossipListener {
  return {
    onDead: (endpoint) => streaming.peerLost(endpoint, 'gossip holds it down'),
    onRestart: (endpoint) => streaming.peerLost(endpoint, 'it restarted'),
    onRemove: (endpoint) => streaming.peerLost(endpoint, 'it was removed from gossip'),
  };
}
