/**
 * Watch a node go down while writes continue at QUORUM: three nodes, replication factor 3,
 * the real Node driver. One node stops; the driver sees it go down; QUORUM writes and reads
 * go on (two replicas of three answer), ALL is refused with Unavailable, as Cassandra refuses
 * it. The node comes back, hints deliver what it missed, and a read at ALL sees every write.
 * Checks its own results and exits non-zero if any is wrong.
 *
 *   npm run build && node dist/examples/04-node-down-quorum.js
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cassandra from 'cassandra-driver';
import { Database } from '../src/index.js';

const PORT = 19451;
const { quorum, all } = cassandra.types.consistencies;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-example-down-'));
const db = await Database.open({ dataDir, nodes: 3, cluster: { nativePort: PORT, adminPort: 0 } });
const client = new cassandra.Client({
  contactPoints: ['127.0.0.1'],
  localDataCenter: 'datacenter1',
  protocolOptions: { port: PORT },
  // Try a node that went away again every 300 ms (the default backs off from 1 s to 10 min).
  policies: { reconnection: new cassandra.policies.reconnection.ConstantReconnectionPolicy(300) },
});
const until = async (what: string, condition: () => boolean): Promise<void> => {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 30_000) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
try {
  await client.connect();
  await client.execute("CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
  await client.execute('CREATE TABLE shop.carts (cart int PRIMARY KEY, items int)');
  const write = (cart: number) => client.execute('INSERT INTO shop.carts (cart, items) VALUES (?, ?)', [cart, cart * 2], { prepare: true, consistency: quorum });

  const down: string[] = [];
  client.on('hostDown', (host: { address: string }) => down.push(host.address));
  await db.cluster!.stopNode('127.0.0.3');
  await until('the driver sees 127.0.0.3 down', () => down.includes(`127.0.0.3:${PORT}`));

  // Two of three replicas answer: QUORUM goes on, writes and reads.
  for (let cart = 0; cart < 100; cart++) await write(cart);
  const read = await client.execute('SELECT items FROM shop.carts WHERE cart = ?', [42], { prepare: true, consistency: quorum });
  assert.equal(read.first()['items'], 84);

  // ALL needs the third: refused before anything is sent, with the replica counts.
  const refused = await client.execute('SELECT items FROM shop.carts WHERE cart = ?', [42], { prepare: true, consistency: all }).then(
    () => null,
    (error: unknown) => error as { code: number; required: number; alive: number },
  );
  assert.ok(refused !== null, 'ALL must be refused while a replica is down');
  assert.deepEqual({ code: refused.code, required: refused.required, alive: refused.alive }, { code: 0x1000, required: 3, alive: 2 });

  // Back up: hints replay, and a read at ALL (every replica) sees all 100 writes.
  await db.cluster!.restartNode('127.0.0.3');
  await until('the driver reconnects to 127.0.0.3', () => client.getState().getConnectedHosts().length === 3);
  const node3 = db.cluster!.node('127.0.0.3');
  await until('hints are delivered', () => db.cluster!.runningNodes().every((node) => node.hints.metrics().pending.length === 0));
  const count = await client.execute('SELECT count(*) FROM shop.carts', [], { consistency: all });
  assert.equal(count.first()['count'].toString(), '100');
  assert.ok(node3.isAlive(node3.self));
} finally {
  await client.shutdown();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
