/**
 * What `sibyl start` runs:
 *
 * - runClusterDemo (the default, `npm start`): a cluster of N nodes in this process, each on
 *   its own loopback address with its own storage engine, gossip and coordinator, a CQL native
 *   protocol server on <address>:9042 (what the DataStax drivers connect to) and an admin
 *   server on <address>:7199; a replicated keyspace, rows written at QUORUM and read back
 *   through another node; then it says how to connect a driver and use the node tool from
 *   another terminal, and serves until Ctrl-C. With `--auth`, clients log in
 *   (PasswordAuthenticator, cassandra/cassandra at first) and each statement is checked
 *   (CassandraAuthorizer); the demo's own writes go through the trusted in-process API. A CQL port that cannot be bound on every node
 *   fails the start (exit 1): a cluster nobody can connect to is not what was asked for.
 *   `--datacenters dc1:3,dc2:3` lays the nodes out over datacenters (the demo keyspace then
 *   replicates by NetworkTopologyStrategy). Unless `--no-dashboard`, the live dashboard
 *   (src/dashboard, ADR 0016) is served on 127.0.0.1:8888 with its load generator; its URL and
 *   action token are printed. A dashboard port that is taken only costs the dashboard.
 * - runStartDemo (`start --engine`): the embedded storage engine on one node: ingest rows of
 *   the cassandra-stress shape, read a sample back, flush, close, reopen from disk, read again.
 */

import { randomBytes } from 'node:crypto';
import { Database } from '../api/database.js';
import type { DatacenterLayout } from '../cluster/node/cluster.js';
import { Dashboard } from '../dashboard/dashboard.js';
import { DatabaseLoadTarget } from '../dashboard/database-load-target.js';
import { isLoopback } from '../dashboard/dashboard-http-server.js';
import { checkConfiguredToken, newDashboardToken } from '../dashboard/dashboard-token.js';
import { EMPTY_CLUSTERING } from '../storage/model/row.js';
import { StorageEngine } from '../storage/storage-engine.js';
import { defaultTableOptions } from '../storage/table-options.js';
import { textTable } from './nodetool/text-table.js';
import { ProgressBar } from './progress-bar.js';
import { unbindableAddresses } from './start-port-check.js';

const TABLE = 1;

/** The cassandra-stress key shape: 10 bytes. */
function keyOf(index: number): Uint8Array {
  return new TextEncoder().encode(index.toString(16).padStart(10, '0'));
}

export async function runStartDemo(dataDirectory: string, rows: number): Promise<void> {
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  log(`Sibyl: the embedded storage engine on one node, with its data in ${dataDirectory}.`);
  const tables = [defaultTableOptions(TABLE, 'demo.standard1')];
  let engine = await StorageEngine.open({ dataDirectory, tables });
  log(`opened: ${engine.config.vnodeCount} vnode ranges on worker threads, commit log sync ${engine.config.commitLogSync}`);
  const bar = new ProgressBar('ingest', rows, 'rows');
  // Values are made up front, so the rate shown is the engine's, not the random generator's.
  const values = randomBytes(Math.min(rows, 100_000) * 5 * 34);
  const started = performance.now();
  const timestamp = BigInt(Date.now()) * 1000n;
  const inFlight = new Set<Promise<number>>();
  for (let from = 0; from < rows; from += 1000) {
    const to = Math.min(rows, from + 1000);
    // The bulk path: each row encoded straight into its vnode's batch (StorageEngine.writeRows).
    const write = engine.writeRows(TABLE, (batch) => {
      for (let i = from; i < to; i++) {
        batch.beginRow(keyOf(i), EMPTY_CLUSTERING, timestamp);
        const at = ((i % 100_000) * 5 * 34) % values.length;
        for (let c = 0; c < 5; c++) batch.cellFrom(c, values, at + c * 34, 34);
        batch.endRow();
      }
    });
    const tracked = write.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= 8) await Promise.race(inFlight);
    bar.update(to);
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  log(`ingested ${rows.toLocaleString('en-US')} rows in ${seconds.toFixed(2)} s (${Math.round(rows / seconds).toLocaleString('en-US')} rows/s)`);
  await engine.flush();
  log('flushed every memtable to SSTables; closing and reopening from disk...');
  await engine.close();
  engine = await StorageEngine.open({ dataDirectory, tables });
  const sample = [0, Math.floor(rows / 2), rows - 1];
  for (const index of sample) {
    const partition = await engine.read(TABLE, keyOf(index));
    log(`read back key ${index.toString(16).padStart(10, '0')}: ${partition === null ? 'MISSING' : `${partition.rows[0]?.cells.length ?? 0} columns`}`);
  }
  const status = await engine.status();
  const sstables = status.reduce((n, v) => n + v.tables.reduce((m, t) => m + t.sstables, 0), 0);
  log(`on disk: ${sstables} SSTables across ${status.length} vnodes. Run it again: the data is still there.`);
  await engine.close();
}

export interface ClusterDemoOptions {
  readonly dataDir: string;
  readonly nodes: number;
  readonly rows: number;
  /** Each node's CQL native protocol port (the drivers' protocolOptions.port); 0 for none. */
  readonly nativePort: number;
  /** Each node's admin server port (the node tool's -p); 0 for none. */
  readonly adminPort: number;
  /** PasswordAuthenticator and CassandraAuthorizer (`--auth`): clients log in, statements are checked. */
  readonly auth?: boolean;
  /** Datacenters instead of `nodes` nodes in datacenter1 (`--datacenters dc1:3,dc2:3`). */
  readonly datacenters?: readonly DatacenterLayout[];
  /** The live dashboard (`--dashboard-host`, `--dashboard-port`, `--dashboard-token`); null: `--no-dashboard`. */
  readonly dashboard?: DashboardSettings | null;
}

export interface DashboardSettings {
  readonly host: string;
  readonly port: number;
  /** The token actions need; null: a fresh one, printed. */
  readonly token: string | null;
}

/** Rows per insertRows call: the progress bar moves once per chunk. */
const DEMO_CHUNK_ROWS = 1000;

export async function runClusterDemo(options: ClusterDemoOptions): Promise<number> {
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  const { rows, adminPort, nativePort } = options;
  const layout = options.datacenters ?? [{ name: 'datacenter1', nodes: options.nodes }];
  const nodes = layout.reduce((n, dc) => n + dc.nodes, 0);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 250) throw new Error(`--nodes must be 1 to 250, not ${nodes}`);
  if (!Number.isInteger(nativePort) || nativePort < 0 || nativePort > 65_535) throw new Error(`--port must be 0 to 65535, not ${nativePort}`);
  const taken = nativePort === 0 ? [] : await unbindableAddresses(Array.from({ length: nodes }, (_, i) => `127.0.0.${i + 1}`), nativePort);
  if (taken.length > 0) throw new Error(`cannot serve CQL on ${taken.join(', ')}: is another Cassandra or Sibyl running? Stop it, or pick another port with --port.`);
  const configuredToken = options.dashboard?.token ?? null;
  const dashboardToken = configuredToken === null ? newDashboardToken() : checkConfiguredToken(configuredToken);
  const rf = Math.min(3, nodes);
  log(`Sibyl: starting a cluster of ${nodes} node${nodes === 1 ? '' : 's'} in this process (127.0.0.1${nodes > 1 ? ` to 127.0.0.${nodes}` : ''}), data in ${options.dataDir}`);
  if (options.datacenters !== undefined) log(`datacenters: ${describeLayout(layout)}`);
  const auth = options.auth === true ? ({ authenticator: 'PasswordAuthenticator', authorizer: 'CassandraAuthorizer' } as const) : undefined;
  const db = await Database.open({
    dataDir: options.dataDir,
    ...(options.datacenters === undefined ? { nodes } : { datacenters: options.datacenters }),
    cluster: { adminPort, nativePort },
    ...(auth === undefined ? {} : { auth }),
  });
  const cluster = db.cluster!;
  const unserved = nativePort === 0 ? [] : cluster.hosts().filter((host) => cluster.nativeAddress(host) === null);
  if (unserved.length > 0) {
    await db.close();
    throw new Error(
      `no CQL server on ${unserved.map((host) => `${host}:${nativePort}`).join(', ')} (see above): is another Cassandra or Sibyl running? ` +
        'Stop it, or start on another port with --port.',
    );
  }
  const replication =
    options.datacenters === undefined
      ? `'class': 'SimpleStrategy', 'replication_factor': ${rf}`
      : `'class': 'NetworkTopologyStrategy', ${layout.map((dc) => `'${dc.name}': ${Math.min(3, dc.nodes)}`).join(', ')}`;
  await db.execute(`CREATE KEYSPACE IF NOT EXISTS demo WITH replication = {${replication}}`);
  await db.execute('CREATE TABLE IF NOT EXISTS demo.events (id int PRIMARY KEY, kind text, payload text)');
  log(`keyspace demo (${options.datacenters === undefined ? `SimpleStrategy, RF ${rf}` : `NetworkTopologyStrategy, ${describeReplicas(layout)}`}); writing ${rows.toLocaleString('en-US')} rows at QUORUM through 127.0.0.1...`);
  const bar = new ProgressBar('write', rows, 'rows');
  for (let from = 0; from < rows; from += DEMO_CHUNK_ROWS) {
    const chunk = Array.from({ length: Math.min(DEMO_CHUNK_ROWS, rows - from) }, (_, i) => ({ id: from + i, kind: `k${(from + i) % 7}`, payload: `event ${from + i}` }));
    await db.insertRows('demo', 'events', chunk, { consistency: 'QUORUM' });
    bar.update(from + chunk.length);
  }
  if (rows > 0) {
    const other = db.onNode(nodes - 1);
    const row = (await other.execute('SELECT payload FROM demo.events WHERE id = ?', [rows - 1], { consistency: 'QUORUM' })).first();
    log(`read back id ${rows - 1} at QUORUM through 127.0.0.${nodes}: ${row === null ? 'MISSING' : String(row['payload'])}`);
  }
  log('');
  for (const line of cqlHelp(cluster.hosts().flatMap((host) => cluster.nativeAddress(host) ?? []), nativePort, auth !== undefined, layout[0]!.name)) log(line);
  log('');
  for (const line of nodetoolHelp(cluster.hosts().map((host) => ({ host, admin: cluster.adminAddress(host) })), adminPort)) log(line);
  const dashboard = await startDashboard(options.dashboard ?? null, dashboardToken, db, layout, adminPort, log);
  await untilInterrupted();
  await dashboard?.close();
  log('stopping the cluster (flushing every node)...');
  await db.close();
  return 0;
}

/** The dashboard beside the cluster, its URL and token printed; null when off or its port is taken (said why). */
async function startDashboard(
  settings: DashboardSettings | null,
  token: string,
  db: Database,
  layout: readonly DatacenterLayout[],
  adminPort: number,
  log: (line: string) => void,
): Promise<Dashboard | null> {
  if (settings === null) return null;
  const cluster = db.cluster!;
  if (adminPort === 0) {
    log('No dashboard: it reads the nodes through their admin servers, and --admin-port 0 turned them off.');
    return null;
  }
  let dashboard: Dashboard;
  try {
    dashboard = await Dashboard.start({
      host: settings.host,
      port: settings.port,
      token,
      hosts: cluster.hosts(),
      adminPort,
      load: new DatabaseLoadTarget(db, cluster, layout, layout[0]!.name),
      log,
    });
  } catch (error) {
    log(`No dashboard: cannot serve it on ${settings.host}:${settings.port} (${error instanceof Error ? error.message : String(error)}); pick another port with --dashboard-port.`);
    return null;
  }
  log('');
  log(`Dashboard: ${dashboard.url}#token=${token}`);
  log(`  actions (flush, stop a node, cut a datacenter off...) need the token ${token}; every action is logged here.`);
  if (!isLoopback(settings.host)) log(`  It listens on ${settings.host}, not only on loopback: anyone who can reach it can watch the cluster.`);
  return dashboard;
}

function describeLayout(layout: readonly DatacenterLayout[]): string {
  let next = 1;
  return layout
    .map((dc) => {
      const first = next;
      next += dc.nodes;
      return `${dc.name} (127.0.0.${first}${dc.nodes > 1 ? `-${next - 1}` : ''}${dc.racks === undefined ? '' : `, ${dc.racks} racks`})`;
    })
    .join(', ');
}

function describeReplicas(layout: readonly DatacenterLayout[]): string {
  return layout.map((dc) => `${dc.name} RF ${Math.min(3, dc.nodes)}`).join(', ');
}

function cqlHelp(servers: ReadonlyArray<{ host: string; port: number }>, nativePort: number, auth: boolean, localDataCenter: string): string[] {
  if (servers.length === 0) return ['No CQL server (--port 0).'];
  const port = nativePort === 9042 ? '' : `, protocolOptions: { port: ${nativePort} }`;
  const login = auth ? ", authProvider: new cassandra.auth.PlainTextAuthProvider('cassandra', 'cassandra')" : '';
  return [
    `CQL (native protocol v4) on ${servers.map((s) => `${s.host}:${s.port}`).join(', ')}. From Node.js (npm i cassandra-driver):`,
    "  const cassandra = require('cassandra-driver');",
    `  const client = new cassandra.Client({ contactPoints: ['${servers[0]!.host}'], localDataCenter: '${localDataCenter}', keyspace: 'demo'${port}${login} });`,
    "  const rs = await client.execute('SELECT * FROM events WHERE id = ?', [42], { prepare: true });",
    ...(auth
      ? [
          'Clients log in (PasswordAuthenticator) and statements are checked (CassandraAuthorizer). The superuser',
          "is cassandra/cassandra: change its password (ALTER ROLE cassandra WITH PASSWORD = '...') or create",
          "your own (CREATE ROLE admin WITH PASSWORD = '...' AND LOGIN = true AND SUPERUSER = true).",
        ]
      : []),
  ];
}

function nodetoolHelp(nodes: ReadonlyArray<{ host: string; admin: { host: string; port: number } | null }>, adminPort: number): string[] {
  const reachable = nodes.filter((n) => n.admin !== null);
  if (reachable.length === 0) return ['The cluster is up, without admin servers (--admin-port 0 or the port is taken): the node tool cannot reach it.', 'Ctrl-C stops it.'];
  const last = reachable.at(-1)!.host;
  const port = adminPort === 7199 ? '' : ` -p ${adminPort}`;
  const tool = `npx sibyl nodetool${port}`;
  const commands = textTable([
    [`${tool} status`, 'every node: Up/Down, load, tokens, ownership'],
    [`${tool} -h ${last} info`, "one node's facts (also ring, tablestats, tpstats)"],
    [`${tool} -h ${last} stopdaemon`, 'stop that node; the others keep serving QUORUM'],
    [`${tool} startnode ${last}`, 'start it again (it replays its commit log)'],
    [`${tool} cut 127.0.0.1 ${last}`, 'drop every message between two nodes (heal restores)'],
    [`${tool} help`, 'every command'],
    [`curl http://127.0.0.1:${adminPort}/metrics`, 'Prometheus metrics of node 127.0.0.1'],
  ]);
  return [
    `The cluster is up. Each node has an admin server on <its address>:${adminPort}: ${reachable.map((n) => n.host).join(', ')}.`,
    'In another terminal:',
    ...commands.map((line) => `  ${line}`),
    'Ctrl-C stops the cluster.',
  ];
}

/** Resolves on Ctrl-C or SIGTERM; the interval keeps the process up when no server does. */
function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const keepAlive = setInterval(() => undefined, 60_000);
    const stop = (): void => {
      clearInterval(keepAlive);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
