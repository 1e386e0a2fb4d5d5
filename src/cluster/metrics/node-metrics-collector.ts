/**
 * Everything `GET /metrics` reports for one node, gathered at the scrape: the coordinator's
 * client request metrics (kept as requests run), then what is read from the node right now:
 * storage per table and compactions (the engine's status), messages per verb (its messaging
 * service), mailboxes per actor kind (its actor system), gossip's live and unreachable peers,
 * and whatever its services registered (AdminPlugins collectors: hints...). Every one of these
 * carries the `node` label. The in-process network, the event loop and the heap belong to the
 * process, shared by all its nodes, and carry no `node` label.
 */

import type { TransportCounters } from '../messaging/in-process-transport.js';
import type { ClusterNode } from '../node/cluster-node.js';
import { actorKindStats, withGossipStage } from './actor-kind-stats.js';
import type { ClientOperation, TableRequestCounts } from './client-request-metrics.js';
import { eventLoopDelayFamilies } from './event-loop-delay.js';
import { counterFamily, gaugeFamily, withLabels, type MetricFamily, type ScalarSample } from './metric-family.js';
import { summarizeStorage, type StorageSummary, type TableStorage } from './storage-summary.js';
import { tableNamesOf, type TableName } from './table-names.js';

export interface NodeMetricsInput {
  readonly node: ClusterNode;
  /** The in-process network's counters (one network for every node of the cluster), or null. */
  readonly network: Readonly<TransportCounters> | null;
  readonly uptimeSeconds: number;
}

export async function collectNodeMetrics(input: NodeMetricsInput): Promise<MetricFamily[]> {
  const { node } = input;
  const [vnodes, engineActors, extra] = await Promise.all([node.engine.status(), node.engine.actorStats(), node.admin.collect()]);
  const actors = withGossipStage(engineActors, node.gossipStage);
  const names = tableNamesOf(node.catalog.schema);
  const storage = summarizeStorage(vnodes);
  const live = node.gossiper.liveMembers().length;
  const ofNode: MetricFamily[] = [
    gaugeFamily('sibyl_node_uptime_seconds', 'Seconds since the node started.', [{ labels: {}, value: input.uptimeSeconds }]),
    ...node.coordinator.metrics.collect(),
    ...tableRequestFamilies(node.coordinator.requestMetrics.tableCounts(), names),
    ...storageFamilies(storage, names, node.engine.flushesInFlight()),
    ...messagingFamilies(node),
    ...actorFamilies(actorKindStats(actors), actors.deadLetters),
    gaugeFamily('sibyl_gossip_live_endpoints', 'Nodes gossip holds alive, this one included.', [{ labels: {}, value: live }]),
    gaugeFamily('sibyl_gossip_unreachable_endpoints', 'Known nodes gossip holds down.', [{ labels: {}, value: node.gossiper.unreachableMembers().length }]),
    ...extra,
  ];
  return [...ofNode.map((f) => withLabels(f, { node: node.host })), ...networkFamilies(input.network), ...eventLoopDelayFamilies(), ...processFamilies()];
}

function tableLabels(name: TableName): { keyspace: string; table: string } {
  return { keyspace: name.keyspace, table: name.table };
}

function tableRequestFamilies(counts: ReadonlyMap<number, ReadonlyMap<ClientOperation, Readonly<TableRequestCounts>>>, names: ReadonlyMap<number, TableName>): MetricFamily[] {
  const requests: ScalarSample[] = [];
  const seconds: ScalarSample[] = [];
  for (const [tableId, byOperation] of counts) {
    const name = names.get(tableId);
    if (name === undefined) continue;
    for (const [operation, c] of byOperation) {
      requests.push({ labels: { ...tableLabels(name), operation }, value: c.requests });
      seconds.push({ labels: { ...tableLabels(name), operation }, value: c.latencySeconds });
    }
  }
  return [
    counterFamily('sibyl_table_coordinator_requests_total', 'Requests this node coordinated, per table and operation.', requests),
    counterFamily('sibyl_table_coordinator_latency_seconds_total', 'Summed latency of those requests, in seconds (divide by the requests for the mean).', seconds),
  ];
}

function storageFamilies(storage: StorageSummary, names: ReadonlyMap<number, TableName>, flushesInFlight: number): MetricFamily[] {
  const perTable = (pick: (t: Readonly<TableStorage>) => number): ScalarSample[] =>
    [...storage.tables].flatMap(([tableId, t]) => {
      const name = names.get(tableId);
      return name === undefined ? [] : [{ labels: tableLabels(name), value: pick(t) }];
    });
  return [
    gaugeFamily('sibyl_load_bytes', 'Live SSTable bytes of the node (nodetool status Load).', [{ labels: {}, value: storage.loadBytes }]),
    gaugeFamily('sibyl_compaction_pending_tasks', 'Compactions submitted and not finished (queued or running).', [{ labels: {}, value: storage.compactionsInFlight }]),
    gaugeFamily('sibyl_memtable_flushes_in_flight', 'Memtable flushes written now.', [{ labels: {}, value: flushesInFlight }]),
    gaugeFamily('sibyl_table_memtable_bytes', 'Bytes in active memtables.', perTable((t) => t.memtableBytes)),
    gaugeFamily('sibyl_table_memtable_rows', 'Rows in active memtables.', perTable((t) => t.memtableRows)),
    gaugeFamily('sibyl_table_pending_flushes', 'Memtables waiting for or being flushed.', perTable((t) => t.flushingMemtables)),
    gaugeFamily('sibyl_table_sstables', 'Live SSTables.', perTable((t) => t.sstables)),
    gaugeFamily('sibyl_table_sstable_bytes', 'Live SSTable bytes on disk.', perTable((t) => t.sstableBytes)),
    gaugeFamily('sibyl_table_partitions_estimate', 'Partitions summed over live SSTables (an over-estimate where they overlap).', perTable((t) => t.sstablePartitions)),
    gaugeFamily('sibyl_table_tombstones_estimate', 'Tombstones summed over live SSTables (deletions of partitions, ranges, rows and cells; memtables not counted).', perTable((t) => t.sstableTombstones)),
  ];
}

function messagingFamilies(node: ClusterNode): MetricFamily[] {
  const counters = Object.entries(node.messaging.verbCounters());
  const by = (pick: (c: (typeof counters)[number][1]) => number): ScalarSample[] => counters.map(([verb, c]) => ({ labels: { verb }, value: pick(c) }));
  return [
    counterFamily('sibyl_messages_sent_total', 'Messages this node sent, by verb.', by((c) => c.sent)),
    counterFamily('sibyl_messages_received_total', 'Messages this node received, by verb.', by((c) => c.received)),
    counterFamily('sibyl_messages_dropped_total', 'Requests whose reply never came before their deadline (dropped on the way, by a down or cut-off replica, or too late), by verb.', by((c) => c.timedOut)),
    gaugeFamily('sibyl_messaging_pending_requests', 'Requests waiting for a reply.', [{ labels: {}, value: node.messaging.pendingRequests }]),
  ];
}

function actorFamilies(kinds: ReturnType<typeof actorKindStats>, deadLetters: number): MetricFamily[] {
  const by = (pick: (k: (typeof kinds)[number]) => number): ScalarSample[] => kinds.map((k) => ({ labels: { kind: k.kind }, value: pick(k) }));
  return [
    gaugeFamily('sibyl_actors', 'Actors running, by kind.', by((k) => k.actors)),
    gaugeFamily('sibyl_actor_mailbox_depth', 'Messages waiting in mailboxes, summed by actor kind.', by((k) => k.pending)),
    counterFamily('sibyl_actor_messages_processed_total', 'Messages handled, by actor kind (since their threads started).', by((k) => k.completed)),
    counterFamily('sibyl_actor_failures_total', 'Handler failures, by actor kind.', by((k) => k.failures)),
    counterFamily('sibyl_actor_dead_letters_total', 'Messages to actors that were gone or full.', [{ labels: {}, value: deadLetters }]),
  ];
}

function networkFamilies(network: Readonly<TransportCounters> | null): MetricFamily[] {
  if (network === null) return [];
  return [
    counterFamily('sibyl_network_messages_delivered_total', 'Messages the in-process network delivered, between all nodes of the process.', [{ labels: {}, value: network.delivered }]),
    counterFamily('sibyl_network_messages_lost_total', 'Messages the in-process network lost: to a stopped node, over a cut link, or dropped on purpose.', [{ labels: {}, value: network.lost }]),
  ];
}

function processFamilies(): MetricFamily[] {
  const memory = process.memoryUsage();
  return [
    gaugeFamily('sibyl_process_heap_used_bytes', 'V8 heap in use by the process.', [{ labels: {}, value: memory.heapUsed }]),
    gaugeFamily('sibyl_process_heap_total_bytes', 'V8 heap reserved by the process.', [{ labels: {}, value: memory.heapTotal }]),
    gaugeFamily('sibyl_process_resident_memory_bytes', 'Resident set size of the process.', [{ labels: {}, value: memory.rss }]),
  ];
}
