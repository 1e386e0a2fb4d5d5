/**
 * Text for the reports on one node: info (Info.java's "%-23s: %s" lines), tablestats
 * (TableStatsPrinter's keyspace and table blocks) and tpstats (actor kinds, the pools beside
 * them, messages per verb). The request counts are this node's as coordinator, and say so.
 */

import type { InfoResult, TableStatsResult, ThreadPoolStatsResult } from '../../cluster/admin/nodetool-results.js';
import { fileSize, milliseconds } from './number-formats.js';
import { textTable } from './text-table.js';

const MB = 1024 * 1024;

export function formatInfo(result: InfoResult, showTokens: boolean): string[] {
  const line = (name: string, value: string | number | boolean): string => `${name.padEnd(23)}: ${value}`;
  const lines = [
    line('ID', result.hostId),
    line('Gossip active', result.gossipActive),
    line('Native Transport active', result.nativeTransportActive),
    line('Load', fileSize(result.loadBytes)),
    line('Generation No', result.generation),
    line('Uptime (seconds)', result.uptimeSeconds),
    line('Heap Memory (MB)', `${(result.heapUsedBytes / MB).toFixed(2)} / ${(result.heapTotalBytes / MB).toFixed(2)}`),
    line('Data Center', result.datacenter),
    line('Rack', result.rack),
    line('Exceptions', result.exceptions),
  ];
  if (result.drained) lines.push(line('Mode', 'DRAINED'));
  if (showTokens) lines.push(...result.tokens.map((token) => line('Token', token)));
  else lines.push(line('Token', `(invoke with -T/--tokens to see all ${result.tokens.length} tokens)`));
  return lines;
}

export function formatTableStats(result: TableStatsResult): string[] {
  const lines = [`Total number of tables: ${result.totalTables}`, '----------------'];
  for (const ks of result.keyspaces) {
    lines.push(
      `Keyspace : ${ks.name}`,
      `\tCoordinator Read Count: ${ks.readCount}`,
      `\tCoordinator Read Latency: ${milliseconds(ks.readLatencyMs)}`,
      `\tCoordinator Write Count: ${ks.writeCount}`,
      `\tCoordinator Write Latency: ${milliseconds(ks.writeLatencyMs)}`,
      `\tPending Flushes: ${ks.pendingFlushes}`,
    );
    for (const t of ks.tables) {
      lines.push(
        `\t\tTable: ${t.name}`,
        `\t\tSSTable count: ${t.sstableCount}`,
        `\t\tSpace used (live): ${t.spaceUsedBytes}`,
        `\t\tSpace used (total): ${t.spaceUsedBytes}`,
        `\t\tMemtable row count: ${t.memtableRows}`,
        `\t\tMemtable data size: ${t.memtableBytes}`,
        `\t\tCoordinator read count: ${t.readCount}`,
        `\t\tCoordinator read latency: ${milliseconds(t.readLatencyMs)}`,
        `\t\tCoordinator write count: ${t.writeCount}`,
        `\t\tCoordinator write latency: ${milliseconds(t.writeLatencyMs)}`,
        `\t\tCoordinator range read count: ${t.rangeReadCount}`,
        `\t\tPending flushes: ${t.pendingFlushes}`,
        `\t\tNumber of partitions (estimate): ${t.partitionsEstimate}`,
        '',
      );
    }
    lines.push('----------------');
  }
  return lines;
}

export function formatThreadPoolStats(result: ThreadPoolStatsResult): string[] {
  const actors = textTable([
    ['Actor Kind', 'Actors', 'Pending', 'Completed', 'Failed'],
    ...result.actors.map((a) => [a.kind, String(a.actors), String(a.pending), String(a.completed), String(a.failures)]),
  ]);
  const pools = textTable([['Pool Name', 'Active'], ...result.pools.map((p) => [p.name, String(p.active)])]);
  const messages = textTable([
    ['Message type', 'Sent', 'Received', 'Dropped'],
    ...result.messages.map((m) => [m.verb, String(m.sent), String(m.received), String(m.dropped)]),
  ]);
  return [...actors, '', ...pools, '', ...messages, '', `Dead letters: ${result.deadLetters}`];
}
