// Schema agreement with the real cassandra-driver 4.10 on a 3-node Sibyl cluster: after a DDL
// statement the driver asks the node that ran it for system.local and system.peers schema
// versions, and sleeps 500 ms between looks until they agree. The node answers the DDL only
// once its system.peers rows show every live peer on its new version, so the driver's first
// look agrees: a CREATE TABLE round trip costs no 500 ms sleep. A peer that is down is not
// waited for.

import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainQueryParameters } from '../../../src/protocol/messages/query-parameters.js';
import { protocolLimits } from '../../../src/protocol/server/native-server-options.js';
import { RawClient } from '../../unit/protocol/helpers/raw-client.js';
import { eventually, openDriverCluster, type DriverCluster } from './driver-cluster.js';

const PORT = 19417;
const ROUNDS = 8;

let cluster: DriverCluster;
let client: cassandra.Client;

beforeAll(async () => {
  cluster = await openDriverCluster(PORT);
  client = await cluster.client();
  await client.execute("CREATE KEYSPACE agree WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
}, 60_000);

afterAll(async () => cluster?.close());

/** The distinct schema versions a node's system.local and system.peers say, as the driver reads them. */
async function versionsSeenOn(host: cassandra.Host): Promise<Set<string>> {
  const local = await client.execute('SELECT schema_version FROM system.local', [], { host });
  const peers = await client.execute('SELECT schema_version FROM system.peers', [], { host });
  return new Set([...local.rows, ...peers.rows].map((row) => String(row['schema_version'])));
}

function summary(timings: readonly number[]): string {
  const sorted = [...timings].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `median ${median.toFixed(0)} ms, max ${sorted[sorted.length - 1]!.toFixed(0)} ms (${timings.map((t) => t.toFixed(0)).join(', ')})`;
}

describe('schema agreement', () => {
  it('answers CREATE TABLE once every live peer holds the new version, so the driver never sleeps a poll', async () => {
    const coordinator = client.hosts.get(`127.0.0.1:${PORT}`)!;
    // Counted, not changed: each call is one look of the driver's agreement loop, and a second
    // look comes only after a 500 ms sleep.
    const metadata = client.metadata as unknown as { compareSchemaVersions(connection: unknown): Promise<boolean> };
    const compare = metadata.compareSchemaVersions.bind(metadata);
    let looks = 0;
    metadata.compareSchemaVersions = (connection) => {
      looks++;
      return compare(connection);
    };
    const timings: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now();
      await client.execute(`CREATE TABLE agree.t${i} (k int PRIMARY KEY, v text)`, [], { host: coordinator });
      timings.push(performance.now() - started);
      // What the driver's agreement check read: one version on the node that ran the DDL.
      expect(await versionsSeenOn(coordinator)).toHaveProperty('size', 1);
    }
    process.stdout.write(`CREATE TABLE round trip with the driver's schema agreement, 3 nodes: ${summary(timings)}\n`);
    expect(looks).toBe(ROUNDS);
  });

  it('does not wait for a peer that is down (its system.peers row keeps its old version, as in Cassandra)', async () => {
    await cluster.db.cluster!.stopNode(2);
    await eventually(() => !cluster.db.cluster!.node(0).livePeers().includes('127.0.0.3:7000'), 10_000);
    // The node's own answer, timed on the wire: the Node driver would then wait its 10 s for
    // the stale row (it does not leave down hosts out, unlike the Java driver).
    const raw = await RawClient.connect(PORT, '127.0.0.1');
    try {
      raw.send({ kind: 'startup', options: new Map([['CQL_VERSION', '3.0.0']]) }, 1);
      expect((await raw.next()).response.kind).toBe('ready');
      const started = performance.now();
      raw.send({ kind: 'query', query: 'CREATE TABLE agree.while_down (k int PRIMARY KEY)', parameters: plainQueryParameters('ONE') }, 2);
      const { response } = await raw.next(10_000);
      const elapsed = performance.now() - started;
      process.stdout.write(`CREATE TABLE answered with a peer down after ${elapsed.toFixed(0)} ms\n`);
      expect(response).toMatchObject({ kind: 'result', result: { kind: 'schema-change' } });
      expect(elapsed).toBeLessThan(protocolLimits.schemaAgreementWaitMs);
    } finally {
      raw.close();
    }
    await cluster.db.cluster!.restartNode(2);
  });
});
