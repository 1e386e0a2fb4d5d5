/**
 * An endpoint is a node's internode address, "host:port" (Cassandra's InetAddressAndPort in its
 * `getHostAddressAndPort()` text form, e.g. "10.0.0.1:7000" or "[::1]:7000"). Gossip keys all
 * of its maps by it and carries it in messages as a plain string.
 */

import { assert } from '../../lib/assert.js';

export type Endpoint = string & { readonly __brand: 'Endpoint' };

/** Longest endpoint text accepted: a bracketed IPv6 address with a port, or a host name. */
const endpointCharsMax = 300;

export function isEndpointText(text: unknown): text is Endpoint {
  if (typeof text !== 'string' || text.length === 0 || text.length > endpointCharsMax) return false;
  const colon = text.lastIndexOf(':');
  if (colon <= 0 || colon === text.length - 1) return false;
  const port = Number(text.slice(colon + 1));
  return Number.isInteger(port) && port > 0 && port <= 65_535 && !/[\s,]/.test(text);
}

/** Checks the "host:port" form; a bad address is a programmer or configuration error. */
export function asEndpoint(text: string): Endpoint {
  assert(isEndpointText(text), `not an endpoint (host:port): ${JSON.stringify(text)}`);
  return text;
}

/** The order Cassandra's gossiper keeps its live and seed sets in (by address text). */
export function compareEndpoints(a: Endpoint, b: Endpoint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
