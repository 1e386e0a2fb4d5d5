/**
 * A 3-node Sibyl cluster in this process, used through the real DataStax Node driver exactly
 * as Apache Cassandra is: connect and discover the nodes, create a schema, write and read with
 * prepared statements, page through a partition. Checks its own results and exits non-zero if
 * any is wrong.
 *
 *   npm run build && node dist/examples/03-driver-quickstart.js
 *
 * (`npm start` runs such a cluster on 127.0.0.1-3:9042; this one uses port 19450 so it can run
 * beside it.)
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cassandra from 'cassandra-driver';
import { Database } from '../src/index.js';

const PORT = 19450;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-example-driver-'));
const db = await Database.open({ dataDir, nodes: 3, cluster: { nativePort: PORT, adminPort: 0 } });
const client = new cassandra.Client({ contactPoints: ['127.0.0.1'], localDataCenter: 'datacenter1', protocolOptions: { port: PORT } });
try {
  await client.connect();
  // The driver found every node through system.peers, with its tokens, and routes by them.
  assert.deepEqual(client.hosts.values().map((h) => h.address).sort(), ['127.0.0.1', '127.0.0.2', '127.0.0.3'].map((a) => `${a}:${PORT}`));

  await client.execute("CREATE KEYSPACE music WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
  await client.execute('CREATE TABLE music.plays (user text, played_at timestamp, track text, seconds int, PRIMARY KEY (user, played_at)) WITH CLUSTERING ORDER BY (played_at DESC)');

  const insert = 'INSERT INTO music.plays (user, played_at, track, seconds) VALUES (?, ?, ?, ?)';
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < 50; i++) {
    await client.execute(insert, ['ada', new Date(start + i * 60_000), `track-${i % 7}`, 180 + i], { prepare: true, consistency: cassandra.types.consistencies.quorum });
  }

  // The newest play first (the table's clustering order).
  const latest = await client.execute('SELECT track, seconds FROM music.plays WHERE user = ? LIMIT 1', ['ada'], { prepare: true });
  assert.deepEqual({ ...latest.first() }, { track: 'track-0', seconds: 229 });

  // Pages of 20 rows: the driver passes the paging state back until there is none.
  const seen: number[] = [];
  let pageState: string | undefined;
  let pages = 0;
  do {
    const page = await client.execute('SELECT seconds FROM music.plays WHERE user = ?', ['ada'], { prepare: true, fetchSize: 20, ...(pageState === undefined ? {} : { pageState }) });
    for (const row of page.rows) seen.push(row['seconds'] as number);
    pageState = page.pageState ?? undefined;
    pages++;
  } while (pageState !== undefined);
  assert.equal(pages, 3);
  assert.deepEqual(seen, Array.from({ length: 50 }, (_, i) => 229 - i));

  // Aggregates and writetime come back as Cassandra returns them.
  const total = await client.execute("SELECT count(*) AS plays, sum(seconds) AS listened FROM music.plays WHERE user = 'ada'");
  assert.equal(total.first()['plays'].toString(), '50');
  assert.equal(total.first()['listened'], 50 * 180 + (49 * 50) / 2);
} finally {
  await client.shutdown();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
