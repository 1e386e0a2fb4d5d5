/**
 * Allocates B+tree nodes (index-node-layout.ts) in pool slabs, bump-style: nodes are never
 * freed one by one, the whole store goes back to the pool with its memtable. A slab of S bytes
 * holds S / 512 nodes; node ids are dense, so `id >>> nodeShift` is the slab.
 */

import { assert } from '../../lib/assert.js';
import { NODE_BYTES, NODE_INTS_SHIFT, type NodeView } from './index-node-layout.js';
import type { SlabPool } from './slab-pool.js';

export class IndexNodeStore implements NodeView {
  readonly nodeShift: number;
  readonly nodeMask: number;
  readonly slabInts: Int32Array[] = [];
  readonly slabs: SharedArrayBuffer[] = [];
  private nodes = 0;

  constructor(private readonly pool: SlabPool) {
    const nodesPerSlab = pool.slabBytes / NODE_BYTES;
    this.nodeShift = Math.log2(nodesPerSlab);
    assert(
      Number.isInteger(this.nodeShift) && nodesPerSlab >= 8,
      'a slab must hold at least 8 nodes',
    );
    this.nodeMask = nodesPerSlab - 1;
  }

  nodeCount(): number {
    return this.nodes;
  }

  bytesReserved(): number {
    return this.slabs.length * this.pool.slabBytes;
  }

  /** Pool slabs that allocating `count` more nodes would take. */
  unitsNeeded(count: number): number {
    const free = (this.slabs.length << this.nodeShift) - this.nodes;
    return count <= free ? 0 : Math.ceil((count - free) / (this.nodeMask + 1));
  }

  /** A new node id; its int32s are garbage (recycled slab) until the caller writes them. */
  allocate(): number {
    if (this.nodes === this.slabs.length << this.nodeShift) {
      const slab = this.pool.acquire();
      this.slabs.push(slab);
      this.slabInts.push(new Int32Array(slab));
    }
    return this.nodes++;
  }

  /** The Int32Array holding node `id`. */
  intsOf(id: number): Int32Array {
    return this.slabInts[id >>> this.nodeShift]!;
  }

  /** Index of node `id`'s first int32 in `intsOf(id)`. */
  baseOf(id: number): number {
    return (id & this.nodeMask) << NODE_INTS_SHIFT;
  }

  release(): void {
    for (const slab of this.slabs) this.pool.release(slab);
    this.slabs.length = 0;
    this.slabInts.length = 0;
    this.nodes = 0;
  }
}

/** Rebuilds a NodeView on another thread from a frozen handle's slabs. */
export function nodeViewOf(slabs: readonly SharedArrayBuffer[], slabBytes: number): NodeView {
  const nodesPerSlab = slabBytes / NODE_BYTES;
  const nodeShift = Math.log2(nodesPerSlab);
  assert(Number.isInteger(nodeShift), 'slab size must be a power of two');
  const slabInts = slabs.map((slab) => new Int32Array(slab));
  return { nodeShift, nodeMask: nodesPerSlab - 1, slabInts };
}
