// A 3-node Sibyl cluster (127.0.0.1-3) serving the native protocol on one port, and the real
// cassandra-driver 4.10 connected to it, for the driver-*.test.ts files. Each test file passes
// its own port, so files running in parallel never share a listener.

import cassandra from 'cassandra-driver';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../../src/api/database.js';

/** Gossip and timeouts short enough that a stopped node is seen down in about a second. */
export const FAST_CLUSTER = { gossipIntervalMs: 100, timeouts: { writeMs: 1000, readMs: 1000, rangeMs: 3000 }, seed: 11, adminPort: 0 } as const;

export interface DriverCluster {
  readonly db: Database;
  readonly port: number;
  /** A connected client; shut down by close(). */
  client(options?: Partial<cassandra.ClientOptions>): Promise<cassandra.Client>;
  close(): Promise<void>;
}

/** Cluster settings a test file may change (e.g. a short ring delay for membership changes). */
export type DriverClusterOptions = NonNullable<Parameters<typeof Database.open>[0]['cluster']>;

export async function openDriverCluster(port: number, options: DriverClusterOptions = {}): Promise<DriverCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-driver-'));
  const db = await Database.open({ dataDir: dir, nodes: 3, cluster: { ...FAST_CLUSTER, ...options, nativePort: port } });
  const clients: cassandra.Client[] = [];
  return {
    db,
    port,
    async client(options = {}) {
      const client = new cassandra.Client({
        contactPoints: ['127.0.0.1'],
        localDataCenter: 'datacenter1',
        protocolOptions: { port },
        // A node that comes back is tried again soon, not after the default 1 s doubling to 10 min.
        policies: { reconnection: new cassandra.policies.reconnection.ConstantReconnectionPolicy(200) },
        ...options,
      });
      clients.push(client);
      await client.connect();
      return client;
    },
    async close() {
      await Promise.all(clients.map((client) => client.shutdown()));
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejectionOf(work: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await work;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the request to fail');
}

export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
