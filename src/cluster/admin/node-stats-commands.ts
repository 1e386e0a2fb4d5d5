/**
 * The node tool's reports on the answering node itself:
 *
 *   info                       host id, gossip, load, generation, uptime, heap, DC, rack, tokens
 *   version                    the release it reports (ReleaseVersion)
 *   tablestats [ks[.table]...] per keyspace and table: SSTables, space, memtables, coordinated
 *                              reads and writes with their mean latency
 *   tpstats                    actors by kind (mailbox depth, processed, failures), flush and
 *                              compaction activity, messages per verb with those dropped
 */

import { RELEASE_VERSION } from '../node/cluster-node.js';
import { actorKindStats, withGossipStage } from '../metrics/actor-kind-stats.js';
import type { ClientOperation, TableRequestCounts } from '../metrics/client-request-metrics.js';
import { summarizeStorage, type TableStorage } from '../metrics/storage-summary.js';
import { tableNamesOf } from '../metrics/table-names.js';
import { InvalidRequestError } from '../../lib/errors.js';
import { NodetoolUsageError, type NodetoolContext, type NodetoolMessage } from './nodetool-command.js';
import type { InfoResult, TableStatsEntry, TableStatsResult, ThreadPoolStatsResult } from './nodetool-results.js';

export async function info(args: readonly string[], { node, state }: NodetoolContext): Promise<InfoResult> {
  if (args.some((a) => a !== '-T' && a !== '--tokens')) throw new NodetoolUsageError('info takes only -T/--tokens');
  const storage = summarizeStorage(await node.engine.status());
  const memory = process.memoryUsage();
  return {
    hostId: node.self.hostId,
    gossipActive: node.gossiper.isEnabled(),
    nativeTransportActive: false,
    loadBytes: storage.loadBytes,
    generation: node.options.generation,
    uptimeSeconds: state.uptimeSeconds(),
    heapUsedBytes: memory.heapUsed,
    heapTotalBytes: memory.heapTotal,
    datacenter: node.self.datacenter,
    rack: node.self.rack,
    exceptions: node.coordinator.requestMetrics.exceptionCount(),
    tokens: node.tokens.map(String),
    drained: state.drained,
  };
}

export async function version(args: readonly string[]): Promise<NodetoolMessage> {
  if (args.length > 0) throw new NodetoolUsageError('version takes no arguments');
  return { message: `ReleaseVersion: ${RELEASE_VERSION}` };
}

/** Mean latency in ms of a table's operation, null when there was none. */
function meanMs(counts: Readonly<TableRequestCounts> | undefined): number | null {
  return counts === undefined || counts.requests === 0 ? null : (counts.latencySeconds / counts.requests) * 1000;
}

const NO_STORAGE: TableStorage = { memtableBytes: 0, memtableRows: 0, flushingMemtables: 0, sstables: 0, sstableBytes: 0, sstablePartitions: 0, sstableTombstones: 0 };

export async function tablestats(args: readonly string[], { node }: NodetoolContext): Promise<TableStatsResult> {
  const schema = node.catalog.schema;
  const filters = args.map((arg) => {
    if (arg.startsWith('-')) throw new NodetoolUsageError(`tablestats does not take ${arg}`);
    const [keyspace, table] = arg.split('.', 2) as [string, string | undefined];
    if (schema.keyspace(keyspace) === undefined) throw new InvalidRequestError(`Unknown keyspace: ${keyspace}`);
    if (table !== undefined && schema.table(keyspace, table) === undefined) throw new InvalidRequestError(`Unknown table: ${keyspace}.${table}`);
    return { keyspace, table };
  });
  const wanted = (keyspace: string, table: string): boolean =>
    filters.length === 0 || filters.some((f) => f.keyspace === keyspace && (f.table === undefined || f.table === table));
  const storage = summarizeStorage(await node.engine.status());
  const requests = node.coordinator.requestMetrics.tableCounts();
  const names = tableNamesOf(schema);
  const byKeyspace = new Map<string, TableStatsEntry[]>();
  const totals = new Map<string, Map<ClientOperation, TableRequestCounts>>();
  for (const [tableId, name] of [...names].sort(([, a], [, b]) => (a.keyspace + '.' + a.table < b.keyspace + '.' + b.table ? -1 : 1))) {
    if (!wanted(name.keyspace, name.table)) continue;
    const s = storage.tables.get(tableId) ?? NO_STORAGE;
    const r = requests.get(tableId);
    const entry: TableStatsEntry = {
      name: name.table,
      sstableCount: s.sstables,
      spaceUsedBytes: s.sstableBytes,
      memtableRows: s.memtableRows,
      memtableBytes: s.memtableBytes,
      pendingFlushes: s.flushingMemtables,
      partitionsEstimate: s.sstablePartitions,
      readCount: r?.get('read')?.requests ?? 0,
      readLatencyMs: meanMs(r?.get('read')),
      writeCount: r?.get('write')?.requests ?? 0,
      writeLatencyMs: meanMs(r?.get('write')),
      rangeReadCount: r?.get('range_read')?.requests ?? 0,
    };
    if (!byKeyspace.has(name.keyspace)) byKeyspace.set(name.keyspace, []);
    byKeyspace.get(name.keyspace)!.push(entry);
    const sum = totals.get(name.keyspace) ?? new Map<ClientOperation, TableRequestCounts>();
    totals.set(name.keyspace, sum);
    for (const [operation, c] of r ?? []) {
      const t = sum.get(operation) ?? { requests: 0, latencySeconds: 0 };
      sum.set(operation, { requests: t.requests + c.requests, latencySeconds: t.latencySeconds + c.latencySeconds });
    }
  }
  const keyspaces = [...byKeyspace].map(([name, tables]) => ({
    name,
    readCount: totals.get(name)?.get('read')?.requests ?? 0,
    readLatencyMs: meanMs(totals.get(name)?.get('read')),
    writeCount: totals.get(name)?.get('write')?.requests ?? 0,
    writeLatencyMs: meanMs(totals.get(name)?.get('write')),
    pendingFlushes: tables.reduce((n, t) => n + t.pendingFlushes, 0),
    tables,
  }));
  return { totalTables: names.size, keyspaces };
}

export async function tpstats(args: readonly string[], { node }: NodetoolContext): Promise<ThreadPoolStatsResult> {
  if (args.length > 0) throw new NodetoolUsageError('tpstats takes no arguments');
  const [engineActors, vnodes] = await Promise.all([node.engine.actorStats(), node.engine.status()]);
  const actors = withGossipStage(engineActors, node.gossipStage);
  const storage = summarizeStorage(vnodes);
  return {
    actors: actorKindStats(actors),
    pools: [
      { name: 'MemtableFlushWriter', active: node.engine.flushesInFlight() },
      { name: 'CompactionExecutor', active: storage.compactionsInFlight },
      { name: 'RequestResponseStage', active: node.messaging.pendingRequests },
    ],
    messages: Object.entries(node.messaging.verbCounters())
      .map(([verb, c]) => ({ verb, sent: c.sent, received: c.received, dropped: c.timedOut }))
      .sort((a, b) => (a.verb < b.verb ? -1 : 1)),
    deadLetters: actors.deadLetters,
  };
}
