/**
 * A node as the ring sees it: who it is, where it is (datacenter and rack, what Cassandra's
 * snitch answers) and where it stands in its life (Cassandra's gossip STATUS, reduced to the
 * three states that change which tokens count).
 */

/** A node's host id (a UUID in text form in Cassandra; any unique string here). */
export type HostId = string;

/**
 * - `normal`: its tokens are in the ring; it owns and replicates ranges.
 * - `joining`: bootstrapping; its tokens are announced but not yet in the ring, so it owns
 *   nothing yet (Cassandra's bootstrap tokens).
 * - `leaving`: decommissioning; its tokens stay in the ring until it has left.
 */
export type EndpointStatus = 'normal' | 'joining' | 'leaving';

export interface Endpoint {
  readonly hostId: HostId;
  /** Where peers reach it, host:port or a transport address. */
  readonly address: string;
  readonly datacenter: string;
  readonly rack: string;
  readonly status: EndpointStatus;
}

/** Whether the node's tokens are part of the ring (count for ownership and replicas). */
export function isInRing(endpoint: Endpoint): boolean {
  return endpoint.status !== 'joining';
}
