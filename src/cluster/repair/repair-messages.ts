/**
 * What a repair coordinator and the replicas say to each other, as msgpackr-friendly plain
 * objects (Cassandra's ValidationRequest/ValidationResponse and SyncRequest/SyncResponse):
 *
 *   coordinator --validation {table, ranges, maxDepth}--> replica   builds one tree per range
 *   coordinator <--{trees}------------------------------- replica
 *   coordinator --repairSync {table, peer, ranges}------> replica   streams both ways with peer
 *   coordinator <--{received, sent}---------------------- replica
 *
 * A tree travels as its range, depth, partition count and leaves (16 bytes each); the inner
 * nodes are folded again on receipt.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import type { NodeAddress } from '../messaging/transport.js';
import { fromWireRange, toWireRange, type WireTokenRange } from '../streaming/stream-messages.js';
import type { StreamSummary } from '../streaming/stream-summary.js';
import { MerkleTree } from './merkle-tree.js';

export interface ValidationRequest {
  readonly repairId: string;
  readonly tableId: number;
  readonly ranges: readonly WireTokenRange[];
  readonly maxDepth: number;
}

export interface WireMerkleTree {
  readonly range: WireTokenRange;
  readonly depth: number;
  readonly partitions: number;
  readonly leaves: Uint8Array;
}

export interface ValidationResponse {
  /** One tree per range asked for, in the same order. */
  readonly trees: readonly WireMerkleTree[];
}

export interface SyncRequest {
  readonly repairId: string;
  readonly tableId: number;
  /** The replica to sync with (host:port). */
  readonly peer: NodeAddress;
  readonly ranges: readonly WireTokenRange[];
}

export interface SyncResponse {
  /** What came from the peer. */
  readonly received: StreamSummary;
  /** What went to the peer. */
  readonly sent: StreamSummary;
}

export function toWireTree(tree: MerkleTree): WireMerkleTree {
  return { range: toWireRange(tree.range), depth: tree.depth, partitions: tree.partitions, leaves: tree.leaves() };
}

/** A tree from another node, checked (range, depth, leaf count) as a local one is. */
export function fromWireTree(wire: WireMerkleTree): MerkleTree {
  if (!(wire?.leaves instanceof Uint8Array)) throw new InvalidRequestError('a Merkle tree needs its leaves as bytes');
  return new MerkleTree(fromWireRange(wire.range), wire.depth, wire.leaves, wire.partitions);
}
