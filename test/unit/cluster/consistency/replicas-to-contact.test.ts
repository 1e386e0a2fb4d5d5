/**
 * Which live replicas a read contacts (ConsistencyLevel.filterForQuery): blockFor of them in
 * proximity order, local ones first for local levels, a quorum per datacenter for EACH_QUORUM,
 * more when the read also repairs.
 */

import { describe, expect, it } from 'vitest';
import { replicasToContactForRead } from '../../../../src/cluster/consistency/replicas-to-contact.js';
import { NetworkTopologyStrategy } from '../../../../src/cluster/replication/network-topology-strategy.js';
import { SimpleStrategy } from '../../../../src/cluster/replication/simple-strategy.js';
import { endpoint, hostIds } from '../cluster-fixtures.js';

const simple = new SimpleStrategy(3);
const topology = new NetworkTopologyStrategy(new Map([['dc1', 3], ['dc2', 3]]));
// Proximity order as a snitch might give it: a remote node first.
const live = [
  endpoint('x', 'dc2'),
  endpoint('a', 'dc1'),
  endpoint('y', 'dc2'),
  endpoint('b', 'dc1'),
  endpoint('c', 'dc1'),
  endpoint('z', 'dc2'),
];

describe('replicasToContactForRead', () => {
  it('takes the first blockFor replicas without read repair', () => {
    expect(hostIds(replicasToContactForRead('ONE', simple, live, 'dc1', 'NONE'))).toEqual(['x']);
    expect(hostIds(replicasToContactForRead('QUORUM', simple, live, 'dc1', 'NONE'))).toEqual(['x', 'a']);
    expect(hostIds(replicasToContactForRead('QUORUM', topology, live, 'dc1', 'NONE'))).toEqual(['x', 'a', 'y', 'b']);
    expect(hostIds(replicasToContactForRead('ALL', simple, live.slice(0, 2), 'dc1', 'NONE'))).toEqual(['x', 'a']);
  });

  it('moves local replicas to the front for local levels', () => {
    expect(hostIds(replicasToContactForRead('LOCAL_ONE', topology, live, 'dc1', 'NONE'))).toEqual(['a']);
    expect(hostIds(replicasToContactForRead('LOCAL_QUORUM', topology, live, 'dc1', 'NONE'))).toEqual(['a', 'b']);
    expect(hostIds(replicasToContactForRead('LOCAL_QUORUM', topology, live, 'dc2', 'NONE'))).toEqual(['x', 'y']);
  });

  it('contacts everyone for a global read repair', () => {
    expect(replicasToContactForRead('ONE', simple, live, 'dc1', 'GLOBAL')).toEqual(live);
    expect(hostIds(replicasToContactForRead('LOCAL_ONE', topology, live, 'dc1', 'GLOBAL'))).toEqual([
      'a', 'b', 'c', 'x', 'y', 'z',
    ]);
  });

  it('contacts every local replica for a DC-local read repair, topped up to blockFor', () => {
    expect(hostIds(replicasToContactForRead('ONE', topology, live, 'dc1', 'DC_LOCAL'))).toEqual(['a', 'b', 'c']);
    const fewLocal = [endpoint('x', 'dc2'), endpoint('a', 'dc1'), endpoint('y', 'dc2'), endpoint('z', 'dc2')];
    expect(hostIds(replicasToContactForRead('QUORUM', topology, fewLocal, 'dc1', 'DC_LOCAL'))).toEqual([
      'a', 'x', 'y', 'z',
    ]);
  });

  it('takes a quorum from each datacenter for EACH_QUORUM, the local one first', () => {
    expect(hostIds(replicasToContactForRead('EACH_QUORUM', topology, live, 'dc2', 'NONE'))).toEqual(['x', 'y', 'a', 'b']);
    expect(hostIds(replicasToContactForRead('EACH_QUORUM', topology, live, 'dc1', 'DC_LOCAL'))).toEqual([
      'a', 'b', 'c', 'x', 'y',
    ]);
    expect(replicasToContactForRead('EACH_QUORUM', topology, live, 'dc1', 'GLOBAL')).toEqual(live);
  });

  it('reads EACH_QUORUM as QUORUM under SimpleStrategy', () => {
    expect(hostIds(replicasToContactForRead('EACH_QUORUM', simple, live, 'dc1', 'NONE'))).toEqual(['x', 'a']);
  });
});
