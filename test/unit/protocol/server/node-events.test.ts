// NodeEvents (Cassandra's Server.EventNotifier) over real gossipers on the simulated network of
// test/sim (one manual clock, 1 s rounds, 1-20 ms delays): what node n1's clients are told as
// other nodes join, become ready, stop, crash, restart and leave, and as n1's schema moves.

import { beforeEach, describe, expect, it } from 'vitest';
import { asEndpoint, type Endpoint } from '../../../../src/cluster/gossip/endpoint.js';
import { statusValue } from '../../../../src/cluster/gossip/gossip-status.js';
import { GossipRing } from '../../../../src/cluster/node/gossip-ring.js';
import { systemKeyspaces } from '../../../../src/cql/catalog/schema-loader.js';
import { Schema, type KeyspaceSchema } from '../../../../src/cql/catalog/schema.js';
import { schemaVersion } from '../../../../src/cql/catalog/schema-version.js';
import type { ProtocolEvent } from '../../../../src/protocol/messages/event.js';
import { NodeEvents } from '../../../../src/protocol/server/node-events.js';
import { defaultLocalStates, defaultNetworkOptions, GossipNetwork, type LocalStates } from '../../../sim/gossip-network.js';

const n = (i: number): Endpoint => asEndpoint(`10.0.0.${i}:7000`);
const ready = (i: number, value = true): LocalStates => [...defaultLocalStates(i - 1), ['RPC_READY', String(value)]];
const tokenOf = (i: number): string => String(BigInt(i - 1) * 1_000_000_007n - 4_611_686_018_427_387_904n);

let net: GossipNetwork;
let catalog: { schema: Schema };
let events: string[];
let rawEvents: ProtocolEvent[];

/** Runs the network for `ms`, letting NodeEvents drain (a microtask) after every 50 ms. */
async function run(ms: number): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += 50) {
    net.runForMs(50);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function describeEvent(event: ProtocolEvent): string {
  if (event.type === 'SCHEMA_CHANGE') return `${event.change.change} ${event.change.target} ${event.change.keyspace}`;
  return `${event.change} ${event.node.address}:${event.node.port}`;
}

beforeEach(async () => {
  net = new GossipNetwork({ ...defaultNetworkOptions, seed: 7, nodeCount: 4 });
  for (const i of [1, 2, 3]) net.start(n(i), ready(i));
  net.runUntil(() => net.converged(), 60_000);
  const gossiper = net.gossiper(n(1));
  const self = { hostId: '00000000-0000-4000-8000-000000000001', address: n(1), datacenter: 'dc1', rack: 'rack1', status: 'normal' as const };
  const ring = new GossipRing(gossiper, { endpoint: self, tokens: [BigInt(tokenOf(1))] });
  catalog = { schema: new Schema(systemKeyspaces(), schemaVersion(systemKeyspaces())) };
  events = [];
  rawEvents = [];
  new NodeEvents({ gossiper, ring: () => ring.ring(), catalog }, { address: '10.0.0.1', port: 9042 }, (event) => {
    rawEvents.push(event);
    events.push(describeEvent(event));
  });
  await run(2_000);
  expect(events).toEqual([]);
});

describe('NodeEvents', () => {
  it('announces a node that joins the ring only once its native port is ready: NEW_NODE, then UP', async () => {
    net.start(n(4), defaultLocalStates(3));
    await run(10_000);
    // Alive and NORMAL, but its clients cannot connect yet.
    expect(events).toEqual([]);
    net.gossiper(n(4)).addLocalApplicationState('RPC_READY', 'true');
    await run(10_000);
    expect(events).toEqual(['NEW_NODE 10.0.0.4:9042', 'UP 10.0.0.4:9042']);
  });

  it('says DOWN once for a graceful stop (RPC_READY false, then the shutdown), and UP after a restart once ready', async () => {
    net.gossiper(n(2)).addLocalApplicationState('RPC_READY', 'false');
    await run(5_000);
    net.shutdown(n(2));
    await run(5_000);
    expect(events).toEqual(['DOWN 10.0.0.2:9042']);
    net.restart(n(2), defaultLocalStates(1));
    await run(10_000);
    expect(events).toEqual(['DOWN 10.0.0.2:9042']);
    net.gossiper(n(2)).addLocalApplicationState('RPC_READY', 'true');
    await run(5_000);
    expect(events).toEqual(['DOWN 10.0.0.2:9042', 'UP 10.0.0.2:9042']);
  });

  it('says DOWN for a crash once the failure detector convicts, then UP when the restarted node is heard', async () => {
    net.kill(n(3));
    await run(40_000);
    expect(events).toEqual(['DOWN 10.0.0.3:9042']);
    net.restart(n(3), ready(3));
    await run(10_000);
    expect(events).toEqual(['DOWN 10.0.0.3:9042', 'UP 10.0.0.3:9042']);
  });

  it('says DOWN, then UP, for a node restarted before it was convicted', async () => {
    net.kill(n(3));
    await run(1_000);
    net.restart(n(3), ready(3));
    await run(10_000);
    expect(events).toEqual(['DOWN 10.0.0.3:9042', 'UP 10.0.0.3:9042']);
  });

  it('says REMOVED_NODE when a member leaves the ring', async () => {
    net.gossiper(n(3)).addLocalApplicationState('STATUS', statusValue.left([tokenOf(3)], net.clock.nowMs() + 60_000));
    await run(10_000);
    expect(events).toContain('REMOVED_NODE 10.0.0.3:9042');
    expect(events.filter((e) => e.startsWith('REMOVED_NODE'))).toHaveLength(1);
  });

  it("names nodes by the native address and port they gossip, and says nothing of one claiming this server's own", async () => {
    net.start(n(4), [...defaultLocalStates(3).filter(([key]) => key !== 'NATIVE_ADDRESS_AND_PORT'), ['NATIVE_ADDRESS_AND_PORT', '10.0.0.1:9042'], ['RPC_READY', 'true']]);
    await run(10_000);
    expect(events).toEqual([]);
    net.kill(n(2));
    net.restart(n(2), [...defaultLocalStates(1).filter(([key]) => key !== 'NATIVE_ADDRESS_AND_PORT'), ['NATIVE_ADDRESS_AND_PORT', '[::1]:19042'], ['RPC_READY', 'true']]);
    await run(10_000);
    expect(rawEvents.map((e) => (e.type === 'SCHEMA_CHANGE' ? null : e.node))).toEqual([
      { address: '10.0.0.2', port: 9042 },
      { address: '::1', port: 19042 },
    ]);
  });

  it("tells of this node's schema changes when its SCHEMA state moves, each once", async () => {
    const keyspace: KeyspaceSchema = {
      metadata: { name: 'ks', replication: { class: 'SimpleStrategy', replicationFactor: 1 }, durableWrites: true },
      tables: new Map(),
      types: new Map(),
    };
    const before = catalog.schema;
    const keyspaces = new Map([...before.keyspaces, ['ks', keyspace]]);
    catalog.schema = new Schema(keyspaces, schemaVersion(keyspaces));
    net.gossiper(n(1)).addLocalApplicationState('SCHEMA', catalog.schema.version);
    net.gossiper(n(1)).addLocalApplicationState('SCHEMA', catalog.schema.version);
    await run(1_000);
    catalog.schema = before;
    net.gossiper(n(1)).addLocalApplicationState('SCHEMA', before.version);
    await run(1_000);
    expect(events).toEqual(['CREATED KEYSPACE ks', 'DROPPED KEYSPACE ks']);
  });
});
