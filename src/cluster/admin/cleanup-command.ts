/**
 * `nodetool cleanup [keyspace [table...]]`: find the data this node holds for ranges it no
 * longer replicates (after nodes joined, or a keyspace's replication factor went down), as
 * Cassandra's CompactionManager.performCleanup does before it rewrites SSTables without it.
 *
 *   1. refuse while a node is joining or leaving (pending ranges would make the answer wrong)
 *   2. per replicated table: the ring ranges whose replicas do not include this node
 *   3. scan those ranges of the local engine (tombstone-only partitions count too)
 *
 * With nothing found it answers so. Found partitions are reported, not dropped: dropping them
 * without leaving tombstones needs a cleanup compaction in the storage engine, which is not
 * built yet, so that case answers "not available yet" with the counts.
 */

import { MIN_TOKEN } from '../../storage/model/token.js';
import type { ScanRange } from '../../storage/storage-engine.js';
import { InvalidRequestError } from '../../lib/errors.js';
import type { ClusterNode } from '../node/cluster-node.js';
import { replicationStrategyOf, type ReplicationStrategy } from '../replication/replication-strategy.js';
import type { TokenMetadata } from '../ring/token-metadata.js';
import { TokenRange } from '../ring/token-range.js';
import { SYSTEM_KEYSPACE_NAMES } from '../../cql/catalog/system-keyspaces.js';
import type { TableMetadata } from '../../cql/schema/table-metadata.js';
import { parseArgs } from './command-args.js';
import { NodetoolUnavailableError, type NodetoolContext, type NodetoolMessage } from './nodetool-command.js';

export async function cleanup(args: readonly string[], { node }: NodetoolContext): Promise<NodetoolMessage> {
  const tables = tablesToClean(node, parseArgs('cleanup', args, {}).positional);
  const ring = node.ring();
  if (ring.endpoints().some((e) => e.status !== 'normal')) {
    throw new InvalidRequestError('Node is involved in cluster membership changes. Not safe to run cleanup.');
  }
  const found: string[] = [];
  for (const { table, strategy } of tables) {
    const count = await countOutside(node, table, foreignRanges(node, ring, strategy));
    if (count > 0) found.push(`${count} partitions of ${table.keyspace}.${table.name}`);
  }
  if (found.length > 0) {
    throw new NodetoolUnavailableError(
      `${node.host} holds data outside the ranges it replicates (${found.join(', ')}); dropping it needs the storage engine's cleanup compaction, which is not built yet`,
    );
  }
  return { message: `Nothing to clean: ${node.host} holds only data of ranges it replicates (${tables.length} tables checked)` };
}

function tablesToClean(node: ClusterNode, positional: readonly string[]): Array<{ table: TableMetadata; strategy: ReplicationStrategy }> {
  const schema = node.catalog.schema;
  const [keyspace, ...names] = positional;
  if (keyspace !== undefined && schema.keyspace(keyspace) === undefined) throw new InvalidRequestError(`Keyspace [${keyspace}] does not exist.`);
  for (const name of names) if (schema.table(keyspace!, name) === undefined) throw new InvalidRequestError(`Unknown table '${name}' in keyspace '${keyspace}'`);
  return [...schema.keyspaces.values()]
    .filter((k) => (keyspace === undefined ? !SYSTEM_KEYSPACE_NAMES.has(k.metadata.name) : k.metadata.name === keyspace))
    .flatMap((k) => {
      const replication = k.metadata.replication;
      if (replication.class === 'LocalStrategy') return [];
      const strategy = replicationStrategyOf(replication);
      return [...k.tables.values()].filter((t) => names.length === 0 || names.includes(t.name)).map((table) => ({ table, strategy }));
    });
}

/** The ring ranges this node is not a replica of, as scans of non-wrapping pieces. */
function foreignRanges(node: ClusterNode, ring: TokenMetadata, strategy: ReplicationStrategy): ScanRange[] {
  const scans: ScanRange[] = [];
  const size = ring.sortedTokens().length;
  for (let index = 0; index < size; index++) {
    if (strategy.replicasAt(index, ring).some((r) => r.hostId === node.self.hostId)) continue;
    for (const piece of TokenRange.unwrap(ring.rangeAt(index))) {
      // (left, MIN_TOKEN] runs to the end of the ring: an unbounded end for the engine's scan.
      scans.push(piece.right === MIN_TOKEN ? { startToken: piece.left } : { startToken: piece.left, endToken: piece.right });
    }
  }
  return scans;
}

async function countOutside(node: ClusterNode, table: TableMetadata, ranges: readonly ScanRange[]): Promise<number> {
  let count = 0;
  for (const range of ranges) {
    for await (const _partition of node.engine.scanUnfiltered(table.id, range)) count++;
  }
  return count;
}
