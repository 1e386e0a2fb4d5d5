/**
 * Token allocation for a node that joins with `num_tokens` vnodes (Cassandra's
 * allocate_tokens_for_local_replication_factor), balancing the ring of the node's datacenter.
 *
 * - The first node of a datacenter takes evenly spaced tokens from a random offset.
 * - Every later node places its tokens one at a time, each at the split that lowers the balance
 *   cost of AllocationRing most (primary ownership, ownership replicated at the local factor,
 *   and range sizes), every range tried and the best point inside each found in closed form.
 *   While its k-th of n tokens is placed the node aims at k/n of its final share, so each token
 *   takes about one n-th of it: aiming at the whole share from the first token made the first
 *   few grab whole ranges and left the ring 60-70% off balance (measured). Existing tokens
 *   never move: a join only splits ranges, as in Cassandra.
 *
 * Why not Cassandra's ReplicationAwareTokenAllocator: it balances replicated ownership only
 * (primary shares may drift), through a priority queue of per-token "improvement" estimates
 * and a replication-group bookkeeping that is long to port well. Trying every range with an
 * exact cost is simpler, balances both measures (within 5% from 3 to 64 nodes of 16 tokens,
 * README.md), and is cheap at our sizes: O(num_tokens * ring tokens * factor) per join.
 *
 * Only the datacenter's own ring is considered, so allocating in one datacenter never disturbs
 * another's balance; racks are not considered (balance assumes one rack per datacenter, or
 * racks that NetworkTopologyStrategy fills evenly). Pure: randomness comes in as an argument.
 */

import { assert } from '../../lib/assert.js';
import type { Random } from '../../lib/random.js';
import { MIN_TOKEN, type Token } from '../../storage/model/token.js';
import { AllocationRing } from './allocation-ring.js';
import type { Endpoint } from './endpoint.js';
import { compareTokens, type TokenMetadata } from './token-metadata.js';
import { RING_TOKEN_COUNT, addToToken } from './token-range.js';

/** Cassandra's default num_tokens since 4.0. */
export const NUM_TOKENS_DEFAULT = 16;
/** Cassandra's DatabaseDescriptor refuses num_tokens above MAX_NUM_TOKENS, 1536. */
export const NUM_TOKENS_MAX = 1536;

export interface TokenAllocationRequest {
  /** The cluster as it is; the new node may be absent or present (its tokens are ignored). */
  readonly metadata: TokenMetadata;
  /** The joining node: its datacenter decides which ring is balanced. */
  readonly endpoint: Endpoint;
  readonly numTokens: number;
  /** The datacenter's replication factor that replicated ownership is balanced for. */
  readonly localReplicationFactor: number;
  /** Used for the first node of a datacenter (its offset) only. */
  readonly random: Random;
}

/** Chooses the new node's tokens (ascending); none is held by any node of `metadata`. */
export function allocateTokens(request: TokenAllocationRequest): readonly Token[] {
  const { metadata, endpoint, numTokens, localReplicationFactor } = request;
  assert(Number.isInteger(numTokens) && numTokens >= 1 && numTokens <= NUM_TOKENS_MAX, `bad num_tokens ${numTokens}`);
  assert(Number.isInteger(localReplicationFactor) && localReplicationFactor >= 1, 'bad replication factor');

  let local = metadata.inDatacenter(endpoint.datacenter);
  if (local.endpoint(endpoint.hostId) !== undefined) local = local.withoutNode(endpoint.hostId);
  if (local.isEmpty()) return evenlySpacedTokens(numTokens, request.random, metadata);

  const { ring, newNode } = allocationRingOf(local, numTokens, localReplicationFactor);
  for (let placed = 1; placed <= numTokens; placed++) {
    ring.scaleTargets(newNode, placed / numTokens);
    placeToken(ring, newNode, metadata);
  }
  const tokens: Token[] = [];
  for (let index = 0; index < ring.tokenCount(); index++) {
    if (ring.ownerAt(index) === newNode) tokens.push(ring.tokenAt(index));
  }
  assert(tokens.length === numTokens, 'allocation lost a token');
  return tokens;
}

/** The first node of a datacenter: numTokens tokens 2^64 / numTokens apart, randomly rotated. */
function evenlySpacedTokens(numTokens: number, random: Random, metadata: TokenMetadata): Token[] {
  const spacing = RING_TOKEN_COUNT / BigInt(numTokens);
  const offset = BigInt(random.int(0x1_0000_0000)) * BigInt(0x1_0000_0000) + BigInt(random.int(0x1_0000_0000));
  const tokens: Token[] = [];
  for (let i = 0; i < numTokens; i++) {
    tokens.push(freeTokenFrom(addToToken(MIN_TOKEN, offset + spacing * BigInt(i)), metadata, tokens));
  }
  return tokens.sort(compareTokens);
}

function allocationRingOf(
  local: TokenMetadata,
  numTokens: number,
  replicationFactor: number,
): { ring: AllocationRing; newNode: number } {
  const nodeIndex = new Map<string, number>();
  const tokenCounts: number[] = [];
  const entries: Array<{ token: Token; owner: number }> = [];
  local.sortedTokens().forEach((token, index) => {
    const hostId = local.ownerAt(index).hostId;
    let owner = nodeIndex.get(hostId);
    if (owner === undefined) {
      owner = tokenCounts.length;
      nodeIndex.set(hostId, owner);
      tokenCounts.push(0);
    }
    tokenCounts[owner]! += 1;
    entries.push({ token, owner });
  });
  const newNode = tokenCounts.length;
  tokenCounts.push(numTokens);
  return { ring: new AllocationRing(entries, tokenCounts, replicationFactor), newNode };
}

/** Puts one more token of `newNode` at the best split. */
function placeToken(ring: AllocationRing, newNode: number, metadata: TokenMetadata): void {
  const choice = ring.bestSplit(newNode);
  ring.insert(tokenInRange(ring, choice.rangeIndex, choice.fraction, metadata), newNode);
}

/**
 * The token `fraction` of the way into the range ending at ring index `index`, computed in
 * bigint so it lands inside the range exactly, then stepped forward past any token already
 * held in the cluster (or MIN_TOKEN).
 */
function tokenInRange(ring: AllocationRing, index: number, fraction: number, metadata: TokenMetadata): Token {
  const count = ring.tokenCount();
  const right = ring.tokenAt(index);
  const left = ring.tokenAt(index === 0 ? count - 1 : index - 1);
  const span = count === 1 ? RING_TOKEN_COUNT : BigInt.asUintN(64, right - left);
  assert(span >= 2n, 'range too small to split');
  let offset = (span * BigInt(Math.round(fraction * 0x1_0000_0000))) / 0x1_0000_0000n;
  if (offset < 1n) offset = 1n;
  if (offset > span - 1n) offset = span - 1n;
  const token = freeTokenFrom(addToToken(left, offset), metadata, []);
  // Stepping past held tokens could only leave the range in a range of a handful of tokens.
  assert(token !== right, 'no free token inside the range');
  return token;
}

function freeTokenFrom(start: Token, metadata: TokenMetadata, alsoTaken: readonly Token[]): Token {
  let token = start;
  while (token === MIN_TOKEN || metadata.holderOf(token) !== undefined || alsoTaken.includes(token)) {
    token = addToToken(token, 1n);
  }
  return token;
}
