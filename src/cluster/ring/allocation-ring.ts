/**
 * The working state of token allocation: one datacenter's ring as float positions in [0, 1),
 * each node's primary and replicated load, and the cost of a split, evaluated exactly.
 *
 * Cost (lower is better), with targets for the ring as it will be once the new node has all its
 * tokens (a node's target is proportional to its token count; the new node's grows with each
 * token it places, see scaleTargets):
 *
 *   F = sum over nodes     ((primary - primaryTarget) / primaryTarget)^2
 *     + sum over nodes     ((replicated - replicatedTarget) / replicatedTarget)^2
 *     + VNODE_WEIGHT * sum over ranges ((size - meanRangeSize) / meanRangeSize)^2 / rangeCount
 *
 * "replicated" is what a node holds under SimpleStrategy at the given factor (the first
 * `factor` distinct owners clockwise), which is what NetworkTopologyStrategy does inside one
 * datacenter of one rack. The last term keeps ranges of similar size: it breaks the ties of
 * the first two (a node can reach its share with 8 whole ranges or 16 halves) in favour of
 * halves, which leaves later joiners ranges worth splitting.
 *
 * Splitting range j = (p[j-1], p[j]] with a new token at p[j-1] + s moves s from the range's
 * owner to the new node, and changes the replica sets of a few ranges just before the split
 * (those whose walk had not met `factor` distinct owners by p[j-1]), sizes unchanged. So every
 * node's loads move by c + d * s, F is a quadratic in s, and its minimum over the range comes
 * in closed form: each candidate range costs a few walks, not a ring recomputation.
 */

import { assert } from '../../lib/assert.js';
import { MIN_TOKEN, type Token } from '../../storage/model/token.js';
import { RING_TOKEN_COUNT } from './token-range.js';

/**
 * Weight of the range-size term relative to the node terms (see the header). Measured on
 * joins from 3 to 32 nodes of 16 tokens: 0.02 lets ranges fragment (replicated share off by up
 * to 8%), 1 outweighs the node terms (primary share off by 12%); 0.05-0.2 stay within 5%.
 */
const VNODE_WEIGHT = 0.1;
/** A split never leaves either part below this fraction of the range: no slivers. */
const SPLIT_FRACTION_MIN = 1 / 64;
const RING_SIZE = Number(RING_TOKEN_COUNT);

/** The best split found for one new token: which range, how far in, and what F gains. */
export interface SplitChoice {
  /** Index of the ring token that ends the split range. */
  readonly rangeIndex: number;
  /** Where in the range, as a fraction of its size, in [SPLIT_FRACTION_MIN, 1 - that]. */
  readonly fraction: number;
  /** Change of F; negative is an improvement. */
  readonly costChange: number;
}

export class AllocationRing {
  private readonly tokens: Token[] = [];
  private readonly positions: number[] = [];
  private readonly owners: number[] = [];
  private readonly primary: Float64Array;
  private readonly replicated: Float64Array;
  private readonly primaryTarget: Float64Array;
  private readonly replicatedTarget: Float64Array;
  private readonly fullPrimaryTarget: Float64Array;
  private readonly fullReplicatedTarget: Float64Array;
  private readonly meanRangeSize: number;
  // Per-node scratch for one candidate: replicated change c + d*s and primary change pd*s.
  private readonly constantChange: Float64Array;
  private readonly slopeChange: Float64Array;
  private readonly primarySlope: Float64Array;
  private readonly touched: number[] = [];

  /**
   * @param ring the datacenter's ring tokens (ascending) and their owners as node indices
   * @param tokenCounts tokens per node once allocation is done (the new node's included)
   * @param replicationFactor the factor replicated ownership is balanced for
   */
  constructor(
    ring: ReadonlyArray<{ readonly token: Token; readonly owner: number }>,
    tokenCounts: readonly number[],
    private readonly replicationFactor: number,
  ) {
    assert(replicationFactor >= 1, 'replication factor must be at least 1');
    const nodeCount = tokenCounts.length;
    let totalTokens = 0;
    for (const count of tokenCounts) totalTokens += count;
    this.primary = new Float64Array(nodeCount);
    this.replicated = new Float64Array(nodeCount);
    this.primaryTarget = new Float64Array(nodeCount);
    this.replicatedTarget = new Float64Array(nodeCount);
    this.fullPrimaryTarget = new Float64Array(nodeCount);
    this.fullReplicatedTarget = new Float64Array(nodeCount);
    for (let node = 0; node < nodeCount; node++) {
      const share = tokenCounts[node]! / totalTokens;
      this.fullPrimaryTarget[node] = share;
      this.fullReplicatedTarget[node] = Math.min(1, replicationFactor * share);
    }
    this.primaryTarget.set(this.fullPrimaryTarget);
    this.replicatedTarget.set(this.fullReplicatedTarget);
    this.meanRangeSize = 1 / totalTokens;
    this.constantChange = new Float64Array(nodeCount);
    this.slopeChange = new Float64Array(nodeCount);
    this.primarySlope = new Float64Array(nodeCount);
    for (let i = 0; i < ring.length; i++) {
      const { token, owner } = ring[i]!;
      if (i > 0) assert(token > ring[i - 1]!.token, 'allocation ring tokens must ascend');
      this.tokens.push(token);
      this.positions.push(Number(token - MIN_TOKEN) / RING_SIZE);
      this.owners.push(owner);
    }
    this.recomputeLoads();
  }

  /**
   * Aims `node` at `fraction` of its final targets while its tokens are being placed, so each
   * token goes for its own share (about 1/num_tokens of the node's) instead of the first few
   * grabbing whole ranges to fill the node's deficit at once.
   */
  scaleTargets(node: number, fraction: number): void {
    assert(fraction > 0 && fraction <= 1, `bad target fraction ${fraction}`);
    this.primaryTarget[node] = this.fullPrimaryTarget[node]! * fraction;
    this.replicatedTarget[node] = Math.min(1, this.fullReplicatedTarget[node]! * fraction);
  }

  tokenCount(): number {
    return this.tokens.length;
  }

  tokenAt(index: number): Token {
    return this.tokens[index]!;
  }

  ownerAt(index: number): number {
    return this.owners[index]!;
  }

  /** Adds a token (kept sorted) and recomputes the loads. */
  insert(token: Token, owner: number): void {
    let low = 0;
    let high = this.tokens.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.tokens[mid]! < token) low = mid + 1;
      else high = mid;
    }
    assert(this.tokens[low] !== token, `token ${token} already in the allocation ring`);
    this.tokens.splice(low, 0, token);
    this.positions.splice(low, 0, Number(token - MIN_TOKEN) / RING_SIZE);
    this.owners.splice(low, 0, owner);
    this.recomputeLoads();
  }

  /** The size of the range ending at token `index`, as a share of the ring. */
  rangeSize(index: number): number {
    const count = this.tokens.length;
    if (count === 1) return 1;
    const previous = this.positions[index === 0 ? count - 1 : index - 1]!;
    const size = this.positions[index]! - previous;
    return size > 0 ? size : size + 1;
  }

  /** The best place for one more token of `newNode`: the split that lowers F most. */
  bestSplit(newNode: number): SplitChoice {
    assert(this.tokens.length > 0, 'cannot split an empty ring');
    let best: SplitChoice | undefined;
    for (let index = 0; index < this.tokens.length; index++) {
      const choice = this.evaluateSplit(index, newNode);
      if (best === undefined || choice.costChange < best.costChange) best = choice;
    }
    return best!;
  }

  /** The best split of the one range ending at token `index`, in closed form. */
  evaluateSplit(index: number, newNode: number): SplitChoice {
    const size = this.rangeSize(index);
    this.collectLoadChanges(index, newNode, size);
    // cost change = a*s^2 + b*s + constant, summed over the touched nodes.
    let a = 0;
    let b = 0;
    let constant = 0;
    for (const node of this.touched) {
      const primaryWeight = 1 / square(this.primaryTarget[node]!);
      const replicatedWeight = 1 / square(this.replicatedTarget[node]!);
      const primaryError = this.primary[node]! - this.primaryTarget[node]!;
      const replicatedError =
        this.replicated[node]! - this.replicatedTarget[node]! + this.constantChange[node]!;
      const pd = this.primarySlope[node]!;
      const d = this.slopeChange[node]!;
      a += primaryWeight * pd * pd + replicatedWeight * d * d;
      b += 2 * (primaryWeight * primaryError * pd + replicatedWeight * replicatedError * d);
      const oldReplicatedError = this.replicated[node]! - this.replicatedTarget[node]!;
      constant += replicatedWeight * (square(replicatedError) - square(oldReplicatedError));
    }
    // Range sizes: (s - m)^2 + (size - s - m)^2 - (size - m)^2 = 2s^2 - 2*size*s + m^2.
    const mean = this.meanRangeSize;
    const spreadWeight = VNODE_WEIGHT / this.rangeCountTarget() / square(mean);
    a += 2 * spreadWeight;
    b -= 2 * size * spreadWeight;
    constant += spreadWeight * mean * mean;
    const low = size * SPLIT_FRACTION_MIN;
    const high = size - low;
    const s = Math.min(high, Math.max(low, -b / (2 * a)));
    this.clearScratch();
    return { rangeIndex: index, fraction: s / size, costChange: a * s * s + b * s + constant };
  }

  private rangeCountTarget(): number {
    return 1 / this.meanRangeSize;
  }

  /**
   * Fills the scratch arrays with every node's load change for a new token of `newNode` in
   * range `index`, as constant + slope * s.
   */
  private collectLoadChanges(index: number, newNode: number, size: number): void {
    this.touch(newNode);
    this.primarySlope[newNode]! += 1;
    const owner = this.owners[index]!;
    this.touch(owner);
    this.primarySlope[owner]! -= 1;

    // The split range: (left, x] is new, walked from the new token; (x, right] keeps the
    // range's old walk unless that walk went all the way round and now also meets the new node.
    const oldWalk = this.walk(index, -1, false, newNode);
    for (const node of oldWalk) this.addReplicated(node, -size, 0);
    for (const node of this.walk(index, index, true, newNode)) this.addReplicated(node, 0, 1);
    for (const node of this.walk(index, index, false, newNode)) this.addReplicated(node, size, -1);

    // Earlier ranges whose walk reaches the split before `factor` distinct owners.
    const count = this.tokens.length;
    for (let back = 1; back < count; back++) {
      const start = (index - back + count) % count;
      if (!this.walkReaches(start, index, newNode)) break;
      const rangeSize = this.rangeSize(start);
      for (const node of this.walk(start, -1, false, newNode)) this.addReplicated(node, -rangeSize, 0);
      for (const node of this.walk(start, index, false, newNode)) this.addReplicated(node, rangeSize, 0);
    }
  }

  /**
   * Whether the walk from `start` meets fewer than `factor` distinct owners before `index`,
   * none of them `newNode` (else the new token, sitting just before `index`, changes nothing).
   */
  private walkReaches(start: number, index: number, newNode: number): boolean {
    const seen: number[] = [];
    const count = this.tokens.length;
    for (let i = start; i !== index; i = (i + 1) % count) {
      const owner = this.owners[i]!;
      if (owner === newNode) return false;
      if (!seen.includes(owner)) {
        seen.push(owner);
        if (seen.length >= this.replicationFactor) return false;
      }
    }
    return true;
  }

  /**
   * The distinct owners met walking clockwise from token `start`, up to the factor. With
   * `insertBefore` >= 0 the walk is on the ring with one more token of `newNode` just before
   * token `insertBefore`; `fromNewToken` starts the walk at that new token.
   */
  private walk(start: number, insertBefore: number, fromNewToken: boolean, newNode: number): number[] {
    const seen: number[] = [];
    const offer = (node: number): boolean => {
      if (!seen.includes(node)) seen.push(node);
      return seen.length >= this.replicationFactor;
    };
    const count = this.tokens.length;
    if (fromNewToken && offer(newNode)) return seen;
    for (let step = 0; step < count; step++) {
      const i = (start + step) % count;
      if (i === insertBefore && step > 0 && offer(newNode)) return seen;
      if (offer(this.owners[i]!)) return seen;
    }
    // A walk from the token just after the insertion meets the new token last of all.
    if (insertBefore === start && !fromNewToken) offer(newNode);
    return seen;
  }

  private addReplicated(node: number, constant: number, slope: number): void {
    this.touch(node);
    this.constantChange[node]! += constant;
    this.slopeChange[node]! += slope;
  }

  private touch(node: number): void {
    if (!this.touched.includes(node)) this.touched.push(node);
  }

  private clearScratch(): void {
    for (const node of this.touched) {
      this.constantChange[node] = 0;
      this.slopeChange[node] = 0;
      this.primarySlope[node] = 0;
    }
    this.touched.length = 0;
  }

  private recomputeLoads(): void {
    this.primary.fill(0);
    this.replicated.fill(0);
    for (let index = 0; index < this.tokens.length; index++) {
      const size = this.rangeSize(index);
      this.primary[this.owners[index]!]! += size;
      for (const node of this.walk(index, -1, false, -1)) this.replicated[node]! += size;
    }
  }
}

function square(x: number): number {
  return x * x;
}
