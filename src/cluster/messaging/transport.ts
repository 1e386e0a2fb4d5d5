/**
 * How bytes move between nodes: the one interface every inter-node message goes through
 * (ADR 0012). Delivery is best effort and unordered, as on a real network: a message to a node
 * that is down, cut off or not listening is lost without an error, and the sender learns of it
 * only by a missing reply. The in-process transport (in-process-transport.ts) and the simulator's
 * implement it; a TCP transport can later, with nothing above it changing.
 */

/** A node's address on the cluster network: its listen address, "127.0.0.2". */
export type NodeAddress = string;

export type Inbox = (from: NodeAddress, message: Uint8Array) => void;

export interface Transport {
  /** Starts delivering messages for `address` to `inbox`; the endpoint sends as that node. */
  bind(address: NodeAddress, inbox: Inbox): TransportEndpoint;
}

export interface TransportEndpoint {
  readonly address: NodeAddress;
  /** Sends one message; never throws for an unreachable node. */
  send(to: NodeAddress, message: Uint8Array): void;
  /** Stops delivery to this node: messages sent to it from now on are lost. */
  close(): void;
}
