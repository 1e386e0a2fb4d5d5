/**
 * What a subscriber hears from the gossiper (gms/IEndpointStateChangeSubscriber.java). Every
 * method is optional. Calls happen synchronously inside `tick()` or `receive()`.
 *
 *   onJoin      an endpoint was heard of for the first time, or with a new generation; its
 *               states come with it (no onChange per state, as in Cassandra)
 *   onChange    one application state of a known endpoint changed (also for our own changes)
 *   onAlive     an endpoint answered our echo: it is up
 *   onDead      the failure detector convicted it, it announced its shutdown, or it is in a
 *               dead state (LEFT, removed...)
 *   onRestart   an endpoint came back with a higher generation; `state` is the OLD state
 *   onRemove    the endpoint was removed from gossip (Gossiper.removeEndpoint)
 */

import type { ApplicationState } from './application-state.js';
import type { Endpoint } from './endpoint.js';
import type { EndpointStateView } from './endpoint-state.js';
import type { VersionedValue } from './versioned-value.js';

export interface GossipListener {
  onJoin?(endpoint: Endpoint, state: EndpointStateView): void;
  onChange?(endpoint: Endpoint, key: ApplicationState, value: VersionedValue): void;
  onAlive?(endpoint: Endpoint, state: EndpointStateView): void;
  onDead?(endpoint: Endpoint, state: EndpointStateView): void;
  onRestart?(endpoint: Endpoint, state: EndpointStateView): void;
  onRemove?(endpoint: Endpoint): void;
}
