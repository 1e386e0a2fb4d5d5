/**
 * How a new node joins the ring: bootstrapping with tokens of its own (balanced against the
 * ring it learns), or replacing a dead node, whose tokens it takes (replace_address).
 */

export type JoinRequest =
  | {
      readonly kind: 'bootstrap';
      readonly numTokens: number;
      /** The replication factor token allocation balances for (allocate_tokens_for_local_replication_factor). */
      readonly localReplicationFactor: number;
    }
  | {
      readonly kind: 'replace';
      /** The dead node's gossip address (host:7000). */
      readonly replacedAddress: string;
    };
