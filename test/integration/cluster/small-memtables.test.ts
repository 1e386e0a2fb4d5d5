// A cluster whose nodes have small memtable pools (16 MB per storage thread, as the gossip
// benchmarks and many-node tests use) starts and serves: a node's catalog wrote its system
// schema rows in one batch touching more memtables than such a pool admits at once, and
// every node failed to start with Overloaded.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Cluster } from '../../../src/cluster/node/cluster.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-small-memtables-'));
let cluster: Cluster | undefined;

afterAll(async () => {
  await cluster?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('starts 3 nodes with 16 MB memtable pools, converges and restarts one', async () => {
  cluster = await Cluster.start({ dataDir: dir, nodes: 3, threadsPerNode: 1, adminPort: 0, gossipIntervalMs: 100, storage: { memtableBytesPerThread: 16 * 1024 * 1024, preTouchMemory: false } });
  await cluster.awaitConvergence(60_000);
  await cluster.stopNode(2);
  await cluster.restartNode(2);
  await cluster.awaitConvergence(60_000);
  expect(cluster.runningNodes()).toHaveLength(3);
}, 120_000);
