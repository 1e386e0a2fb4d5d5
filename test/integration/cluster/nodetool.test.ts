/**
 * The node tool against a running 3-node cluster, as an operator uses it: the real CLI
 * (dist/src/cli/main.js, so `npm run build` first) in a child process reaching this process's
 * nodes through their admin servers, and /metrics scraped over HTTP. Status from any node,
 * metrics that move with the writes, one node stopped by `stopdaemon` while the others serve
 * QUORUM and brought back by `startnode`, a node cut off and healed, cleanup dropping what a node no longer replicates.
 */

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/database.js';

const CLI = path.resolve('dist/src/cli/main.js');
const FAST = { gossipIntervalMs: 100, timeouts: { writeMs: 600, readMs: 600, rangeMs: 1500 }, seed: 11 };

let dir: string;
let db: Database;
let port: number;

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `sibyl nodetool -h host -p port ...args` in a child process. */
function nodetool(host: string, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'nodetool', '-h', host, '-p', String(port), ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface StatusLine {
  state: string;
  address: string;
  load: string;
  tokens: number;
  owns: string;
  hostId: string;
  rack: string;
}

function statusLines(stdout: string): StatusLine[] {
  return stdout.split('\n').flatMap((line) => {
    const m = /^([UD][NLJM])\s+(\S+)\s+(\S+ \S+|\?)\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)$/.exec(line);
    return m === null ? [] : [{ state: m[1]!, address: m[2]!, load: m[3]!, tokens: Number(m[4]), owns: m[5]!, hostId: m[6]!, rack: m[7]! }];
  });
}

async function statusOf(host: string): Promise<Map<string, string>> {
  const run = await nodetool(host, 'status');
  return new Map(statusLines(run.stdout).map((l) => [l.address, l.state]));
}

function scrape(host: string): Promise<{ contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host, port, path: '/metrics' }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ contentType: String(response.headers['content-type']), body }));
      })
      .on('error', reject);
  });
}

/** The value of the sample with exactly this name and these label pairs (in order), or 0 if absent. */
function sample(body: string, name: string, labels: string): number {
  const line = body.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** A port free on 127.0.0.1, .2 and .3 alike (each node's admin server binds its own address). */
async function freeAdminPort(): Promise<number> {
  const listen = (host: string, p: number): Promise<net.Server | null> =>
    new Promise((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(null));
      server.listen(p, host, () => resolve(server));
    });
  for (let attempt = 0; attempt < 20; attempt++) {
    const first = await listen('127.0.0.1', 0);
    if (first === null) continue;
    const candidate = (first.address() as net.AddressInfo).port;
    const others = [await listen('127.0.0.2', candidate), await listen('127.0.0.3', candidate)];
    for (const s of [first, ...others]) s?.close();
    if (others.every((s) => s !== null)) return candidate;
  }
  throw new Error('no admin port free on 127.0.0.1-3');
}

beforeAll(async () => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npx tsc -p tsconfig.build.json first`);
  port = await freeAdminPort();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-nodetool-'));
  db = await Database.open({ dataDir: dir, nodes: 3, cluster: { ...FAST, adminPort: port } });
  await db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
  await db.execute('CREATE TABLE ks.kv (k int PRIMARY KEY, v text)');
}, 60_000);

afterAll(async () => {
  await db?.close();
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

describe('sibyl nodetool on a 3-node cluster', () => {
  it('shows every node Up and Normal from any node, owning 300% together at RF 3', async () => {
    const run = await nodetool('127.0.0.2', 'status');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Datacenter: datacenter1\n=======================\nStatus=Up/Down\n|/ State=Normal/Leaving/Joining/Moving\n');
    expect(run.stdout).toMatch(/^--\s+Address\s+Load\s+Tokens\s+Owns \(effective\)\s+Host ID\s+Rack$/m);
    const lines = statusLines(run.stdout);
    expect(lines.map((l) => [l.state, l.address, l.tokens, l.rack])).toEqual([
      ['UN', '127.0.0.1', 16, 'rack1'],
      ['UN', '127.0.0.2', 16, 'rack1'],
      ['UN', '127.0.0.3', 16, 'rack1'],
    ]);
    const owns = lines.reduce((sum, l) => sum + Number(l.owns.replace('%', '')), 0);
    expect(owns).toBeGreaterThan(299);
    expect(owns).toBeLessThan(301);
    expect(lines.map((l) => l.hostId)).toEqual(db.cluster!.runningNodes().map((n) => n.self.hostId));
  });

  it('serves metrics in the Prometheus text format, whose write counts and latencies follow the writes', async () => {
    const before = await scrape('127.0.0.1');
    expect(before.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const labels = 'node="127.0.0.1",operation="write",consistency="QUORUM"';
    const writesBefore = sample(before.body, 'sibyl_client_requests_total', labels);
    for (let k = 0; k < 20; k++) await db.execute('INSERT INTO ks.kv (k, v) VALUES (?, ?)', [k, `v${k}`], { prepare: true, consistency: 'QUORUM' });
    const after = (await scrape('127.0.0.1')).body;
    expect(sample(after, 'sibyl_client_requests_total', labels) - writesBefore).toBe(20);
    expect(sample(after, 'sibyl_client_request_latency_seconds_count', labels)).toBe(sample(after, 'sibyl_client_requests_total', labels));
    expect(sample(after, 'sibyl_client_request_latency_seconds_bucket', `${labels},le="+Inf"`)).toBe(sample(after, 'sibyl_client_requests_total', labels));
    for (const q of ['0.5', '0.95', '0.99', '0.999']) {
      const seconds = sample(after, 'sibyl_client_request_latency_quantile_seconds', `${labels},quantile="${q}"`);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThan(5);
    }
    expect(sample(after, 'sibyl_table_coordinator_requests_total', 'node="127.0.0.1",keyspace="ks",table="kv",operation="write"')).toBeGreaterThanOrEqual(20);
    expect(sample(after, 'sibyl_messages_sent_total', 'node="127.0.0.1",verb="mutation"')).toBeGreaterThanOrEqual(40);
    expect(sample(after, 'sibyl_gossip_live_endpoints', 'node="127.0.0.1"')).toBe(3);
    expect(after).toMatch(/^sibyl_actor_mailbox_depth\{node="127\.0\.0\.1",kind="vnode"\} \d+$/m);
    expect(after).toMatch(/^sibyl_compaction_pending_tasks\{node="127\.0\.0\.1"\} \d+$/m);
    expect(after).toMatch(/^sibyl_event_loop_delay_seconds\{quantile="0\.99"\} /m);
    // Each node reports its own coordinator work: 127.0.0.2 coordinated none of these writes.
    expect(sample((await scrape('127.0.0.2')).body, 'sibyl_client_requests_total', 'node="127.0.0.2",operation="write",consistency="QUORUM"')).toBe(0);
  });

  it('answers info, ring, describering, tablestats and tpstats as Cassandra prints them', async () => {
    const [info, ring, describe, tables, pools] = await Promise.all([
      nodetool('127.0.0.2', 'info'),
      nodetool('127.0.0.1', 'ring', 'ks'),
      nodetool('127.0.0.1', 'describering', 'ks'),
      nodetool('127.0.0.1', 'tablestats', 'ks.kv'),
      nodetool('127.0.0.1', 'tpstats'),
    ]);
    expect(info.stdout).toContain(`ID                     : ${db.cluster!.node('127.0.0.2').self.hostId}\n`);
    expect(info.stdout).toContain('Gossip active          : true\n');
    expect(info.stdout).toContain('Token                  : (invoke with -T/--tokens to see all 16 tokens)');
    expect(ring.stdout.split('\n').filter((l) => /^127\.0\.0\.\d\s+rack1\s+Up\s+Normal\s+/.test(l))).toHaveLength(48);
    const ranges = describe.stdout.split('\n').filter((l) => l.startsWith('\tTokenRange('));
    expect(ranges).toHaveLength(48);
    for (const range of ranges) expect(range).toMatch(/endpoints:\[127\.0\.0\.\d, 127\.0\.0\.\d, 127\.0\.0\.\d\]/);
    expect(tables.stdout).toContain('Keyspace : ks\n');
    expect(tables.stdout).toContain('\t\tTable: kv\n');
    expect(Number(/Coordinator write count: (\d+)/.exec(tables.stdout)?.[1])).toBeGreaterThanOrEqual(20);
    expect(pools.stdout).toMatch(/^Actor Kind\s+Actors\s+Pending\s+Completed\s+Failed$/m);
    expect(pools.stdout).toMatch(/^vnode\s+16\s+\d+\s+\d+\s+0$/m);
    expect(pools.stdout).toMatch(/^mutation\s+\d+\s+\d+\s+0$/m);
  });

  it('flushes, snapshots and clears snapshots on the node it names', async () => {
    expect((await nodetool('127.0.0.2', 'flush')).code).toBe(0);
    const status = statusLines((await nodetool('127.0.0.2', 'status')).stdout);
    expect(status.find((l) => l.address === '127.0.0.2')!.load).toMatch(/KiB|MiB/);
    expect((await nodetool('127.0.0.2', 'snapshot', '-t', 'before')).stdout).toContain('Snapshot directory: before');
    expect((await nodetool('127.0.0.2', 'listsnapshots')).stdout).toContain('  before');
    expect(db.cluster!.node('127.0.0.2').engine.listSnapshots()).toEqual(['before']);
    const refused = await nodetool('127.0.0.2', 'clearsnapshot');
    expect(refused).toMatchObject({ code: 1, stderr: 'error: Specify snapshot name or --all\n' });
    expect((await nodetool('127.0.0.2', 'clearsnapshot', '-t', 'before')).code).toBe(0);
    expect(db.cluster!.node('127.0.0.2').engine.listSnapshots()).toEqual([]);
  });

  it('routes commands other services register, and says which are not available yet', async () => {
    db.cluster!.node('127.0.0.2').admin.registerCommand('hello', async (args, context) => ({ message: `hello from ${context.node.host}: ${args.join(' ')}` }));
    expect(await nodetool('127.0.0.2', 'hello', 'a', 'b')).toMatchObject({ code: 0, stdout: 'hello from 127.0.0.2: a b\n' });
    const move = await nodetool('127.0.0.1', 'move');
    expect(move.code).toBe(1);
    expect(move.stderr).toContain('move is not available yet');
    const unknown = await nodetool('127.0.0.1', 'frobnicate');
    expect(unknown).toMatchObject({ code: 1, stderr: "nodetool: frobnicate is not a node tool command\nSee 'nodetool help' or 'nodetool help <command>'.\n" });
  });

  it('cleanup drops nothing at RF 3 of 3, and the other nodes\' partitions once RF drops to 1', async () => {
    expect(await nodetool('127.0.0.1', 'cleanup', 'ks')).toMatchObject({ code: 0, stdout: expect.stringContaining('Nothing to clean') });
    await db.execute("CREATE KEYSPACE shrink WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
    await db.execute('CREATE TABLE shrink.t (k int PRIMARY KEY)');
    for (let k = 0; k < 30; k++) await db.execute('INSERT INTO shrink.t (k) VALUES (?)', [k], { prepare: true, consistency: 'ALL' });
    await db.execute("ALTER KEYSPACE shrink WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    await db.cluster!.awaitConvergence();
    const run = await nodetool('127.0.0.1', 'cleanup', 'shrink');
    expect(run.code).toBe(0);
    const dropped = Number(/shrink\.t: (\d+) partitions dropped/.exec(run.stdout)?.[1]);
    // 127.0.0.1 keeps about a third of the 30 partitions at RF 1; the rest belong to the others.
    expect(dropped).toBeGreaterThan(5);
    expect(dropped).toBeLessThan(30);
    const kept = await db.onNode(0).execute('SELECT k FROM shrink.t', [], { consistency: 'ALL' });
    expect(kept.rows).toHaveLength(30);
  });

  it('stops one node with stopdaemon while the others serve QUORUM, and starts it again with startnode', async () => {
    expect(await nodetool('127.0.0.3', 'stopdaemon')).toMatchObject({ code: 0 });
    await eventually(async () => !db.cluster!.isRunning('127.0.0.3'));
    const refused = await nodetool('127.0.0.3', 'status');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`nodetool: Failed to connect to '127.0.0.3:${port}' - ConnectException: 'Connection refused'.\n`);
    await eventually(async () => (await statusOf('127.0.0.1')).get('127.0.0.3') === 'DN');
    await db.execute("INSERT INTO ks.kv (k, v) VALUES (500, 'while 3 is down')", [], { consistency: 'QUORUM' });
    expect((await db.onNode('127.0.0.2').execute('SELECT v FROM ks.kv WHERE k = 500', [], { consistency: 'QUORUM' })).first()!['v']).toBe('while 3 is down');

    // Started while its stop may still be flushing: the cluster waits for the data directory.
    expect(await nodetool('127.0.0.1', 'startnode', '127.0.0.3')).toMatchObject({ code: 0, stdout: '127.0.0.3 started\n' });
    // Its admin server is back with it, and it sees everyone up.
    await eventually(async () => [...(await statusOf('127.0.0.3')).values()].join() === 'UN,UN,UN');
    await eventually(async () => (await statusOf('127.0.0.1')).get('127.0.0.3') === 'UN');
  }, 60_000);

  it('cuts a node off the network and heals it', async () => {
    expect((await nodetool('127.0.0.1', 'cut', '127.0.0.1', '127.0.0.3')).stdout).toBe('cut 127.0.0.1 <-> 127.0.0.3\n');
    expect((await nodetool('127.0.0.1', 'cut', '127.0.0.2', '127.0.0.3')).code).toBe(0);
    await eventually(async () => (await statusOf('127.0.0.1')).get('127.0.0.3') === 'DN');
    await eventually(async () => {
      const seen = await statusOf('127.0.0.3');
      return seen.get('127.0.0.1') === 'DN' && seen.get('127.0.0.2') === 'DN';
    });
    await db.execute("INSERT INTO ks.kv (k, v) VALUES (600, 'while 3 is cut off')", [], { consistency: 'QUORUM' });
    expect((await nodetool('127.0.0.2', 'heal')).stdout).toBe('healed 2 links\n');
    await eventually(async () => [...(await statusOf('127.0.0.1')).values()].join() === 'UN,UN,UN');
    await eventually(async () => [...(await statusOf('127.0.0.3')).values()].join() === 'UN,UN,UN');
  }, 60_000);
});
