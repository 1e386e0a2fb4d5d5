/**
 * A partition's digest, as a replica answers a digest read (Cassandra's ReadResponse digest):
 * MD5 over the partition-codec bytes of its canonical form (canonical-partition.ts), so two
 * replicas holding the same data answer the same 16 bytes whatever memtables and SSTables hold
 * it. The table id is hashed as 0: storage table ids are node-local, the coordinator knows
 * which table it asked for. A partition with nothing in it digests as no partition (null):
 * both mean the replica has nothing to contribute.
 *
 * A storage thread digests the canonical bytes it answers with (encodedPartitionDigest), so a
 * replica's main thread never decodes a partition to digest it; partitionDigest is the same
 * function of a decoded partition.
 *
 * MD5 because it is what Cassandra uses for this, and this is for agreement, not security.
 */

import { createHash } from 'node:crypto';
import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { canonicalPartition, isEmptyPartition } from './canonical-partition.js';
import { encodePartition, writePartition } from './partition-codec.js';
import type { PartitionUpdate } from './partition-update.js';

export const PARTITION_DIGEST_BYTES = 16;

/** What the table id is hashed as. */
const NO_TABLE_ID = new Uint8Array(4);

/** The digest of no partition (or an empty one); shared by every such answer, never written to. */
export const EMPTY_PARTITION_DIGEST: Uint8Array = new Uint8Array(createHash('md5').digest());

/** Reused across digests: a digest is computed synchronously and the bytes hashed at once. */
const scratch = new ByteWriter(4096);

export function partitionDigest(partition: PartitionUpdate | null): Uint8Array {
  const canonical = partition === null ? null : canonicalPartition(partition);
  if (canonical === null || isEmptyPartition(canonical)) return EMPTY_PARTITION_DIGEST;
  scratch.reset();
  writePartition(scratch, canonical);
  return encodedPartitionDigest(scratch.buffer(), 0, scratch.position);
}

/**
 * A replica's answer (NodeStorage.readReplica) from a decoded canonical partition, for storage
 * that holds partitions as objects (the simulator's): the same bytes and digest a storage
 * thread answers.
 */
export function replicaAnswerOf(partition: PartitionUpdate | null, digestOnly: boolean): { readonly data: Uint8Array | null; readonly digest: Uint8Array } | { readonly digest: Uint8Array } {
  const digest = partitionDigest(partition);
  if (digestOnly) return { digest };
  return { data: partition === null ? null : encodePartition(partition), digest };
}

/**
 * The digest of a partition already encoded in canonical form and not empty (what a storage
 * thread answers a replica read with): `length` bytes of `bytes` from `offset`.
 */
export function encodedPartitionDigest(bytes: Uint8Array, offset: number, length: number): Uint8Array {
  const hash = createHash('md5');
  hash.update(NO_TABLE_ID);
  hash.update(bytes.subarray(offset + NO_TABLE_ID.length, offset + length));
  return new Uint8Array(hash.digest());
}
