/**
 * One node's second, as the charts draw it, from two consecutive scrapes of its /metrics
 * (metric names: docs/operations.md, Metrics): requests per second and their p99 over that
 * second, storage gauges, hints, dropped messages, mailboxes by actor kind, the event loop's
 * recent p99, and per table the sizes the tables view sums over the nodes.
 */

import { counterRate, quantileOfIncrease } from './metric-rates.js';
import type { MetricsScrape } from './metrics-scrape.js';

export interface TableSample {
  readonly keyspace: string;
  readonly table: string;
  readonly memtableBytes: number;
  readonly sstables: number;
  readonly sstableBytes: number;
  readonly partitions: number;
  readonly tombstones: number;
}

export interface NodeSample {
  readonly readsPerSecond: number;
  readonly writesPerSecond: number;
  /** Coordinated requests that timed out, were Unavailable or failed, per second. */
  readonly failuresPerSecond: number;
  /** p99 of the reads (writes) that ended since the previous scrape, in ms; null if none did. */
  readonly readP99Ms: number | null;
  readonly writeP99Ms: number | null;
  readonly pendingCompactions: number;
  readonly memtableBytes: number;
  readonly sstableBytes: number;
  readonly sstables: number;
  readonly hintsPending: number;
  readonly droppedPerSecond: number;
  /** Messages waiting, summed by actor kind. */
  readonly mailboxDepth: Readonly<Record<string, number>>;
  /** The process's event loop delay p99 over its last closed window, in ms; null before one closed. */
  readonly eventLoopDelayP99Ms: number | null;
  readonly tables: readonly TableSample[];
}

const REQUESTS = 'sibyl_client_requests_total';
const LATENCY = 'sibyl_client_request_latency_seconds';
const FAILURES = ['sibyl_client_request_timeouts_total', 'sibyl_client_request_unavailables_total', 'sibyl_client_request_failures_total'];
const READ_OPERATIONS = ['read', 'range_read'];

/** `previous` is null for a node's first scrape (or its first after a gap): rates are 0 then. */
export function computeNodeSample(previous: MetricsScrape | null, current: MetricsScrape): NodeSample {
  const seconds = previous === null ? 1 : Math.max(0.001, (current.atMs - previous.atMs) / 1000);
  const rate = (count: (scrape: MetricsScrape) => number): number => counterRate(previous === null ? null : count(previous), count(current), seconds);
  const reads = (s: MetricsScrape): number => READ_OPERATIONS.reduce((n, operation) => n + s.sum(REQUESTS, { operation }), 0);
  const p99Ms = (operation: string): number | null => {
    const q = quantileOfIncrease(0.99, previous?.buckets(LATENCY, { operation }) ?? [], current.buckets(LATENCY, { operation }));
    return previous === null || q === null ? null : q * 1000;
  };
  const loopDelay = current.value('sibyl_event_loop_delay_recent_seconds', { quantile: '0.99' });
  return {
    readsPerSecond: rate(reads),
    writesPerSecond: rate((s) => s.sum(REQUESTS, { operation: 'write' })),
    failuresPerSecond: rate((s) => FAILURES.reduce((n, name) => n + s.sum(name), 0)),
    readP99Ms: p99Ms('read'),
    writeP99Ms: p99Ms('write'),
    pendingCompactions: current.sum('sibyl_compaction_pending_tasks'),
    memtableBytes: current.sum('sibyl_table_memtable_bytes'),
    sstableBytes: current.sum('sibyl_load_bytes'),
    sstables: current.sum('sibyl_table_sstables'),
    hintsPending: current.sum('sibyl_hints_pending'),
    droppedPerSecond: rate((s) => s.sum('sibyl_messages_dropped_total')),
    mailboxDepth: Object.fromEntries(current.sumBy('sibyl_actor_mailbox_depth', 'kind')),
    eventLoopDelayP99Ms: loopDelay === null ? null : loopDelay * 1000,
    tables: tableSamples(current),
  };
}

function tableSamples(scrape: MetricsScrape): TableSample[] {
  const tables = new Map<string, { keyspace: string; table: string } & Record<'memtableBytes' | 'sstables' | 'sstableBytes' | 'partitions' | 'tombstones', number>>();
  const add = (metric: string, field: 'memtableBytes' | 'sstables' | 'sstableBytes' | 'partitions' | 'tombstones'): void => {
    for (const s of scrape.samples(metric)) {
      const keyspace = s.labels['keyspace'];
      const table = s.labels['table'];
      if (keyspace === undefined || table === undefined || Number.isNaN(s.value)) continue;
      const key = `${keyspace}.${table}`;
      let entry = tables.get(key);
      if (entry === undefined) tables.set(key, (entry = { keyspace, table, memtableBytes: 0, sstables: 0, sstableBytes: 0, partitions: 0, tombstones: 0 }));
      entry[field] += s.value;
    }
  };
  add('sibyl_table_memtable_bytes', 'memtableBytes');
  add('sibyl_table_sstables', 'sstables');
  add('sibyl_table_sstable_bytes', 'sstableBytes');
  add('sibyl_table_partitions_estimate', 'partitions');
  add('sibyl_table_tombstones_estimate', 'tombstones');
  return [...tables.values()];
}
