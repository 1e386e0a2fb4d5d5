/**
 * A replica's validation (Cassandra's Validator, run by ValidationManager): one Merkle tree
 * per range of one table, from its partitions as the engine's unfiltered scan answers them
 * (canonical form, tombstones included), each partition hashed by its digest, the same MD5
 * a digest read answers. Everything that could differ between replicas is in the hash: rows,
 * cells, timestamps, TTLs, partition, range and row deletions. A partition with nothing left
 * in it is not hashed, as it is not there for a read either.
 */

import { isEmptyPartition } from '../../storage/model/canonical-partition.js';
import { partitionDigest } from '../../storage/model/partition-digest.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import type { TokenRange } from '../ring/token-range.js';
import { scanUnfilteredRange } from '../streaming/range-scan.js';
import type { MerkleTree } from './merkle-tree.js';
import { MerkleTreeBuilder } from './merkle-tree-builder.js';

const SCAN_PAGE = 1000;

export async function validateRanges(engine: NodeStorage, tableId: number, ranges: readonly TokenRange[], maxDepth: number): Promise<MerkleTree[]> {
  const trees: MerkleTree[] = [];
  for (const range of ranges) {
    const builder = new MerkleTreeBuilder(range, maxDepth);
    for await (const partition of scanUnfilteredRange(engine, tableId, range, SCAN_PAGE)) {
      if (!isEmptyPartition(partition)) builder.add(partition.token, partitionDigest(partition));
    }
    trees.push(builder.build());
  }
  return trees;
}
