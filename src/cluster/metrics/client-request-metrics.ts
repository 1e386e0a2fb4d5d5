/**
 * What a node's coordinator did for its clients (Cassandra's ClientRequestMetrics, one set per
 * consistency level as ClientRequestsMetricsHolder keeps them): requests, latency, and how many
 * ended in a timeout, Unavailable, or another failure, by operation and consistency level; plus
 * per table the requests and their total latency, which `nodetool tablestats` reads. A request
 * is counted once it ends, whatever its outcome. Writes the executor coalesced into one
 * coordinator write (write-coalescer.ts) count one request per mutation, all with the latency of
 * the write that carried them: each was a client's write, and waited that long.
 */

import { UnavailableError } from '../consistency/unavailable-error.js';
import type { ConsistencyLevel } from '../consistency/consistency-level.js';
import { ReadTimeoutError, WriteTimeoutError } from '../coordinator/consistency-errors.js';
import type { LatencyHistogram } from './latency-histogram.js';
import type { Counter, MetricRegistry } from './metric-registry.js';

/** What the coordinator was asked: a partition write, a partition read, or a range read (scan). */
export type ClientOperation = 'write' | 'read' | 'range_read';

export type RequestOutcome = 'ok' | 'timeout' | 'unavailable' | 'failure';

interface OperationCells {
  readonly requests: Counter;
  readonly timeouts: Counter;
  readonly unavailables: Counter;
  readonly failures: Counter;
  readonly latency: LatencyHistogram;
}

/** One table's coordinated requests of one operation. */
export interface TableRequestCounts {
  requests: number;
  latencySeconds: number;
}

export class ClientRequestMetrics {
  /** By operation, then level: no key string built per request. */
  private readonly cells = new Map<ClientOperation, Map<ConsistencyLevel, OperationCells>>();
  private readonly tables = new Map<number, Map<ClientOperation, TableRequestCounts>>();

  constructor(private readonly registry: MetricRegistry) {}

  record(operation: ClientOperation, level: ConsistencyLevel, seconds: number, outcome: RequestOutcome, tableIds: Iterable<number>, requests = 1): void {
    const cells = this.cellsOf(operation, level);
    cells.requests.inc(requests);
    cells.latency.record(seconds, requests);
    if (outcome === 'timeout') cells.timeouts.inc(requests);
    else if (outcome === 'unavailable') cells.unavailables.inc(requests);
    else if (outcome === 'failure') cells.failures.inc(requests);
    for (const tableId of tableIds) {
      let byOperation = this.tables.get(tableId);
      if (byOperation === undefined) this.tables.set(tableId, (byOperation = new Map()));
      let counts = byOperation.get(operation);
      if (counts === undefined) byOperation.set(operation, (counts = { requests: 0, latencySeconds: 0 }));
      counts.requests += requests;
      counts.latencySeconds += seconds * requests;
    }
  }

  /** Requests that ended in a timeout, Unavailable or failure, over every operation and level. */
  exceptionCount(): number {
    let count = 0;
    for (const byLevel of this.cells.values()) for (const cells of byLevel.values()) count += cells.timeouts.value + cells.unavailables.value + cells.failures.value;
    return count;
  }

  /** Per storage table id, per operation: requests and their summed latency. */
  tableCounts(): ReadonlyMap<number, ReadonlyMap<ClientOperation, Readonly<TableRequestCounts>>> {
    return this.tables;
  }

  private cellsOf(operation: ClientOperation, level: ConsistencyLevel): OperationCells {
    let byLevel = this.cells.get(operation);
    if (byLevel === undefined) this.cells.set(operation, (byLevel = new Map()));
    let cells = byLevel.get(level);
    if (cells === undefined) {
      const labels = { operation, consistency: level };
      const r = this.registry;
      cells = {
        requests: r.counter('sibyl_client_requests_total', 'Requests this node coordinated, by operation and consistency level.').cell(labels),
        timeouts: r.counter('sibyl_client_request_timeouts_total', 'Coordinated requests that timed out waiting for replicas.').cell(labels),
        unavailables: r.counter('sibyl_client_request_unavailables_total', 'Coordinated requests refused as Unavailable (too few live replicas).').cell(labels),
        failures: r.counter('sibyl_client_request_failures_total', 'Coordinated requests that failed otherwise (replica failures, errors).').cell(labels),
        latency: r
          .latency('sibyl_client_request_latency_seconds', 'Latency of coordinated requests, in seconds.', 'sibyl_client_request_latency_quantile_seconds')
          .cell(labels),
      };
      byLevel.set(level, cells);
    }
    return cells;
  }
}

/** The outcome a coordinator error stands for. */
export function outcomeOf(error: unknown): RequestOutcome {
  if (error instanceof WriteTimeoutError || error instanceof ReadTimeoutError) return 'timeout';
  if (error instanceof UnavailableError) return 'unavailable';
  return 'failure';
}
