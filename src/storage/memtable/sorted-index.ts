/**
 * The writer side of the memtable's B+tree (layout in index-node-layout.ts): one writer, the
 * owning VNodeActor's thread; no reader runs while it writes, and a frozen tree is never
 * written again, so no node needs a version or a lock.
 *
 * Insert = search (index-search.ts, which records the path) + insert at the path. A full leaf
 * splits in two halves, except when the new entry goes past the end of the last leaf (ascending
 * inserts), where the old leaf stays full and the new one starts with the entry; a full internal
 * node splits around its middle key, which moves up. A split of the root adds a level. Splits
 * go through a scratch array: they happen once per ~20 inserts, so clarity beats cleverness.
 */

import { assert } from '../../lib/assert.js';
import { isSamePartitionKey, type SearchKey } from './entry-record.js';
import { searchIndex } from './index-search.js';
import {
  INDEX_HEIGHT_MAX,
  INTERNAL_CHILDREN,
  INTERNAL_HIGH,
  INTERNAL_KEYS_MAX,
  INTERNAL_LOW,
  INTERNAL_REF,
  LEAF_CAPACITY,
  LEAF_HIGH,
  LEAF_LOW,
  LEAF_NEXT,
  LEAF_REF,
  NODE_COUNT,
  NO_NODE,
  type IndexShape,
} from './index-node-layout.js';
import type { IndexNodeStore } from './index-node-store.js';
import type { ArenaView } from './shared-arena.js';

const SCRATCH_KEYS = Math.max(LEAF_CAPACITY, INTERNAL_KEYS_MAX) + 1;

export class SortedIndex implements IndexShape {
  root = NO_NODE;
  height = 0;
  firstLeaf = NO_NODE;
  private entries = 0;
  private readonly pathNode = new Int32Array(INDEX_HEIGHT_MAX);
  private readonly pathPos = new Int32Array(INDEX_HEIGHT_MAX);
  /** A full node's keys plus the one being inserted, while it splits. */
  private readonly scratchHigh = new Int32Array(SCRATCH_KEYS);
  private readonly scratchLow = new Int32Array(SCRATCH_KEYS);
  private readonly scratchRef = new Int32Array(SCRATCH_KEYS);
  private readonly scratchChildren = new Int32Array(INTERNAL_KEYS_MAX + 2);

  constructor(
    private readonly nodes: IndexNodeStore,
    private readonly arena: ArenaView,
  ) {}

  entryCount(): number {
    return this.entries;
  }

  /** Searches and remembers the path for `insertAtPath` / `refAtPath`. True when found. */
  search(search: SearchKey): boolean {
    if (this.height === 0) return false;
    return searchIndex(this.nodes, this.arena, this, search, this.pathNode, this.pathPos);
  }

  /** An upper bound of the nodes `inserts` more entries may allocate (splits up every level). */
  nodesNeededBound(inserts: number): number {
    if (inserts === 0) return 0;
    if (inserts === 1) return this.height + 1;
    // The tree may grow while the inserts go in: a level per 16-fold growth at the least fanout.
    const growth = Math.ceil(Math.log2(inserts + 1) / 4) + 1;
    return inserts * (this.height + growth + 1) + 1;
  }

  /** The record ref of the entry found by the last successful `search`. */
  refAtPath(): number {
    const level = this.height - 1;
    const leaf = this.pathNode[level]!;
    return this.nodes.intsOf(leaf)[this.nodes.baseOf(leaf) + LEAF_REF + this.pathPos[level]!]!;
  }

  /** Points the entry found by the last successful `search` at a new record of the same key. */
  setRefAtPath(ref: number): void {
    const level = this.height - 1;
    const leaf = this.pathNode[level]!;
    this.nodes.intsOf(leaf)[this.nodes.baseOf(leaf) + LEAF_REF + this.pathPos[level]!] = ref;
  }

  /**
   * After an unsuccessful `search`: does an entry of the same partition (token and key) sit
   * right before or right after the insert position? Entries of a partition are contiguous,
   * so this tells whether the insert creates a new partition.
   */
  hasPartitionNeighbour(search: SearchKey): boolean {
    if (this.height === 0) return false;
    const level = this.height - 1;
    const leaf = this.pathNode[level]!;
    const pos = this.pathPos[level]!;
    const ints = this.nodes.intsOf(leaf);
    const base = this.nodes.baseOf(leaf);
    const count = ints[base + NODE_COUNT]!;
    // A leaf's first entry is its subtree's separator, so a new entry never lands before it,
    // except in the first leaf, which has no predecessor at all.
    assert(pos > 0 || leaf === this.firstLeaf, 'insert before the first entry of an inner leaf');
    if (pos > 0 && this.isSamePartition(search, ints, base, pos - 1)) return true;
    if (pos < count) return this.isSamePartition(search, ints, base, pos);
    const next = ints[base + LEAF_NEXT]!;
    if (next === NO_NODE) return false;
    return this.isSamePartition(search, this.nodes.intsOf(next), this.nodes.baseOf(next), 0);
  }

  /** Inserts an entry where the last unsuccessful `search` ended. */
  insertAtPath(high: number, lowBiased: number, ref: number): void {
    this.entries++;
    if (this.height === 0) {
      this.plantRoot(high, lowBiased, ref);
      return;
    }
    const level = this.height - 1;
    const leaf = this.pathNode[level]!;
    const pos = this.pathPos[level]!;
    const ints = this.nodes.intsOf(leaf);
    const base = this.nodes.baseOf(leaf);
    const count = ints[base + NODE_COUNT]!;
    if (count < LEAF_CAPACITY) {
      insertInto(ints, base + LEAF_HIGH, count, pos, high);
      insertInto(ints, base + LEAF_LOW, count, pos, lowBiased);
      insertInto(ints, base + LEAF_REF, count, pos, ref);
      ints[base + NODE_COUNT] = count + 1;
      return;
    }
    this.splitLeaf(leaf, pos, high, lowBiased, ref);
  }

  private plantRoot(high: number, lowBiased: number, ref: number): void {
    const leaf = this.nodes.allocate();
    const ints = this.nodes.intsOf(leaf);
    const base = this.nodes.baseOf(leaf);
    ints[base + NODE_COUNT] = 1;
    ints[base + LEAF_NEXT] = NO_NODE;
    ints[base + LEAF_HIGH] = high;
    ints[base + LEAF_LOW] = lowBiased;
    ints[base + LEAF_REF] = ref;
    this.root = leaf;
    this.firstLeaf = leaf;
    this.height = 1;
  }

  private splitLeaf(leaf: number, pos: number, high: number, lowBiased: number, ref: number): void {
    const ints = this.nodes.intsOf(leaf);
    const base = this.nodes.baseOf(leaf);
    const total = LEAF_CAPACITY + 1;
    gatherWith(ints, base + LEAF_HIGH, LEAF_CAPACITY, pos, high, this.scratchHigh);
    gatherWith(ints, base + LEAF_LOW, LEAF_CAPACITY, pos, lowBiased, this.scratchLow);
    gatherWith(ints, base + LEAF_REF, LEAF_CAPACITY, pos, ref, this.scratchRef);
    const next = ints[base + LEAF_NEXT]!;
    // Appending past the end of the last leaf (ascending writes) keeps the old leaf full.
    const leftCount = pos === LEAF_CAPACITY && next === NO_NODE ? LEAF_CAPACITY : total >>> 1;
    const right = this.nodes.allocate();
    const rightInts = this.nodes.intsOf(right);
    const rightBase = this.nodes.baseOf(right);
    this.scatter(ints, base, 0, leftCount, LEAF_HIGH, LEAF_LOW, LEAF_REF);
    this.scatter(rightInts, rightBase, leftCount, total, LEAF_HIGH, LEAF_LOW, LEAF_REF);
    ints[base + NODE_COUNT] = leftCount;
    rightInts[rightBase + NODE_COUNT] = total - leftCount;
    rightInts[rightBase + LEAF_NEXT] = next;
    ints[base + LEAF_NEXT] = right;
    this.insertIntoParent(
      this.height - 2,
      rightInts[rightBase + LEAF_HIGH]!,
      rightInts[rightBase + LEAF_LOW]!,
      rightInts[rightBase + LEAF_REF]!,
      right,
    );
  }

  /** Adds separator (high, low, ref) and its right child to the path's node at `level`. */
  private insertIntoParent(
    level: number,
    high: number,
    lowBiased: number,
    ref: number,
    right: number,
  ): void {
    if (level < 0) {
      this.growRoot(high, lowBiased, ref, right);
      return;
    }
    const node = this.pathNode[level]!;
    const pos = this.pathPos[level]!;
    const ints = this.nodes.intsOf(node);
    const base = this.nodes.baseOf(node);
    const count = ints[base + NODE_COUNT]!;
    if (count < INTERNAL_KEYS_MAX) {
      insertInto(ints, base + INTERNAL_HIGH, count, pos, high);
      insertInto(ints, base + INTERNAL_LOW, count, pos, lowBiased);
      insertInto(ints, base + INTERNAL_REF, count, pos, ref);
      insertInto(ints, base + INTERNAL_CHILDREN, count + 1, pos + 1, right);
      ints[base + NODE_COUNT] = count + 1;
      return;
    }
    this.splitInternal(level, node, pos, high, lowBiased, ref, right);
  }

  private splitInternal(
    level: number,
    node: number,
    pos: number,
    high: number,
    lowBiased: number,
    ref: number,
    right: number,
  ): void {
    const ints = this.nodes.intsOf(node);
    const base = this.nodes.baseOf(node);
    const total = INTERNAL_KEYS_MAX + 1;
    gatherWith(ints, base + INTERNAL_HIGH, INTERNAL_KEYS_MAX, pos, high, this.scratchHigh);
    gatherWith(ints, base + INTERNAL_LOW, INTERNAL_KEYS_MAX, pos, lowBiased, this.scratchLow);
    gatherWith(ints, base + INTERNAL_REF, INTERNAL_KEYS_MAX, pos, ref, this.scratchRef);
    const children = base + INTERNAL_CHILDREN;
    gatherWith(ints, children, INTERNAL_KEYS_MAX + 1, pos + 1, right, this.scratchChildren);
    // Keys [0, middle) stay, key `middle` moves up, keys (middle, total) go to the new node;
    // children [0, middle] stay, (middle, total] move.
    const middle = total >>> 1;
    const sibling = this.nodes.allocate();
    const siblingInts = this.nodes.intsOf(sibling);
    const siblingBase = this.nodes.baseOf(sibling);
    this.scatter(ints, base, 0, middle, INTERNAL_HIGH, INTERNAL_LOW, INTERNAL_REF);
    ints.set(this.scratchChildren.subarray(0, middle + 1), base + INTERNAL_CHILDREN);
    ints[base + NODE_COUNT] = middle;
    const moved = middle + 1;
    this.scatter(siblingInts, siblingBase, moved, total, INTERNAL_HIGH, INTERNAL_LOW, INTERNAL_REF);
    const movedChildren = this.scratchChildren.subarray(moved, total + 1);
    siblingInts.set(movedChildren, siblingBase + INTERNAL_CHILDREN);
    siblingInts[siblingBase + NODE_COUNT] = total - middle - 1;
    const upHigh = this.scratchHigh[middle]!;
    const upLow = this.scratchLow[middle]!;
    const upRef = this.scratchRef[middle]!;
    this.insertIntoParent(level - 1, upHigh, upLow, upRef, sibling);
  }

  private growRoot(high: number, lowBiased: number, ref: number, right: number): void {
    assert(this.height < INDEX_HEIGHT_MAX, 'memtable index too deep');
    const root = this.nodes.allocate();
    const ints = this.nodes.intsOf(root);
    const base = this.nodes.baseOf(root);
    ints[base + NODE_COUNT] = 1;
    ints[base + INTERNAL_CHILDREN] = this.root;
    ints[base + INTERNAL_CHILDREN + 1] = right;
    ints[base + INTERNAL_HIGH] = high;
    ints[base + INTERNAL_LOW] = lowBiased;
    ints[base + INTERNAL_REF] = ref;
    this.root = root;
    this.height++;
  }

  /** Copies scratch keys [from, to) into a node's three key arrays from index 0. */
  private scatter(
    ints: Int32Array,
    base: number,
    from: number,
    to: number,
    high: number,
    low: number,
    ref: number,
  ): void {
    ints.set(this.scratchHigh.subarray(from, to), base + high);
    ints.set(this.scratchLow.subarray(from, to), base + low);
    ints.set(this.scratchRef.subarray(from, to), base + ref);
  }

  private isSamePartition(search: SearchKey, ints: Int32Array, base: number, pos: number): boolean {
    if (ints[base + LEAF_HIGH + pos] !== search.high) return false;
    if (ints[base + LEAF_LOW + pos] !== search.lowBiased) return false;
    const ref = ints[base + LEAF_REF + pos]!;
    const slot = ref >>> this.arena.slabShift;
    const bytes = this.arena.slotBytes[slot]!;
    return isSamePartitionKey(search, bytes, ref - this.arena.slotBase[slot]!);
  }
}

/** Inserts `value` at `pos` of the array of `count` ints starting at `start`, shifting right. */
function insertInto(
  ints: Int32Array,
  start: number,
  count: number,
  pos: number,
  value: number,
): void {
  for (let i = start + count; i > start + pos; i--) ints[i] = ints[i - 1]!;
  ints[start + pos] = value;
}

/** Copies `count` ints from `start` into `target` with `value` inserted at `pos`. */
function gatherWith(
  ints: Int32Array,
  start: number,
  count: number,
  pos: number,
  value: number,
  target: Int32Array,
): void {
  target.set(ints.subarray(start, start + pos), 0);
  target[pos] = value;
  target.set(ints.subarray(start + pos, start + count), pos + 1);
}
