/**
 * Short-lived byte arrays for the request path, carved from slabs of POOL_SLAB_BYTES.
 *
 * Every `new Uint8Array(n)` above 64 bytes is an ArrayBuffer of its own: a zeroed malloc that
 * the collector tracks and frees one by one. Measured here, ~2 us each in a loop against ~0.1 us
 * for a slice of a shared pool; a coordinated read made six such arrays (request, message, the
 * transport's copy; the same for its answer). Node's own pool (Buffer.allocUnsafe) is 8 KiB and
 * was replaced every few requests: a new pool was ~1.5% of a 3-node QUORUM read's main thread.
 * This one is ours, so Sibyl leaves the embedding application's Buffer.poolSize alone.
 *
 * The array is a plain Uint8Array view (so slice() copies, as elsewhere in Sibyl; a Buffer's
 * slice() would share), its bytes are not zeroed (the caller writes all of them), and it must
 * never be transferred to another thread: its ArrayBuffer is the slab's. A live array keeps its
 * whole slab alive, so arrays that outlive their request must be copied out.
 */

/** 64 KiB: a new slab every few dozen requests, and little memory held by a straggler. */
const POOL_SLAB_BYTES = 64 * 1024;
/** Larger arrays get their own memory: a few of them would use up a slab. */
const POOLED_BYTES_MAX = 4 * 1024;

let slab = unzeroed(POOL_SLAB_BYTES);
let slabOffset = 0;

export function pooledBytes(length: number): Uint8Array {
  if (length > POOLED_BYTES_MAX) return new Uint8Array(unzeroed(length));
  if (slabOffset + length > POOL_SLAB_BYTES) {
    slab = unzeroed(POOL_SLAB_BYTES);
    slabOffset = 0;
  }
  const bytes = new Uint8Array(slab, slabOffset, length);
  // 8-byte aligned, so a caller may lay a Float64Array or BigInt64Array over its bytes.
  slabOffset = (slabOffset + length + 7) & ~7;
  return bytes;
}

/** Memory of its own, not zeroed: every array handed out is written whole by its caller. */
function unzeroed(length: number): ArrayBuffer {
  return Buffer.allocUnsafeSlow(length).buffer as ArrayBuffer;
}

/** A pooled copy of `bytes` (pooledBytes). */
export function pooledCopy(bytes: Uint8Array): Uint8Array {
  const copy = pooledBytes(bytes.length);
  copy.set(bytes);
  return copy;
}
