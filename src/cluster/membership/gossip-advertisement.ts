/**
 * Gossiping a state on another node's behalf (Cassandra's Gossiper.advertiseRemoving and
 * advertiseTokenRemoved): removenode runs on a live node for a dead one, which cannot say
 * "I am being removed" itself. The live node takes the dead node's state as it knows it,
 * raises its generation by one ("forceNewerGenerationUnsafe"), replaces some of its
 * application states, and lets gossip carry that: every other node sees a newer generation
 * of the dead node, which replaces what it had.
 *
 * Our Gossiper has no call to change another endpoint's state, so the new state enters the
 * way any remote state does: as an ACK2 handed to `receive`. The dead node's states are in a
 * dead state (removing, removed), so nobody, ourselves included, marks it alive.
 */

import { assert } from '../../lib/assert.js';
import type { ApplicationState } from '../gossip/application-state.js';
import type { Endpoint as GossipEndpoint } from '../gossip/endpoint.js';
import type { ApplicationStateEntry, EndpointStateDelta } from '../gossip/endpoint-state-delta.js';
import type { Gossiper } from '../gossip/gossiper.js';

export function advertiseOnBehalfOf(
  gossiper: Gossiper,
  endpoint: GossipEndpoint,
  changes: ReadonlyArray<readonly [ApplicationState, string]>,
): void {
  assert(endpoint !== gossiper.localEndpoint, 'our own state changes through addLocalApplicationState');
  const state = gossiper.endpointState(endpoint);
  assert(state !== undefined, `no gossip state for ${endpoint}`);
  const values = new Map<ApplicationState, string>(state.states().map(([key, value]) => [key, value.value]));
  for (const [key, value] of changes) values.set(key, value);
  // A new generation starts its versions again; any order works, the whole state travels.
  const states: ApplicationStateEntry[] = [...values].map(([key, value], index) => ({ key, value, version: index + 1 }));
  const delta: EndpointStateDelta = {
    endpoint,
    heartBeat: { generation: state.heartBeatState().generation + 1, version: states.length + 1 },
    states,
  };
  gossiper.receive(gossiper.localEndpoint, { kind: 'gossip-digest-ack2', states: [delta] });
}
