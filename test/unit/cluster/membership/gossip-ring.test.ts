/**
 * The ring a node builds from gossip: STATUS places each node (NORMAL and shutdown own their
 * ranges, BOOT joins, LEAVING and removing leave, BOOT_REPLACE replaces, LEFT and removed are
 * gone); a replacement that went NORMAL takes the dead node's tokens and displaces it; this
 * node's own place follows setLocal. States arrive as they would from a peer, and a removal
 * advertised on a dead node's behalf takes it out of the ring.
 */

import { describe, expect, it } from 'vitest';
import type { ApplicationState } from '../../../../src/cluster/gossip/application-state.js';
import { asEndpoint } from '../../../../src/cluster/gossip/endpoint.js';
import { statusValue, tokensValue } from '../../../../src/cluster/gossip/gossip-status.js';
import { Gossiper } from '../../../../src/cluster/gossip/gossiper.js';
import { GossipRing } from '../../../../src/cluster/node/gossip-ring.js';
import type { Endpoint } from '../../../../src/cluster/ring/endpoint.js';
import { ManualClock } from '../../../../src/lib/clock.js';
import { SeededRandom } from '../../../../src/lib/random.js';

const self: Endpoint = { hostId: 'self-id', address: '127.0.0.1:7000', datacenter: 'dc1', rack: 'r1', status: 'normal' };

function setup(selfTokens: bigint[] = [100n]): { gossiper: Gossiper; ring: GossipRing; displaced: string[] } {
  const gossiper = new Gossiper({
    localEndpoint: asEndpoint(self.address),
    clusterName: 'test',
    partitionerName: 'p',
    seeds: [],
    clock: new ManualClock(1_700_000_000_000),
    random: new SeededRandom(1),
    send: () => undefined,
    phiConvictThreshold: 8,
  });
  gossiper.start(1000, [['HOST_ID', self.hostId]]);
  const displaced: string[] = [];
  const ring = new GossipRing(gossiper, { endpoint: self, tokens: selfTokens }, { onDisplaced: (address) => displaced.push(address) });
  return { gossiper, ring, displaced };
}

/** A peer's whole state, as an ACK2 from it would carry it. */
function hear(gossiper: Gossiper, host: string, generation: number, status: string, tokens: string[], version = 10): void {
  const states: Array<[ApplicationState, string]> = [
    ['STATUS', status],
    ['DC', 'dc1'],
    ['RACK', 'r1'],
    ['HOST_ID', `${host}-id`],
    ['TOKENS', tokensValue(tokens)],
  ];
  gossiper.receive(asEndpoint(`${host}:7000`), {
    kind: 'gossip-digest-ack2',
    replyTo: 1000,
    states: [{ endpoint: asEndpoint(`${host}:7000`), heartBeat: { generation, version }, states: states.map(([key, value], i) => ({ key, value, version: version + i })) }],
  });
}

const summary = (ring: GossipRing): string[] => ring.ring().endpoints().map((e) => `${e.hostId}:${e.status}:${ring.ring().tokensOf(e.hostId).join(',')}`);

describe('GossipRing', () => {
  it('places each node by its STATUS', () => {
    const { gossiper, ring } = setup();
    hear(gossiper, '127.0.0.2', 5, statusValue.normal(['10']), ['10']);
    hear(gossiper, '127.0.0.3', 5, statusValue.bootstrapping(['20']), ['20']);
    hear(gossiper, '127.0.0.4', 5, statusValue.leaving(['30']), ['30']);
    hear(gossiper, '127.0.0.5', 5, statusValue.removing('127.0.0.5-id'), ['40']);
    hear(gossiper, '127.0.0.6', 5, statusValue.left(['50'], 9e12), ['50']);
    hear(gossiper, '127.0.0.7', 5, statusValue.shutdown(true), ['60']);
    expect(summary(ring)).toEqual([
      '127.0.0.2-id:normal:10',
      '127.0.0.3-id:joining:20',
      '127.0.0.4-id:leaving:30',
      '127.0.0.5-id:leaving:40',
      '127.0.0.7-id:normal:60',
      'self-id:normal:100',
    ]);
    expect(ring.ring().sortedTokens()).toEqual([10n, 30n, 40n, 60n, 100n]);
    expect(ring.state().replacements).toEqual([]);
  });

  it("keeps a replacement apart until it is NORMAL, then gives it the dead node's tokens", () => {
    const { gossiper, ring, displaced } = setup();
    hear(gossiper, '127.0.0.2', 5, statusValue.normal(['10', '50']), ['10', '50']);
    hear(gossiper, '127.0.0.3', 7, statusValue.bootReplacing('127.0.0.2:7000'), ['10', '50']);
    const replacing = ring.state();
    expect(replacing.replacements.map((r) => [r.endpoint.hostId, r.replaced, r.tokens])).toEqual([['127.0.0.3-id', '127.0.0.2-id', [10n, 50n]]]);
    expect(summary(ring)).toEqual(['127.0.0.2-id:normal:10,50', 'self-id:normal:100']);

    hear(gossiper, '127.0.0.3', 7, statusValue.normal(['10', '50']), ['10', '50'], 30);
    expect(summary(ring)).toEqual(['127.0.0.3-id:normal:10,50', 'self-id:normal:100']);
    expect(ring.state().replacements).toEqual([]);
    expect(displaced).toEqual(['127.0.0.2:7000']);
    ring.ring();
    expect(displaced).toEqual(['127.0.0.2:7000']); // reported once
  });

  it('follows this node through bootstrap: out of the ring without tokens, joining, then normal', () => {
    const { gossiper, ring } = setup([]);
    hear(gossiper, '127.0.0.2', 5, statusValue.normal(['10']), ['10']);
    expect(summary(ring)).toEqual(['127.0.0.2-id:normal:10']);
    ring.setLocal('joining', [100n]);
    expect(summary(ring)).toEqual(['127.0.0.2-id:normal:10', 'self-id:joining:100']);
    ring.setLocal('normal', [100n]);
    expect(ring.ring().sortedTokens()).toEqual([10n, 100n]);
    ring.setLocal({ replacing: '127.0.0.2-id' }, [10n]);
    expect(ring.state().replacements.map((r) => r.replaced)).toEqual(['127.0.0.2-id']);
  });

  it('keeps its objects while nothing changes', () => {
    const { gossiper, ring } = setup();
    hear(gossiper, '127.0.0.2', 5, statusValue.normal(['10']), ['10']);
    const before = ring.state();
    hear(gossiper, '127.0.0.2', 5, statusValue.normal(['10']), ['10'], 40); // newer versions, same content
    expect(ring.state()).toBe(before);
    expect(ring.endpointAt('127.0.0.2:7000')?.hostId).toBe('127.0.0.2-id');
  });

  it('drops a dead node once a removal is advertised on its behalf', () => {
    const { gossiper, ring } = setup();
    hear(gossiper, '127.0.0.2', 5, statusValue.normal(['10']), ['10']);
    gossiper.advertiseRemoving(asEndpoint('127.0.0.2:7000'), '127.0.0.2-id', 'self-id');
    expect(summary(ring)).toEqual(['127.0.0.2-id:leaving:10', 'self-id:normal:100']);
    expect(gossiper.endpointState(asEndpoint('127.0.0.2:7000'))!.heartBeatState().generation).toBe(6);
    gossiper.advertiseTokenRemoved(asEndpoint('127.0.0.2:7000'), '127.0.0.2-id');
    expect(summary(ring)).toEqual(['self-id:normal:100']);
    expect(gossiper.isAlive(asEndpoint('127.0.0.2:7000'))).toBe(false);
  });
});
