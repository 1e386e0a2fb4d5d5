/**
 * Gossip at scale: 32 nodes in one process, each with its own storage engine (one thread,
 * small memtables), find each other from one seed and agree on the ring, the live set and the
 * schema version; a DDL statement on the last node then reaches all of them.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Database } from '../../../src/api/database.js';

const NODES = 32;
let dir: string;
let db: Database | undefined;

afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it(`converges with ${NODES} nodes: every node sees every other alive, the whole ring and one schema version`, async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-gossip32-'));
  db = await Database.open({
    dataDir: dir,
    nodes: NODES,
    threads: 1,
    storage: { memtableBytesPerThread: 16 * 1024 * 1024, preTouchMemory: false },
    cluster: { adminPort: 0 },
  });
  const cluster = db.cluster!;
  const nodes = cluster.runningNodes();
  expect(nodes).toHaveLength(NODES);
  for (const node of nodes) {
    expect(node.ring().sortedTokens()).toHaveLength(NODES * 16);
    expect(node.livePeers()).toHaveLength(NODES - 1);
  }
  // Balanced: every node's primary share within 10% of 1/32.
  for (const share of nodes[0]!.ring().ownership().values()) expect(Math.abs(share * NODES - 1)).toBeLessThan(0.1);

  await db.onNode(NODES - 1).execute("CREATE KEYSPACE wide WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
  await cluster.awaitConvergence(60_000);
  for (const node of nodes) expect(node.catalog.schema.keyspace('wide')).toBeDefined();
}, 240_000);
