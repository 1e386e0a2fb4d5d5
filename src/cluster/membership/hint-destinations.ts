/**
 * Where a decommissioning node hands its hints (Cassandra's
 * StorageService.getPreferredHintsStreamTarget): the nodes of the ring once every leaving node
 * is gone, this one excluded, that the failure detector holds alive, nearest first as the
 * snitch sorts them: same rack, then same datacenter, then the others, by address within each.
 * HintsService.transferHints tries them in this order until one takes the hints.
 */

import type { HintDestination } from '../hints/hints-transfer.js';
import type { Endpoint } from '../ring/endpoint.js';
import type { MembershipHost } from './membership-host.js';

export function hintDestinations(host: Pick<MembershipHost, 'self' | 'ringView' | 'isAlive'>): HintDestination[] {
  const self = host.self;
  const distance = (endpoint: Endpoint): number => (endpoint.datacenter !== self.datacenter ? 2 : endpoint.rack !== self.rack ? 1 : 0);
  return host.ringView
    .ring()
    .endpoints()
    .filter((e) => e.hostId !== self.hostId && e.status === 'normal' && host.isAlive(e))
    .sort((a, b) => distance(a) - distance(b) || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
    .map((e) => ({ hostId: e.hostId, address: e.address }));
}
