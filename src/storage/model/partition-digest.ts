/**
 * A partition's digest, as a replica answers a digest read (Cassandra's ReadResponse digest):
 * MD5 over the partition-codec bytes of its canonical form (canonical-partition.ts), so two
 * replicas holding the same data answer the same 16 bytes whatever memtables and SSTables hold
 * it. The table id is written as 0: storage table ids are node-local, the coordinator knows
 * which table it asked for. A partition with nothing in it digests as no partition (null):
 * both mean the replica has nothing to contribute.
 *
 * MD5 because it is what Cassandra uses for this, and this is for agreement, not security.
 */

import { createHash } from 'node:crypto';
import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { canonicalPartition, isEmptyPartition } from './canonical-partition.js';
import { writePartition } from './partition-codec.js';
import type { PartitionUpdate } from './partition-update.js';

export const PARTITION_DIGEST_BYTES = 16;

/** Reused across digests: a digest is computed synchronously and the bytes hashed at once. */
const scratch = new ByteWriter(4096);

export function partitionDigest(partition: PartitionUpdate | null): Uint8Array {
  const hash = createHash('md5');
  const canonical = partition === null ? null : canonicalPartition(partition);
  if (canonical !== null && !isEmptyPartition(canonical)) {
    scratch.reset();
    writePartition(scratch, canonical.tableId === 0 ? canonical : { ...canonical, tableId: 0 });
    hash.update(scratch.written());
  }
  return new Uint8Array(hash.digest());
}

