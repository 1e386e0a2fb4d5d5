import { describe, expect, it } from 'vitest';
import { hintDestinations } from '../../../../src/cluster/membership/hint-destinations.js';
import type { MembershipHost } from '../../../../src/cluster/membership/membership-host.js';
import type { Endpoint } from '../../../../src/cluster/ring/endpoint.js';
import { TokenMetadata } from '../../../../src/cluster/ring/token-metadata.js';

function endpoint(n: number, datacenter: string, rack: string, status: Endpoint['status'] = 'normal'): Endpoint {
  return { hostId: `host-${n}`, address: `127.0.0.${n}:7000`, datacenter, rack, status };
}

describe('hintDestinations', () => {
  it('lists the live normal nodes but this one, same rack first, then same datacenter, then by address', () => {
    const self = endpoint(1, 'dc1', 'r1');
    const nodes = [self, endpoint(2, 'dc2', 'r1'), endpoint(3, 'dc1', 'r2'), endpoint(4, 'dc1', 'r1'), endpoint(5, 'dc1', 'r1', 'leaving'), endpoint(6, 'dc1', 'r2'), endpoint(7, 'dc1', 'r1')];
    const ring = nodes.reduce((metadata, e, i) => metadata.withNode(e, [BigInt(i * 1000)]), TokenMetadata.EMPTY);
    const host = { self, ringView: { ring: () => ring }, isAlive: (e: Endpoint) => e.hostId !== 'host-7' } as unknown as Pick<MembershipHost, 'self' | 'ringView' | 'isAlive'>;
    expect(hintDestinations(host).map((d) => d.hostId)).toEqual(['host-4', 'host-3', 'host-6', 'host-2']);
  });
});
