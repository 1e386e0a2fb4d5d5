/**
 * The client process of the protocol benchmark: the real cassandra-driver, apart from the
 * servers so its CPU is not taken from their event loop. It receives one run request, connects
 * to 127.0.0.1 (the driver finds the other nodes in system.peers and routes token-aware), and
 * runs prepared statements of the cassandra-stress write shape at QUORUM:
 *
 *   warm-up    W INSERTs then W SELECTs on keys of their own, at the highest concurrency (untimed)
 *   INSERT     N per concurrency (closed loop: each of c clients sends its next when answered),
 *              each phase on fresh keys; then N/2 at half the best INSERT rate (open loop, each
 *              latency from its scheduled send: no coordinated omission)
 *   SELECT     by key, N per concurrency, phase j reading the keys INSERT phase j wrote; then
 *              N/2 at half the best SELECT rate
 *
 * Key layout in the generated rows: [warm-up W][INSERT phase 1: N]...[phase C: N][half rate: N/2].
 * Every SELECT is checked: the row written (a database) or no row (the null server); any other
 * answer fails the run. A request the driver fails (a timeout, an error answered) is counted,
 * and the run goes on (RequestFailures).
 */

import cassandra from 'cassandra-driver';
import { closedLoop, fixedRate, quantile, type LoadResult } from '../lib/load.js';
import { Progress } from '../lib/progress.js';
import type { ClientMessage, ClientPhaseResult, ClientRunRequest, ProtocolOperation } from './protocol-messages.js';
import { STRESS_COLUMNS, STRESS_INSERT, STRESS_SELECT } from './protocol-statements.js';
import { generateStressRows, STRESS_COLUMN_COUNT, type StressRows } from './stress-rows.js';

const QUERY_OPTIONS = { prepare: true, consistency: cassandra.types.consistencies.quorum } as const;

type Operation = (i: number) => Promise<unknown>;

async function runClient(request: ClientRunRequest): Promise<void> {
  const { ops, warmupOps, concurrencies } = request;
  const halfOps = Math.max(1, Math.floor(ops / 2));
  const firstPhaseKey = warmupOps;
  const halfRateKey = firstPhaseKey + concurrencies.length * ops;
  const rows = generateStressRows(halfRateKey + halfOps, request.seed);
  const client = new cassandra.Client({
    contactPoints: ['127.0.0.1'],
    localDataCenter: 'datacenter1',
    protocolOptions: { port: request.port },
    // The fixed-rate phases do not wait for answers: through a stall of the server (or of this
    // shared machine) requests pile up past the default 2,048 per connection, which the driver
    // would refuse (BusyConnectionError) instead of queueing. v4 stream ids allow 32,768.
    pooling: { maxRequestsPerConnection: 32_768 },
  });
  await client.connect();
  const failures = new RequestFailures();
  try {
    const insert = (offset: number): Operation => (i) => client.execute(STRESS_INSERT, insertParameters(rows, offset + i), QUERY_OPTIONS).catch(failures.note);
    const select = (offset: number): Operation => async (i) => {
      let result: cassandra.types.ResultSet;
      try {
        result = await client.execute(STRESS_SELECT, [rows.key(offset + i)], QUERY_OPTIONS);
      } catch (error) {
        return failures.note(error);
      }
      checkSelected(rows, offset + i, result, request.expectRows);
    };
    const maxConcurrency = Math.max(...concurrencies);
    if (warmupOps > 0) {
      await untimed(`${request.label} warm-up INSERT`, warmupOps, maxConcurrency, insert(0));
      await untimed(`${request.label} warm-up SELECT`, warmupOps, maxConcurrency, select(0));
    }
    for (const operation of ['INSERT', 'SELECT'] as const) {
      const best: ClientPhaseResult[] = [];
      for (const [j, concurrency] of concurrencies.entries()) {
        const keys = firstPhaseKey + j * ops;
        const run = operation === 'INSERT' ? insert(keys) : select(keys);
        best.push(await timed(request.label, operation, concurrency, ops, failures, (progress) => closedLoop(ops, concurrency, run, progress)));
      }
      const halfRate = Math.max(...best.map((r) => r.ratePerS)) / 2;
      const run = operation === 'INSERT' ? insert(halfRateKey) : select(firstPhaseKey);
      await timed(request.label, operation, null, halfOps, failures, (progress) => fixedRate(halfOps, halfRate, run, progress));
    }
  } finally {
    await client.shutdown();
  }
}

/**
 * Requests the driver failed (a timeout, an error the server answered): counted per phase and
 * reported, and the run goes on, as cassandra-stress does; a failed request's latency is the
 * time until it failed. A SELECT that answers the wrong row is not one of these: it ends the run.
 */
class RequestFailures {
  private count = 0;
  private first: string | null = null;

  readonly note = (error: unknown): void => {
    this.count++;
    this.first ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  };

  /** The failures since the last take. */
  take(): { readonly failures: number; readonly firstFailure: string | null } {
    const taken = { failures: this.count, firstFailure: this.first };
    this.count = 0;
    this.first = null;
    return taken;
  }
}

function insertParameters(rows: StressRows, i: number): Buffer[] {
  const parameters = [rows.key(i)];
  for (let c = 0; c < STRESS_COLUMN_COUNT; c++) parameters.push(rows.column(i, c));
  return parameters;
}

function checkSelected(rows: StressRows, i: number, result: cassandra.types.ResultSet, expectRows: boolean): void {
  if (!expectRows) {
    if (result.rowLength !== 0) throw new Error(`the null server answered ${result.rowLength} rows`);
    return;
  }
  const row = result.first();
  if (result.rowLength !== 1 || row === null) throw new Error(`SELECT of key ${rows.key(i).toString('hex')} found ${result.rowLength} rows`);
  for (let c = 0; c < STRESS_COLUMN_COUNT; c++) {
    const value: unknown = row.get(STRESS_COLUMNS[c]!);
    if (!(value instanceof Uint8Array) || !rows.isColumnValue(i, c, value)) throw new Error(`SELECT of key ${rows.key(i).toString('hex')}: column c${c} differs`);
  }
}

async function untimed(label: string, total: number, concurrency: number, operation: Operation): Promise<void> {
  const progress = new Progress({ label, total, unit: 'ops', stream: process.stderr, plainIntervalMs: 5000 });
  await closedLoop(total, concurrency, operation, progress);
  progress.finish(total);
}

/** A phase between phase-start and phase-end, with the client's CPU over it. */
async function timed(label: string, operation: ProtocolOperation, concurrency: number | null, total: number, failures: RequestFailures, load: (progress: Progress) => Promise<LoadResult>): Promise<ClientPhaseResult> {
  const name = `${label} ${operation} ${concurrency === null ? 'at half rate' : `c${concurrency}`}`;
  const progress = new Progress({ label: name, total, unit: 'ops', stream: process.stderr, plainIntervalMs: 5000 });
  failures.take();
  send({ kind: 'phase-start' });
  const cpuBefore = process.cpuUsage();
  const result = await load(progress);
  const cpu = process.cpuUsage(cpuBefore);
  progress.finish(total);
  const { failures: failed, firstFailure } = failures.take();
  if (failed > 0) process.stderr.write(`${name}: ${failed} request(s) failed, the first with ${firstFailure}\n`);
  const latencies = result.latenciesMs;
  const phase: ClientPhaseResult = {
    operation,
    concurrency,
    operations: result.operations,
    ratePerS: result.ratePerS,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    p999Ms: quantile(latencies, 0.999),
    clientCores: (cpu.user + cpu.system) / 1000 / result.elapsedMs,
    failures: failed,
    firstFailure,
  };
  send({ kind: 'phase-end', result: phase });
  return phase;
}

function send(message: ClientMessage, then?: () => void): void {
  if (process.send === undefined) throw new Error('protocol-client runs only as a child of protocol.js');
  process.send(message, undefined, undefined, then);
}

process.once('message', (request: ClientRunRequest) => {
  runClient(request).then(
    () => send({ kind: 'done' }, () => process.disconnect()),
    (error: unknown) => send({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.disconnect()),
  );
});
