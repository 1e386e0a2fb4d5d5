/**
 * What a node knows of one endpoint, in three numbers (gms/GossipDigest.java): the generation
 * and the highest version it holds. A SYN carries one per known endpoint; the receiver compares
 * each with its own view to decide what to send and what to ask for.
 */

import type { Endpoint } from './endpoint.js';

export interface GossipDigest {
  readonly endpoint: Endpoint;
  readonly generation: number;
  readonly maxVersion: number;
}
