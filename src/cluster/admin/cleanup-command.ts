/**
 * `nodetool cleanup [keyspace [table...]]`: drop the data this node holds for ranges it no
 * longer replicates (after nodes joined and took ranges, or a keyspace's replication factor
 * went down), as Cassandra's StorageService.forceKeyspaceCleanup and
 * CompactionManager.performCleanup do:
 *
 *   1. refuse a local (system) keyspace, and refuse while this node is not NORMAL or ranges
 *      are pending for it in a keyspace asked for ("Node is involved in cluster membership
 *      changes. Not safe to run cleanup."): data moving to it is not in its natural ranges yet;
 *   2. per table of each replicated keyspace: the ranges this node replicates now, natural
 *      and pending (membership/replicated-ranges.ts), as token spans;
 *   3. StorageEngine.cleanupTable: memtables flushed, then every SSTable holding a token
 *      outside those spans rewritten without those partitions (no tombstones: the data is not
 *      deleted, it is just not this node's to keep), the rest left as it is.
 *
 * Running it twice, or on a node that lost nothing, drops nothing more. The answer lists what
 * each table lost and the bytes before and after.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import type { CleanupReport } from '../../storage/compaction/cleanup-report.js';
import { SYSTEM_KEYSPACE_NAMES } from '../../cql/catalog/system-keyspaces.js';
import type { TableMetadata } from '../../cql/schema/table-metadata.js';
import { pendingRangesOf, replicatedRangesOf, tokenSpansOf } from '../membership/replicated-ranges.js';
import type { ClusterNode } from '../node/cluster-node.js';
import { replicationStrategyOf, type ReplicationStrategy } from '../replication/replication-strategy.js';
import { parseArgs } from './command-args.js';
import type { NodetoolContext, NodetoolMessage } from './nodetool-command.js';

/** Cassandra's refusal while data is moving to the node. */
export const CLEANUP_DURING_RANGE_MOVEMENT = 'Node is involved in cluster membership changes. Not safe to run cleanup.';

interface TableToClean {
  readonly table: TableMetadata;
  readonly strategy: ReplicationStrategy;
}

export async function cleanup(args: readonly string[], { node }: NodetoolContext): Promise<NodetoolMessage> {
  const tables = tablesToClean(node, parseArgs('cleanup', args, {}).positional);
  refuseDuringRangeMovement(node, tables);
  const lines: string[] = [];
  let dropped = 0;
  for (const { table, strategy } of tables) {
    // The ranges as they are now, table by table: the later a table's plan, the fresher.
    refuseDuringRangeMovement(node, [{ table, strategy }]);
    const keep = tokenSpansOf(replicatedRangesOf(strategy, node.ringView.state(), node.self.hostId));
    const report = await node.engine.cleanupTable(table.id, keep);
    dropped += report.partitionsDropped;
    lines.push(describe(table, report));
  }
  const summary =
    dropped === 0
      ? `Nothing to clean: ${node.host} holds only data of ranges it replicates (${tables.length} tables checked)`
      : `Cleaned up ${node.host}: dropped ${dropped} partitions of ranges it no longer replicates`;
  return { message: [summary, ...lines].join('\n') };
}

function refuseDuringRangeMovement(node: ClusterNode, tables: readonly TableToClean[]): void {
  if (node.membership.mode() !== 'NORMAL') throw new InvalidRequestError(CLEANUP_DURING_RANGE_MOVEMENT);
  const state = node.ringView.state();
  if (state.metadata.endpoint(node.self.hostId)?.status !== 'normal') throw new InvalidRequestError(CLEANUP_DURING_RANGE_MOVEMENT);
  const strategies = new Set(tables.map((t) => t.strategy));
  for (const strategy of strategies) {
    if (pendingRangesOf(strategy, state, node.self.hostId).length > 0) throw new InvalidRequestError(CLEANUP_DURING_RANGE_MOVEMENT);
  }
}

function tablesToClean(node: ClusterNode, positional: readonly string[]): TableToClean[] {
  const schema = node.catalog.schema;
  const [keyspace, ...names] = positional;
  if (keyspace !== undefined) {
    const metadata = schema.keyspace(keyspace)?.metadata;
    if (metadata === undefined) throw new InvalidRequestError(`Keyspace [${keyspace}] does not exist.`);
    if (metadata.replication.class === 'LocalStrategy') throw new InvalidRequestError('Cleanup of the system keyspace is neither necessary nor wise');
  }
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

function describe(table: TableMetadata, report: CleanupReport): string {
  return `  ${table.keyspace}.${table.name}: ${report.partitionsDropped} partitions dropped, ${report.sstablesRewritten} SSTables rewritten, ${report.bytesBefore} -> ${report.bytesAfter} bytes`;
}
