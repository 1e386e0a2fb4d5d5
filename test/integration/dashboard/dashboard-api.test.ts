/**
 * The dashboard's HTTP API against a real 3-node cluster in this process, without a browser:
 * the page and uPlot are served; actions are refused without the token (and logged) and run
 * with it; the event stream delivers one sample a second with every node's numbers, which
 * follow the built-in load; a flush shows as SSTables in the tables view and a DELETE as
 * tombstones; a node stopped and started through the dashboard is seen down and up again.
 * Ports: the dashboard on 19490, the nodes' admin servers on 19491; no CQL servers.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/database.js';
import { Dashboard } from '../../../src/dashboard/dashboard.js';
import { DatabaseLoadTarget } from '../../../src/dashboard/database-load-target.js';
import { awaitEvent, getJson, postAction, statusWithHost, type StreamEvent } from './dashboard-client.js';

const DASHBOARD_PORT = 19490;
const ADMIN_PORT = 19491;
const TOKEN = 'test-token-api-0123';
const HOSTS = ['127.0.0.1', '127.0.0.2', '127.0.0.3'];

interface NodeView {
  address: string;
  up: boolean;
}
interface StateData {
  topology: { datacenters: Array<{ name: string; nodes: NodeView[] }> } | null;
  tables: Array<{ keyspace: string; table: string; sstables: number; tombstones: number; partitions: number }>;
  actions: Array<{ action: string; outcome: string; message: string }>;
}
interface SampleData {
  nodes: Record<string, { writesPerSecond: number; readsPerSecond: number; memtableBytes: number; mailboxDepth: Record<string, number> } | null>;
  load: { writesOkPerSecond: number } | null;
}

let dir: string;
let db: Database;
let dashboard: Dashboard;
const logLines: string[] = [];
const base = `http://127.0.0.1:${DASHBOARD_PORT}/`;
const nodesOf = (state: StateData): NodeView[] => state.topology?.datacenters.flatMap((dc) => dc.nodes) ?? [];
const isState = (event: StreamEvent): event is { event: 'state'; data: StateData } => event.event === 'state';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-dashboard-api-'));
  db = await Database.open({
    dataDir: dir,
    nodes: 3,
    threads: 1,
    storage: { memtableBytesPerThread: 16 * 1024 * 1024, preTouchMemory: false },
    cluster: { adminPort: ADMIN_PORT, nativePort: 0, gossipIntervalMs: 200, seed: 7 },
  });
  const cluster = db.cluster!;
  dashboard = await Dashboard.start({
    host: '127.0.0.1',
    port: DASHBOARD_PORT,
    token: TOKEN,
    hosts: cluster.hosts(),
    adminPort: ADMIN_PORT,
    load: new DatabaseLoadTarget(db, cluster, [{ name: 'datacenter1', nodes: 3 }], 'datacenter1'),
    log: (line) => logLines.push(line),
  });
}, 120_000);

afterAll(async () => {
  await dashboard?.close();
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the dashboard API', () => {
  it('serves the page, its script and uPlot', async () => {
    for (const file of ['', 'app.js', 'style.css', 'vendor/uPlot.esm.js', 'vendor/uPlot.min.css']) {
      const response = await fetch(new URL(file, base));
      expect(response.status, file).toBe(200);
      await response.arrayBuffer();
    }
    expect((await fetch(new URL('../package.json', base))).status).toBe(404);
    // A request naming another host (DNS rebinding) is refused.
    expect(await statusWithHost(base, 'evil.example:19490')).toBe(421);
    expect(await statusWithHost(base, 'localhost:19490')).toBe(200);
  });

  it('refuses actions without the right token, and logs each refusal', async () => {
    const none = await postAction(base, 'flush', { node: '127.0.0.1' }, null);
    expect(none.status).toBe(403);
    const wrong = await postAction(base, 'flush', { node: '127.0.0.1' }, 'not-the-token-at-all');
    expect(wrong.status).toBe(403);
    expect(logLines.filter((line) => / refused flush from /.test(line))).toHaveLength(2);
    const state = (await getJson(new URL('api/cluster', base).toString())).body['state'] as StateData;
    expect(state.actions.filter((a) => a.outcome === 'refused').map((a) => a.message)).toEqual(['no token', 'wrong token']);
  });

  it('refuses a malformed action with the token (400), and one on an unknown node (409)', async () => {
    expect((await postAction(base, 'flush', { node: 'not an address' }, TOKEN)).status).toBe(400);
    expect((await postAction(base, 'explode', {}, TOKEN)).status).toBe(400);
    await awaitEvent(base, (e) => isState(e) && nodesOf(e.data).length === 3, 20_000);
    expect((await postAction(base, 'flush', { node: '127.0.0.9' }, TOKEN)).status).toBe(409);
  });

  it('streams a sample a second with every node, whose rates follow the built-in load', async () => {
    const first = await awaitEvent(base, (e) => e.event === 'history', 10_000);
    expect(Array.isArray(first.data)).toBe(true);
    const started = await postAction(base, 'load', { writesPerSecond: 100, readsPerSecond: 50 }, TOKEN);
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const loaded = await awaitEvent(
      base,
      (e) => {
        if (e.event !== 'sample') return false;
        const nodes = (e.data as SampleData).nodes;
        const writes = HOSTS.reduce((n, host) => n + (nodes[host]?.writesPerSecond ?? 0), 0);
        // Writes the executor coalesced count one each (a coalesced write once counted as one): near the 100/s asked.
        return HOSTS.every((host) => nodes[host] !== null && nodes[host] !== undefined) && writes >= 60;
      },
      40_000,
    );
    const sample = loaded.data as SampleData;
    for (const host of HOSTS) {
      expect(sample.nodes[host]!.memtableBytes, host).toBeGreaterThan(0);
      expect(Object.keys(sample.nodes[host]!.mailboxDepth), host).toContain('vnode');
    }
    expect(sample.load?.writesOkPerSecond).toBeGreaterThan(0);
    expect((await postAction(base, 'load', { writesPerSecond: 0, readsPerSecond: 0 }, TOKEN)).status).toBe(200);
  }, 60_000);

  it('flushes a node: its SSTables, partitions and a deletion tombstone show in the tables view', async () => {
    await db.execute('DELETE FROM keyspace1.standard1 WHERE key = ?', [Buffer.from('0000000001', 'latin1')], { consistency: 'ALL' });
    for (const host of HOSTS) {
      const flushed = await postAction(base, 'flush', { node: host }, TOKEN);
      expect(flushed.status, JSON.stringify(flushed.body)).toBe(200);
    }
    const event = await awaitEvent(
      base,
      (e) => isState(e) && e.data.tables.some((t) => t.keyspace === 'keyspace1' && t.sstables >= 3 && t.tombstones >= 3),
      20_000,
    );
    const table = (event.data as StateData).tables.find((t) => t.keyspace === 'keyspace1' && t.table === 'standard1')!;
    expect(table.partitions).toBeGreaterThan(0);
    expect(logLines.some((line) => / ok flush 127\.0\.0\.1 from /.test(line))).toBe(true);
  }, 40_000);

  it('compacts, snapshots and repairs a node, each answered with the node tool message and logged', async () => {
    for (const kind of ['compact', 'snapshot', 'repair']) {
      const reply = await postAction(base, kind, { node: '127.0.0.2' }, TOKEN);
      expect(reply.status, `${kind}: ${JSON.stringify(reply.body)}`).toBe(200);
      expect(typeof reply.body['message']).toBe('string');
      expect(logLines.some((line) => line.includes(` ok ${kind} 127.0.0.2 from `)), kind).toBe(true);
    }
    expect(logLines.find((line) => line.includes(' ok snapshot '))).toMatch(/snapshot name \[dashboard-\d+\]/);
  }, 60_000);

  it('stops a node and starts it again, each seen in the ring', async () => {
    const stopped = await postAction(base, 'stopnode', { node: '127.0.0.3' }, TOKEN);
    expect(stopped.status, JSON.stringify(stopped.body)).toBe(200);
    await awaitEvent(base, (e) => isState(e) && nodesOf(e.data).find((n) => n.address === '127.0.0.3')?.up === false, 30_000);
    // A stopped node cannot be flushed: refused, not failed.
    expect((await postAction(base, 'flush', { node: '127.0.0.3' }, TOKEN)).status).toBe(409);
    const restarted = await postAction(base, 'startnode', { node: '127.0.0.3' }, TOKEN);
    expect(restarted.status, JSON.stringify(restarted.body)).toBe(200);
    await awaitEvent(base, (e) => isState(e) && nodesOf(e.data).length === 3 && nodesOf(e.data).every((n) => n.up), 30_000);
  }, 90_000);
});
