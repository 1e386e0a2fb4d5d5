// TOPOLOGY_CHANGE events (spec 4.2.6) from a 3-node Sibyl cluster to the real
// cassandra-driver 4.10 and to a bare client REGISTERed on node 1: a fourth node bootstraps
// (NEW_NODE, then UP, once its native port accepts: the driver adds the host and uses it),
// then decommissions (REMOVED_NODE: the driver removes the host).

import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, openDriverCluster, type DriverCluster } from './driver-cluster.js';
import { awaitRpcReady, EventLog } from './event-log.js';

const PORT = 19416;
const NEW_HOST = `127.0.0.4:${PORT}`;

let cluster: DriverCluster;
let log: EventLog;
let client: cassandra.Client;
const driverEvents: string[] = [];

beforeAll(async () => {
  cluster = await openDriverCluster(PORT, { ringDelayMs: 1000 });
  await awaitRpcReady(cluster.db.cluster!);
  log = await EventLog.register(PORT, '127.0.0.1');
  // Host list reloads soon after an event. The Node driver adds a host it learns of as down and
  // connects by its reconnection policy (200 ms here): NEW_NODE and UP arrive together, before
  // it has re-read system.peers.
  client = await cluster.client({ refreshSchemaDelay: 50 });
  for (const name of ['hostAdd', 'hostRemove'] as const) {
    client.on(name, (host: cassandra.Host) => driverEvents.push(`${name} ${host.address}`));
  }
}, 60_000);

afterAll(async () => {
  log?.close();
  await cluster?.close();
});

describe('TOPOLOGY_CHANGE', () => {
  it('says NEW_NODE, then UP, for a bootstrapped node once its native port accepts, and the driver adds the host', async () => {
    const from = log.length;
    await cluster.db.cluster!.addNode();
    await eventually(() => log.nodeEvents(4, from).includes('UP'), 10_000);
    expect(log.nodeEvents(4, from)).toEqual(['NEW_NODE', 'UP']);
    expect(log.events.slice(from).find((e) => e.type === 'TOPOLOGY_CHANGE')).toMatchObject({ change: 'NEW_NODE', node: { address: '127.0.0.4', port: PORT } });
    await eventually(() => driverEvents.includes(`hostAdd ${NEW_HOST}`), 10_000);
    await eventually(() => client.hosts.get(NEW_HOST)!.isUp(), 10_000);
    const queried = await client.execute('SELECT release_version FROM system.local', [], { host: client.hosts.get(NEW_HOST)! });
    expect(queried.info.queriedHost).toBe(NEW_HOST);
  });

  it('says REMOVED_NODE for a decommissioned node, and the driver removes the host', async () => {
    const from = log.length;
    await cluster.db.cluster!.node(3).decommission();
    await eventually(() => log.nodeEvents(4, from).includes('REMOVED_NODE'), 10_000);
    expect(log.nodeEvents(4, from)).not.toContain('NEW_NODE');
    await eventually(() => driverEvents.includes(`hostRemove ${NEW_HOST}`), 10_000);
    expect(client.hosts.get(NEW_HOST)).toBeUndefined();
  });
});
