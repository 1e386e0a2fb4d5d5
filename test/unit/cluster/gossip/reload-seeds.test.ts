/**
 * Goal: Gossiper.reloadSeeds, as Cassandra's: the seeds are replaced by the configured list
 * read now (the local node left out, duplicates once); an empty list keeps the old seeds; the
 * next rounds gossip to the new seeds.
 * Method: gossipers wired by hand; the SYNs of a node with no live peer go to its seeds.
 */

import { describe, expect, it } from 'vitest';
import { asEndpoint } from '../../../../src/cluster/gossip/endpoint.js';
import { HandWire, startMs } from './hand-wire.js';

const A = '10.0.0.1:7000';
const B = '10.0.0.2:7000';
const C = '10.0.0.3:7000';
const [a, b, c] = [A, B, C].map(asEndpoint) as [ReturnType<typeof asEndpoint>, ReturnType<typeof asEndpoint>, ReturnType<typeof asEndpoint>];

describe('reloadSeeds', () => {
  it('replaces the seeds with the configured list, without the local node; a lone node now gossips to the new seed', () => {
    const wire = new HandWire();
    const lone = wire.add(C, [A]);
    lone.start(startMs / 1000, []);
    expect(lone.seedList()).toEqual([a]);
    expect(lone.reloadSeeds([B, C, B].map(asEndpoint))).toEqual([b]);
    expect(lone.seedList()).toEqual([b]);
    lone.tick();
    expect(wire.queue.map((sent) => [sent.to, sent.message.kind])).toEqual([[b, 'gossip-digest-syn']]);
  });

  it('keeps the seeds it has when the configured list is empty or names only itself', () => {
    const wire = new HandWire();
    const node = wire.add(C, [A, B]);
    expect(node.reloadSeeds([])).toEqual([a, b]);
    expect(node.reloadSeeds([c])).toEqual([a, b]);
  });

  it('a seed removed from gossip comes back with the next reload that names it', () => {
    const wire = new HandWire();
    const node = wire.add(C, [A, B]);
    node.start(startMs / 1000, []);
    node.removeEndpoint(a);
    expect(node.seedList()).toEqual([b]);
    expect(node.reloadSeeds([a, b])).toEqual([a, b]);
  });
});
