/**
 * The natural replicas of a token, in replica order: the first is the primary owner (for
 * SimpleStrategy; for NetworkTopologyStrategy the first met on the ring walk), then the order
 * the ring walk met them. A distinct type from a list of nodes in general (STYLE rule 10): it
 * holds each node at most once and is only ever computed by a replication strategy.
 */

import type { Endpoint } from '../ring/endpoint.js';

export type ReplicasForToken = readonly Endpoint[];
