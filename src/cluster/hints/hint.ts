/**
 * One hint (Cassandra's Hint): the writes a replica missed, with the time the coordinator took
 * them and how long they may still be delivered. The writes are the encoded write batch the
 * coordinator built for that replica (storage/vnode/encoded-batch.ts), kept as bytes and
 * applied by the replica as they are. A hint outlives its usefulness after the smallest
 * gc_grace_seconds of its tables: past it, tombstones it carries may already be purged on
 * the other replicas, and delivering them late could bring deleted data back.
 *
 *   +0   u32 creationMs high word | u32 low word
 *   +8   u32 gcGraceSeconds
 *   +12  the encoded write batch
 */

import { assert } from '../../lib/assert.js';
import { BATCH_HEADER_BYTES, VNodeMessageType } from '../../storage/vnode/vnode-wire.js';
import { PartitionHeaderLayout } from '../../storage/model/partition-codec.js';

export interface Hint {
  readonly creationMs: number;
  readonly gcGraceSeconds: number;
  readonly batch: Uint8Array;
}

const HINT_HEADER_BYTES = 12;
const TWO_POW_32 = 2 ** 32;

export function encodeHint(hint: Hint): Uint8Array {
  assert(Number.isSafeInteger(hint.creationMs) && hint.creationMs >= 0, `hint creation time ${hint.creationMs}`);
  assert(Number.isInteger(hint.gcGraceSeconds) && hint.gcGraceSeconds >= 0 && hint.gcGraceSeconds <= 0xffff_ffff, `gc grace ${hint.gcGraceSeconds}`);
  assert(hint.batch.length >= BATCH_HEADER_BYTES && hint.batch[0] === VNodeMessageType.write, 'a hint holds an encoded write batch');
  const bytes = new Uint8Array(HINT_HEADER_BYTES + hint.batch.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, Math.floor(hint.creationMs / TWO_POW_32));
  view.setUint32(4, hint.creationMs >>> 0);
  view.setUint32(8, hint.gcGraceSeconds);
  bytes.set(hint.batch, HINT_HEADER_BYTES);
  return bytes;
}

/** The hint in an entry's payload (checksummed already); the batch is a view of `payload`. */
export function decodeHint(payload: Uint8Array): Hint {
  assert(payload.length >= HINT_HEADER_BYTES + BATCH_HEADER_BYTES, `a hint of ${payload.length} bytes`);
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  return {
    creationMs: view.getUint32(0) * TWO_POW_32 + view.getUint32(4),
    gcGraceSeconds: view.getUint32(8),
    batch: payload.subarray(HINT_HEADER_BYTES),
  };
}

/** Hint.isLive: still deliverable at `nowMs`. */
export function isHintLive(hint: Hint, nowMs: number): boolean {
  return hint.creationMs + hint.gcGraceSeconds * 1000 > nowMs;
}

/** The distinct table ids of an encoded write batch's records (to find their gc grace). */
export function tableIdsOfBatch(batch: Uint8Array): number[] {
  const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
  const count = view.getUint32(1);
  const ids = new Set<number>();
  let offset = BATCH_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    assert(offset + 4 + PartitionHeaderLayout.tableId + 4 <= batch.length, `encoded write batch truncated at record ${i} of ${count}`);
    ids.add(view.getUint32(offset + 4 + PartitionHeaderLayout.tableId));
    offset += 4 + view.getUint32(offset);
  }
  return [...ids];
}
