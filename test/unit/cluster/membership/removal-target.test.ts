/**
 * removenode's first step (remove-node.ts removalTarget) on a node that has just restarted: its
 * ring holds the dead node from system.peers, at gossip generation 0, and a removal advertised
 * from there (at generation 1) would lose to the dead node's real state everywhere else while
 * this node dropped it (simulator seed 46: the cluster never converged). It is refused until
 * gossip has told this node the dead node's real state, then accepted. Real Gossiper and
 * GossipRing; states arrive as an ACK2 from a peer would carry them.
 */

import { describe, expect, it } from 'vitest';
import type { ApplicationState } from '../../../../src/cluster/gossip/application-state.js';
import { asEndpoint } from '../../../../src/cluster/gossip/endpoint.js';
import { statusValue, tokensValue } from '../../../../src/cluster/gossip/gossip-status.js';
import { Gossiper } from '../../../../src/cluster/gossip/gossiper.js';
import { removalTarget } from '../../../../src/cluster/membership/remove-node.js';
import { GossipRing } from '../../../../src/cluster/node/gossip-ring.js';
import type { Endpoint } from '../../../../src/cluster/ring/endpoint.js';
import { ManualClock } from '../../../../src/lib/clock.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';
import { SeededRandom } from '../../../../src/lib/random.js';

const GENERATION = 1_700_000_000;
const self: Endpoint = { hostId: 'self-id', address: '127.0.0.1:7000', datacenter: 'dc1', rack: 'r1', status: 'normal' };
const DEAD = asEndpoint('127.0.0.3:7000');

const deadStates = (): Array<[ApplicationState, string]> => [
  ['STATUS', statusValue.normal(['30'])],
  ['DC', 'dc1'],
  ['RACK', 'r1'],
  ['HOST_ID', 'dead-id'],
  ['TOKENS', tokensValue(['30'])],
];

/** A node restarted with the dead node in its system.peers (a saved endpoint), gossiping again. */
function restartedNode(): { gossiper: Gossiper; host: { self: Endpoint; gossiper: Gossiper; ringView: GossipRing } } {
  const gossiper = new Gossiper({
    localEndpoint: asEndpoint(self.address),
    clusterName: 'test',
    partitionerName: 'p',
    seeds: [],
    clock: new ManualClock(GENERATION * 1000),
    random: new SeededRandom(1),
    send: () => undefined,
    phiConvictThreshold: 8,
  });
  gossiper.addSavedEndpoint(DEAD, deadStates());
  gossiper.start(GENERATION + 60, [['HOST_ID', self.hostId]]);
  const ringView = new GossipRing(gossiper, { endpoint: self, tokens: [10n] });
  return { gossiper, host: { self, gossiper, ringView } };
}

describe('removalTarget on a restarted node', () => {
  it('refuses a node known only from system.peers, then accepts it once gossip has said its state', () => {
    const { gossiper, host } = restartedNode();
    expect(host.ringView.ring().endpoint('dead-id')?.status).toBe('normal');
    expect(() => removalTarget(host, 'dead-id')).toThrow(InvalidRequestError);
    expect(() => removalTarget(host, 'dead-id')).toThrow(/has not been heard of by gossip since this node started/);
    // A peer relays the dead node's last state (held down until it would answer an echo).
    gossiper.receive(asEndpoint('127.0.0.2:7000'), {
      kind: 'gossip-digest-ack2',
      replyTo: GENERATION + 60,
      states: [{ endpoint: DEAD, heartBeat: { generation: GENERATION, version: 40 }, states: deadStates().map(([key, value], i) => ({ key, value, version: 30 + i })) }],
    });
    expect(gossiper.isAlive(DEAD)).toBe(false);
    expect(removalTarget(host, 'dead-id')).toMatchObject({ hostId: 'dead-id', address: DEAD });
  });
});
