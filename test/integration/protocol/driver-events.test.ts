// Events (spec 4.2.6) from a 3-node Sibyl cluster to the real cassandra-driver 4.10 and to a
// bare client REGISTERed on node 1: schema changes made through another node (SCHEMA_CHANGE
// for keyspaces, tables and types, which the driver's metadata follows without a refresh),
// a node stopped and started (DOWN, UP: with reconnection put off for a minute, only the UP
// event brings the driver back to it) and a crash (DOWN by the failure detector). Every event
// names the node by its native address and the configured port. Bootstrap and decommission:
// driver-topology-events.test.ts.

import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asEndpoint } from '../../../src/cluster/gossip/endpoint.js';
import { eventually, openDriverCluster, type DriverCluster } from './driver-cluster.js';
import { awaitRpcReady, EventLog } from './event-log.js';

const PORT = 19415;

let cluster: DriverCluster;
let log: EventLog;
let client: cassandra.Client;
const driverEvents: string[] = [];

beforeAll(async () => {
  cluster = await openDriverCluster(PORT);
  await awaitRpcReady(cluster.db.cluster!);
  log = await EventLog.register(PORT, '127.0.0.1');
  client = await cluster.client({
    // Metadata refreshes soon after an event, not 1 s later.
    refreshSchemaDelay: 50,
    // A node that went away comes back only when an UP event says so.
    policies: { reconnection: new cassandra.policies.reconnection.ConstantReconnectionPolicy(60_000) },
  });
  for (const name of ['hostUp', 'hostDown'] as const) {
    client.on(name, (host: cassandra.Host) => driverEvents.push(`${name} ${host.address}`));
  }
}, 60_000);

afterAll(async () => {
  log?.close();
  await cluster?.close();
});

describe('the native port', () => {
  it('is the configured one in gossip, system.local.rpc_port and system.peers_v2.native_port', async () => {
    for (const i of [1, 2, 3]) {
      const host = client.hosts.get(`127.0.0.${i}:${PORT}`)!;
      const local = await client.execute('SELECT rpc_port FROM system.local', [], { host });
      expect(local.first()['rpc_port']).toBe(PORT);
      const peers = await client.execute('SELECT peer, native_port FROM system.peers_v2', [], { host });
      expect(peers.rows.map((row) => row['native_port'])).toEqual([PORT, PORT]);
    }
    const node = cluster.db.cluster!.node(0);
    expect(node.gossiper.endpointState(asEndpoint('127.0.0.2:7000'))?.applicationState('NATIVE_ADDRESS_AND_PORT')?.value).toBe(`127.0.0.2:${PORT}`);
  });
});

describe('SCHEMA_CHANGE', () => {
  it('tells node 1 of keyspaces, types and tables created, altered and dropped through node 2, in the order they happened', async () => {
    const from = log.length;
    const other = cluster.db.onNode(1);
    await other.execute("CREATE KEYSPACE evs WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
    await other.execute('CREATE TYPE evs.point (x int, y int)');
    await other.execute('CREATE TABLE evs.t (k int PRIMARY KEY, p frozen<point>)');
    await other.execute('ALTER TABLE evs.t ADD v text');
    await other.execute('DROP TABLE evs.t');
    await other.execute('DROP TYPE evs.point');
    await other.execute('DROP KEYSPACE evs');
    const expected = [
      'CREATED KEYSPACE evs',
      'CREATED TYPE evs.point',
      'CREATED TABLE evs.t',
      'UPDATED TABLE evs.t',
      'DROPPED TABLE evs.t',
      'DROPPED TYPE evs.point',
      'DROPPED KEYSPACE evs',
    ];
    await eventually(() => log.schemaEvents(from).length >= expected.length, 5_000);
    expect(log.schemaEvents(from)).toEqual(expected);
  });

  it('tells of DDL run on node 1 itself, once', async () => {
    const from = log.length;
    await cluster.db.execute("CREATE KEYSPACE here WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    await cluster.db.execute('DROP KEYSPACE here');
    await eventually(() => log.schemaEvents(from).length >= 2, 5_000);
    // Give a late duplicate (the push answered, gossip carrying the version back) the time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(log.schemaEvents(from)).toEqual(['CREATED KEYSPACE here', 'DROPPED KEYSPACE here']);
  });

  it('keeps the driver metadata current with schema changes made through another node, without a refresh', async () => {
    const other = cluster.db.onNode(2);
    await other.execute("CREATE KEYSPACE meta WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
    await eventually(() => client.metadata.keyspaces['meta'] !== undefined, 5_000);
    await other.execute('CREATE TABLE meta.t (k int PRIMARY KEY, v text)');
    await eventually(async () => (await client.metadata.getTable('meta', 't')) !== null, 5_000);
    expect((await client.metadata.getTable('meta', 't'))!.columns.map((c) => c.name)).toEqual(['k', 'v']);
    // The driver keeps table metadata once read: only the UPDATED event makes it read again.
    await other.execute('ALTER TABLE meta.t ADD w int');
    await eventually(async () => (await client.metadata.getTable('meta', 't'))!.columns.length === 3, 5_000);
    await other.execute('DROP KEYSPACE meta');
    await eventually(() => client.metadata.keyspaces['meta'] === undefined, 5_000);
  });
});

describe('STATUS_CHANGE', () => {
  it('says DOWN when a node stops and UP once it serves again; the driver comes back to it on that UP alone', async () => {
    const from = log.length;
    const drivers = driverEvents.length;
    const host = `127.0.0.3:${PORT}`;
    await cluster.db.cluster!.stopNode(2);
    await eventually(() => log.nodeEvents(3, from).includes('DOWN'), 5_000);
    await eventually(() => driverEvents.slice(drivers).includes(`hostDown ${host}`), 5_000);
    const restarted = performance.now();
    await cluster.db.cluster!.restartNode(2);
    await eventually(() => log.nodeEvents(3, from).includes('UP'), 10_000);
    await eventually(() => driverEvents.slice(drivers).includes(`hostUp ${host}`), 10_000);
    process.stdout.write(`driver saw the restarted node up ${(performance.now() - restarted).toFixed(0)} ms after its restart began\n`);
    expect(log.nodeEvents(3, from)).toEqual(['DOWN', 'UP']);
    expect(client.hosts.get(host)!.isUp()).toBe(true);
    const event = log.events.slice(from).find((e) => e.type === 'STATUS_CHANGE')!;
    expect(event).toMatchObject({ type: 'STATUS_CHANGE', change: 'DOWN', node: { address: '127.0.0.3', port: PORT } });
  });

  it('says DOWN for a crashed node once the failure detector convicts it, and UP after its restart', async () => {
    const from = log.length;
    await cluster.db.cluster!.stopNode(2, { graceful: false });
    await eventually(() => log.nodeEvents(3, from).includes('DOWN'), 15_000);
    await cluster.db.cluster!.restartNode(2);
    await eventually(() => log.nodeEvents(3, from).includes('UP'), 10_000);
    expect(log.nodeEvents(3, from)).toEqual(['DOWN', 'UP']);
    await eventually(() => client.hosts.get(`127.0.0.3:${PORT}`)!.isUp(), 10_000);
  });
});
