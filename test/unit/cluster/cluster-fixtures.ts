/** Small builders for ring tests: endpoints and TokenMetadata from plain numbers. */

import type { Endpoint, EndpointStatus } from '../../../src/cluster/ring/endpoint.js';
import { TokenMetadata } from '../../../src/cluster/ring/token-metadata.js';

export function endpoint(
  hostId: string,
  datacenter = 'dc1',
  rack = 'r1',
  status: EndpointStatus = 'normal',
): Endpoint {
  return { hostId, address: `${hostId}.test:7000`, datacenter, rack, status };
}

/** A ring from [endpoint, tokens] pairs; tokens may be numbers for brevity. */
export function ringOf(
  nodes: ReadonlyArray<readonly [Endpoint, ReadonlyArray<number | bigint>]>,
): TokenMetadata {
  return TokenMetadata.of(nodes.map(([node, tokens]) => ({ endpoint: node, tokens: tokens.map(BigInt) })));
}

export function hostIds(endpoints: readonly Endpoint[]): string[] {
  return endpoints.map((node) => node.hostId);
}
