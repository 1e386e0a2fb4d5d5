/**
 * Two datacenters in one process, and what LOCAL_QUORUM buys when the link between them
 * breaks. dc1 (127.0.0.1-3) and dc2 (127.0.0.4-6), a keyspace replicated three times in each
 * (NetworkTopologyStrategy {'dc1': 3, 'dc2': 3}), an application in dc1 writing orders at
 * LOCAL_QUORUM without pause through the real DataStax driver (localDataCenter 'dc1').
 *
 *   1. The network between every dc1 node and every dc2 node is cut.
 *   2. LOCAL_QUORUM writes go on without an error: two of dc1's three replicas answer.
 *      EACH_QUORUM (a quorum in every datacenter) and QUORUM (4 of all 6 replicas) cannot be
 *      met: a write timeout before dc1 has convicted dc2's nodes, Unavailable after.
 *      dc2, read on its own side, lacks the orders written since the cut.
 *   3. dc1's coordinators keep hints for dc2, but only while it has been down less than
 *      max_hint_window (3 h in Cassandra, 1 s here so the outage outlasts it): orders written
 *      later get no hint.
 *   4. The network heals. The hints are delivered: dc2 now has all but the unhinted orders. A
 *      repair compares every replica's Merkle trees and streams the rest. Each dc2 node, read
 *      alone at LOCAL_ONE through a client whose localDataCenter is dc2, then holds every order
 *      the application was told was written.
 *
 * Checks its own results and exits non-zero if any is wrong.
 *
 *   npm run build && node dist/examples/multi-datacenter/main.js
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cassandra from 'cassandra-driver';
import { Database } from '../../src/index.js';

const PORT = 19466;
const { localQuorum, localOne, eachQuorum, quorum } = cassandra.types.consistencies;
const DC1 = ['127.0.0.1', '127.0.0.2', '127.0.0.3'];
const DC2 = ['127.0.0.4', '127.0.0.5', '127.0.0.6'];
/** Orders written at once by the application, and its pause between two (a steady stream, not a flood, on a small machine). */
const WRITERS = 2;
const WRITER_PAUSE_MS = 20;
const CUT_WRITES_MIN = 100;
const MAX_HINT_WINDOW_MS = 1000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const until = async (what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> => {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > timeoutMs) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
};
const errorOf = (promise: Promise<unknown>): Promise<{ code: number; message: string; required?: number; alive?: number } | null> =>
  promise.then(
    () => null,
    (error: unknown) => error as { code: number; message: string },
  );
const amountOf = (order: number): number => (order * 37) % 1000;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-example-multi-dc-'));
const db = await Database.open({
  dataDir,
  datacenters: [
    { name: 'dc1', nodes: 3 },
    { name: 'dc2', nodes: 3 },
  ],
  // Six nodes share two cores here: small memtables, and gossip every 200 ms so a cut is noticed in seconds.
  storage: { memtableBytesPerThread: 16 * 1024 * 1024, preTouchMemory: false },
  cluster: { nativePort: PORT, adminPort: 0, gossipIntervalMs: 200, hints: { maxHintWindowMs: MAX_HINT_WINDOW_MS, dispatchIntervalMs: 500 } },
});
const cluster = db.cluster!;
const app = new cassandra.Client({ contactPoints: [DC1[0]!], localDataCenter: 'dc1', protocolOptions: { port: PORT } });
const dc2Reader = new cassandra.Client({ contactPoints: [DC2[0]!], localDataCenter: 'dc2', protocolOptions: { port: PORT } });
let writing = false;
let writer: Promise<void> = Promise.resolve();
try {
  await app.connect();
  await dc2Reader.connect();
  // The driver learned each node's datacenter from system.local and system.peers.
  const datacenterOf = (address: string): string => app.hosts.get(`${address}:${PORT}`).datacenter;
  assert.deepEqual([...DC1, ...DC2].map(datacenterOf), ['dc1', 'dc1', 'dc1', 'dc2', 'dc2', 'dc2']);
  // Its default policy (DC-aware, token-aware) keeps the application's connections in dc1.
  const connected = (client: cassandra.Client): string[] => client.getState().getConnectedHosts().map((host) => host.address.split(':')[0]!).sort();
  assert.deepEqual(connected(app), DC1);
  assert.deepEqual(connected(dc2Reader), DC2);
  console.log('6 nodes up: dc1 = 127.0.0.1-3, dc2 = 127.0.0.4-6; the application connects to dc1 only');

  await app.execute("CREATE KEYSPACE shop WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 3}");
  await app.execute('CREATE TABLE shop.orders (order_id int PRIMARY KEY, amount int, placed_at timestamp)');
  const insert = 'INSERT INTO shop.orders (order_id, amount, placed_at) VALUES (?, ?, ?)';

  // The application: orders at LOCAL_QUORUM, one after another, until told to stop.
  const acknowledged: number[] = [];
  const failures: string[] = [];
  let nextOrder = 0;
  writing = true;
  const writeOrders = async (): Promise<void> => {
    while (writing) {
      const order = nextOrder++;
      try {
        await app.execute(insert, [order, amountOf(order), new Date()], { prepare: true, consistency: localQuorum });
        acknowledged.push(order);
      } catch (error) {
        failures.push(`order ${order}: ${(error as Error).message}`);
      }
      await sleep(WRITER_PAUSE_MS);
    }
  };
  writer = Promise.all(Array.from({ length: WRITERS }, writeOrders)).then(() => undefined);
  await until('the first orders are written', () => acknowledged.length >= 50);
  console.log(`the application writes orders at LOCAL_QUORUM from dc1 (${acknowledged.length} so far)`);

  // 1. Cut dc2 off.
  cluster.partition(DC1, DC2);
  const atCut = acknowledged.length;
  assert.equal(cluster.cutLinks().length, DC1.length * DC2.length);
  console.log(`cut: every link between dc1 and dc2 is down (${cluster.cutLinks().length} links)`);

  // 2. Writes that need dc2 cannot succeed. Before dc1 has convicted dc2's nodes the coordinator
  //    sends and waits in vain (WriteTimeout); once they are known down it refuses at once (Unavailable).
  const early = await errorOf(app.execute(insert, [-1, 0, new Date()], { prepare: true, consistency: eachQuorum }));
  assert.ok(early !== null, 'an EACH_QUORUM write must fail while dc2 is cut off');
  assert.ok(early.code === 0x1100 || early.code === 0x1000, `EACH_QUORUM fails with WriteTimeout or Unavailable, not ${early.code}: ${early.message}`);
  console.log(`  EACH_QUORUM write right after the cut: ${early.code === 0x1100 ? 'WriteTimeout' : 'Unavailable'} (${early.message})`);

  const dc2Down = (): boolean => DC1.every((host) => cluster.node(host).livePeers().every((peer) => !DC2.some((other) => peer.startsWith(`${other}:`))));
  await until("dc1's nodes see every dc2 node down", dc2Down);
  const convictedAtMs = Date.now();
  console.log("  dc1's failure detectors have convicted dc2's nodes");
  const each = await errorOf(app.execute(insert, [-2, 0, new Date()], { prepare: true, consistency: eachQuorum }));
  assert.ok(each !== null, 'EACH_QUORUM must be refused while dc2 is down');
  assert.deepEqual({ code: each.code, required: each.required, alive: each.alive }, { code: 0x1000, required: 2, alive: 0 });
  console.log(`  EACH_QUORUM write: Unavailable (${each.message})`);
  const global = await errorOf(app.execute(insert, [-3, 0, new Date()], { prepare: true, consistency: quorum }));
  assert.ok(global !== null, 'QUORUM over both datacenters must be refused while dc2 is down');
  assert.deepEqual({ code: global.code, required: global.required, alive: global.alive }, { code: 0x1000, required: 4, alive: 3 });
  console.log(`  QUORUM write: Unavailable (${global.message})`);

  const latest = acknowledged.at(-1)!;
  const local = await app.execute('SELECT amount FROM shop.orders WHERE order_id = ?', [latest], { prepare: true, consistency: localQuorum });
  assert.equal(local.first()['amount'], amountOf(latest));
  console.log("  LOCAL_QUORUM goes on: dc1's replicas answer the application's writes and reads");

  // 3. Past max_hint_window, dc2's missed writes are no longer hinted.
  const hints = () => cluster.runningNodes().map((node) => node.hints.metrics());
  const sum = (of: (metrics: ReturnType<typeof hints>[number]) => number): number => hints().reduce((total, metrics) => total + of(metrics), 0);
  // A replica's downtime counts from its conviction, which every dc1 node had made by convictedAtMs.
  await sleep(convictedAtMs + MAX_HINT_WINDOW_MS + 100 - Date.now());
  const pastWindow = acknowledged.length;
  await until('the application has written more orders during the cut', () => acknowledged.length >= Math.max(atCut + CUT_WRITES_MIN, pastWindow + 20));
  assert.ok(sum((m) => m.droppedPastWindow) > 0, 'writes past the hint window are not hinted');
  assert.deepEqual(failures, [], 'LOCAL_QUORUM writes must all succeed during the cut');
  console.log(
    `  dc2 down longer than max_hint_window (${MAX_HINT_WINDOW_MS} ms): dc1 stopped hinting after about ${pastWindow} orders; ` +
      `${acknowledged.length - atCut} orders written since the cut, no errors`,
  );
  const dc2Count = Number((await dc2Reader.execute('SELECT count(*) FROM shop.orders', [], { consistency: localQuorum })).first()['count']);
  assert.ok(dc2Count < atCut + WRITERS + 1, `dc2 cannot have orders written after the cut (${dc2Count}, ${atCut} written before it)`);
  console.log(`  dc2, read on its own side at LOCAL_QUORUM, has ${dc2Count} orders: those from before the cut`);

  // 4. Heal; dc1's coordinators deliver the hints they stored for dc2.
  const stored = sum((m) => m.created);
  const dropped = sum((m) => m.droppedPastWindow);
  console.log(`heal: ${stored} hints stored for dc2, ${dropped} replica writes not hinted (past the window)`);
  cluster.heal(DC1, DC2);
  await cluster.awaitConvergence();
  await until('the hints are delivered', () => sum((m) => m.pending.reduce((n, p) => n + p.count, 0)) === 0, 60_000);
  writing = false;
  await writer;
  assert.deepEqual(failures, [], 'LOCAL_QUORUM writes must all succeed');
  const delivered = sum((m) => m.delivered);
  assert.ok(delivered > 0, 'dc1 must have delivered hints');
  console.log(`  ${delivered} hints delivered to dc2; the application stopped after ${acknowledged.length} orders, none failed`);

  // Before repair, dc2 still lacks what was not hinted.
  const countIn = async (client: cassandra.Client, options: cassandra.QueryOptions): Promise<number> =>
    Number((await client.execute('SELECT count(*) FROM shop.orders', [], options)).first()['count']);
  const expectedCount = await countIn(app, { consistency: localQuorum });
  // The EACH_QUORUM write that timed out was applied in dc1 all the same (Cassandra does not undo a timed-out write).
  assert.equal(expectedCount, acknowledged.length + (early.code === 0x1100 ? 1 : 0));
  const beforeRepair = await countIn(dc2Reader, { consistency: localQuorum });
  assert.ok(beforeRepair < expectedCount, `dc2 lacks the unhinted orders before repair (${beforeRepair} of ${expectedCount})`);
  console.log(`  dc2 has ${beforeRepair} of dc1's ${expectedCount} orders: the unhinted ones are missing`);

  // Repair: every replica's Merkle trees of the keyspace compared, the differences streamed.
  const repair = await cluster.node(DC1[0]!).repair({ keyspace: 'shop' });
  assert.equal(repair.participants.length, 6);
  assert.ok(repair.partitionsStreamed > 0, 'repair must stream the orders dc2 missed');
  console.log(
    `  repair from 127.0.0.1 with all 6 replicas: ${repair.rangesChecked} ranges checked, ${repair.rangesDiffered} differed, ` +
      `${repair.partitionsStreamed} partitions streamed`,
  );

  // Each dc2 node alone: a LOCAL_ONE read it coordinates is answered by its own replica first.
  const select = 'SELECT amount FROM shop.orders WHERE order_id = ?';
  for (const address of DC2) {
    const host = dc2Reader.hosts.get(`${address}:${PORT}`);
    const missing: number[] = [];
    for (let from = 0; from < acknowledged.length; from += 64) {
      const orders = acknowledged.slice(from, from + 64);
      const reads = await Promise.all(orders.map((order) => dc2Reader.execute(select, [order], { prepare: true, consistency: localOne, host })));
      reads.forEach((read, i) => {
        if (read.first()?.['amount'] !== amountOf(orders[i]!)) missing.push(orders[i]!);
      });
    }
    assert.deepEqual(missing, [], `${address} lacks orders`);
    assert.equal(await countIn(dc2Reader, { consistency: localOne, host }), expectedCount, `${address} holds as many orders as dc1`);
  }
  console.log(`every dc2 node holds all ${acknowledged.length} acknowledged orders (${expectedCount} rows, as in dc1)`);
} finally {
  writing = false;
  await writer.catch(() => undefined);
  await app.shutdown();
  await dc2Reader.shutdown();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
