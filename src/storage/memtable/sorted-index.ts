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
  ENTRY_INTS,
  INDEX_HEIGHT_MAX,
  INTERNAL_CHILDREN,
  INTERNAL_KEYS,
  INTERNAL_KEYS_MAX,
  LEAF_CAPACITY,
  LEAF_ENTRIES,
  LEAF_NEXT,
  NODE_COUNT,
  NO_NODE,
  type IndexShape,
} from './index-node-layout.js';
import type { IndexNodeStore } from './index-node-store.js';
import type { ArenaView } from './shared-arena.js';

export class SortedIndex implements IndexShape {
  root = NO_NODE;
  height = 0;
  firstLeaf = NO_NODE;
  private entries = 0;
  private readonly pathNode = new Int32Array(INDEX_HEIGHT_MAX);
  private readonly pathPos = new Int32Array(INDEX_HEIGHT_MAX);
  /** Room for a full node's entries (or keys) plus the one being inserted. */
  private readonly scratchEntries = new Int32Array((LEAF_CAPACITY + 1) * ENTRY_INTS);
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
    // The tree may grow while the inserts go in: a level per 16-fold growth at the least fanout.
    const growth = Math.ceil(Math.log2(inserts + 1) / 4) + 1;
    return inserts * (this.height + growth + 1) + 1;
  }

  /** The record ref of the entry found by the last successful `search`. */
  refAtPath(): number {
    const level = this.height - 1;
    const leaf = this.pathNode[level]!;
    return this.nodes.intsOf(leaf)[this.entryAt(leaf, this.pathPos[level]!) + 2]!;
  }

  /** Points the entry found by the last successful `search` at a new record of the same key. */
  setRefAtPath(ref: number): void {
    const level = this.height - 1;
    const leaf = this.pathNode[level]!;
    this.nodes.intsOf(leaf)[this.entryAt(leaf, this.pathPos[level]!) + 2] = ref;
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
    const count = ints[this.nodes.baseOf(leaf) + NODE_COUNT]!;
    // A leaf's first entry is its subtree's separator, so a new entry never lands before it,
    // except in the first leaf, which has no predecessor at all.
    assert(pos > 0 || leaf === this.firstLeaf, 'insert before the first entry of an inner leaf');
    if (pos > 0 && this.isSamePartition(search, ints, this.entryAt(leaf, pos - 1))) return true;
    if (pos < count) return this.isSamePartition(search, ints, this.entryAt(leaf, pos));
    const next = ints[this.nodes.baseOf(leaf) + LEAF_NEXT]!;
    return next !== NO_NODE && this.isSamePartition(search, this.nodes.intsOf(next), this.entryAt(next, 0));
  }

  /** Inserts an entry where the last unsuccessful `search` ended. */
  insertAtPath(high: number, lowBiased: number, ref: number): void {
    this.entries++;
    if (this.height === 0) {
      const leaf = this.nodes.allocate();
      const ints = this.nodes.intsOf(leaf);
      const base = this.nodes.baseOf(leaf);
      ints[base + NODE_COUNT] = 1;
      ints[base + LEAF_NEXT] = NO_NODE;
      this.writeEntry(ints, base + LEAF_ENTRIES, high, lowBiased, ref);
      this.root = leaf;
      this.firstLeaf = leaf;
      this.height = 1;
      return;
    }
    const level = this.height - 1;
    const leaf = this.pathNode[level]!;
    const pos = this.pathPos[level]!;
    const ints = this.nodes.intsOf(leaf);
    const base = this.nodes.baseOf(leaf);
    const count = ints[base + NODE_COUNT]!;
    if (count < LEAF_CAPACITY) {
      const at = base + LEAF_ENTRIES + pos * ENTRY_INTS;
      for (let i = base + LEAF_ENTRIES + count * ENTRY_INTS - 1; i >= at; i--) ints[i + ENTRY_INTS] = ints[i]!;
      this.writeEntry(ints, at, high, lowBiased, ref);
      ints[base + NODE_COUNT] = count + 1;
      return;
    }
    this.splitLeaf(leaf, pos, high, lowBiased, ref);
  }

  private splitLeaf(leaf: number, pos: number, high: number, lowBiased: number, ref: number): void {
    const ints = this.nodes.intsOf(leaf);
    const base = this.nodes.baseOf(leaf);
    const scratch = this.scratchEntries;
    const entries = base + LEAF_ENTRIES;
    const total = LEAF_CAPACITY + 1;
    scratch.set(ints.subarray(entries, entries + pos * ENTRY_INTS), 0);
    this.writeEntry(scratch, pos * ENTRY_INTS, high, lowBiased, ref);
    scratch.set(ints.subarray(entries + pos * ENTRY_INTS, entries + LEAF_CAPACITY * ENTRY_INTS), (pos + 1) * ENTRY_INTS);
    const next = ints[base + LEAF_NEXT]!;
    const appending = pos === LEAF_CAPACITY && next === NO_NODE;
    const leftCount = appending ? LEAF_CAPACITY : total >>> 1;
    const right = this.nodes.allocate();
    const rightInts = this.nodes.intsOf(right);
    const rightBase = this.nodes.baseOf(right);
    ints.set(scratch.subarray(0, leftCount * ENTRY_INTS), entries);
    ints[base + NODE_COUNT] = leftCount;
    rightInts.set(scratch.subarray(leftCount * ENTRY_INTS, total * ENTRY_INTS), rightBase + LEAF_ENTRIES);
    rightInts[rightBase + NODE_COUNT] = total - leftCount;
    rightInts[rightBase + LEAF_NEXT] = next;
    ints[base + LEAF_NEXT] = right;
    const separator = rightBase + LEAF_ENTRIES;
    this.insertIntoParent(
      this.height - 2,
      rightInts[separator]!,
      rightInts[separator + 1]!,
      rightInts[separator + 2]!,
      right,
    );
  }

  /** Adds separator (high, low, ref) and its right child to the path's node at `level`. */
  private insertIntoParent(level: number, high: number, lowBiased: number, ref: number, right: number): void {
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
      const keys = base + INTERNAL_KEYS;
      const at = keys + pos * ENTRY_INTS;
      for (let i = keys + count * ENTRY_INTS - 1; i >= at; i--) ints[i + ENTRY_INTS] = ints[i]!;
      this.writeEntry(ints, at, high, lowBiased, ref);
      const children = base + INTERNAL_CHILDREN;
      for (let i = children + count; i > children + pos; i--) ints[i + 1] = ints[i]!;
      ints[children + pos + 1] = right;
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
    const keys = base + INTERNAL_KEYS;
    const children = base + INTERNAL_CHILDREN;
    const scratchKeys = this.scratchEntries;
    const scratchChildren = this.scratchChildren;
    const total = INTERNAL_KEYS_MAX + 1;
    scratchKeys.set(ints.subarray(keys, keys + pos * ENTRY_INTS), 0);
    this.writeEntry(scratchKeys, pos * ENTRY_INTS, high, lowBiased, ref);
    scratchKeys.set(ints.subarray(keys + pos * ENTRY_INTS, keys + INTERNAL_KEYS_MAX * ENTRY_INTS), (pos + 1) * ENTRY_INTS);
    scratchChildren.set(ints.subarray(children, children + pos + 1), 0);
    scratchChildren[pos + 1] = right;
    scratchChildren.set(ints.subarray(children + pos + 1, children + INTERNAL_KEYS_MAX + 1), pos + 2);
    // Keys [0, middle) stay, key `middle` moves up, keys (middle, total) go to the new node.
    const middle = total >>> 1;
    const sibling = this.nodes.allocate();
    const siblingInts = this.nodes.intsOf(sibling);
    const siblingBase = this.nodes.baseOf(sibling);
    ints.set(scratchKeys.subarray(0, middle * ENTRY_INTS), keys);
    ints.set(scratchChildren.subarray(0, middle + 1), children);
    ints[base + NODE_COUNT] = middle;
    const siblingCount = total - middle - 1;
    siblingInts.set(scratchKeys.subarray((middle + 1) * ENTRY_INTS, total * ENTRY_INTS), siblingBase + INTERNAL_KEYS);
    siblingInts.set(scratchChildren.subarray(middle + 1, total + 1), siblingBase + INTERNAL_CHILDREN);
    siblingInts[siblingBase + NODE_COUNT] = siblingCount;
    const up = middle * ENTRY_INTS;
    this.insertIntoParent(level - 1, scratchKeys[up]!, scratchKeys[up + 1]!, scratchKeys[up + 2]!, sibling);
  }

  private growRoot(high: number, lowBiased: number, ref: number, right: number): void {
    assert(this.height < INDEX_HEIGHT_MAX, 'memtable index too deep');
    const root = this.nodes.allocate();
    const ints = this.nodes.intsOf(root);
    const base = this.nodes.baseOf(root);
    ints[base + NODE_COUNT] = 1;
    ints[base + INTERNAL_CHILDREN] = this.root;
    ints[base + INTERNAL_CHILDREN + 1] = right;
    this.writeEntry(ints, base + INTERNAL_KEYS, high, lowBiased, ref);
    this.root = root;
    this.height++;
  }

  private entryAt(leaf: number, pos: number): number {
    return this.nodes.baseOf(leaf) + LEAF_ENTRIES + pos * ENTRY_INTS;
  }

  private isSamePartition(search: SearchKey, ints: Int32Array, at: number): boolean {
    if (ints[at] !== search.high || ints[at + 1] !== search.lowBiased) return false;
    const ref = ints[at + 2]!;
    const slot = ref >>> this.arena.slabShift;
    return isSamePartitionKey(search, this.arena.slotBytes[slot]!, ref - this.arena.slotBase[slot]!);
  }

  private writeEntry(ints: Int32Array, at: number, high: number, lowBiased: number, ref: number): void {
    ints[at] = high;
    ints[at + 1] = lowBiased;
    ints[at + 2] = ref;
  }
}
