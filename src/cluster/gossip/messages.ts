/**
 * The gossip protocol (gms/GossipDigestSyn, GossipDigestAck, GossipDigestAck2, GossipShutdown,
 * and the ECHO_REQ / ECHO_RSP verbs), as plain msgpackr-serializable data. The transport that
 * delivers a message names its sender; no message carries its own.
 *
 *   A                                        B
 *   ── syn: A's digests ───────────────────▶ compares them with its view
 *   ◀──────── ack: B's newer states, digests of what B wants ──
 *   ── ack2: the states B asked for ───────▶
 *
 * A SYN with no digests is a shadow-round request: the answer is every state the receiver has.
 * An echo proves a peer reachable before it is marked alive (Gossiper.markAlive, 2.0+).
 *
 * An ACK and an ACK2 name the generation of the process they answer (`replyTo`), which drops
 * an answer meant for an earlier incarnation of itself. Cassandra needs no such field: a
 * restart closes its TCP connections, and the answers in flight die with them. Here a message
 * to an address reaches whichever process holds it now, and an answer to the old process's
 * digests carries partial states that the new one, knowing less, would take for whole ones
 * (found by the simulator, seed 735: the ring lost a node for good).
 */

import type { GossipDigest } from './gossip-digest.js';
import type { EndpointStateDelta } from './endpoint-state-delta.js';

export interface GossipDigestSyn {
  readonly kind: 'gossip-digest-syn';
  readonly clusterName: string;
  readonly partitionerName: string;
  /** The sender's own generation, echoed by the ACK. */
  readonly generation: number;
  readonly digests: readonly GossipDigest[];
}

export interface GossipDigestAck {
  readonly kind: 'gossip-digest-ack';
  /** The generation of the SYN's sender this answers. */
  readonly replyTo: number;
  /** The sender's own generation, echoed by the ACK2. */
  readonly generation: number;
  /** Endpoints the sender wants, each with the version it already has (0: everything). */
  readonly digests: readonly GossipDigest[];
  /** States the sender had newer than the SYN's digests said. */
  readonly states: readonly EndpointStateDelta[];
}

export interface GossipDigestAck2 {
  readonly kind: 'gossip-digest-ack2';
  /** The generation of the ACK's sender this answers. */
  readonly replyTo: number;
  readonly states: readonly EndpointStateDelta[];
}

/** A node stopping cleanly tells its live peers, which mark it down at once. */
export interface GossipShutdown {
  readonly kind: 'gossip-shutdown';
}

export interface EchoRequest {
  readonly kind: 'echo-request';
  readonly id: number;
}

export interface EchoResponse {
  readonly kind: 'echo-response';
  readonly id: number;
}

export type GossipMessage = GossipDigestSyn | GossipDigestAck | GossipDigestAck2 | GossipShutdown | EchoRequest | EchoResponse;

export type GossipMessageKind = GossipMessage['kind'];
