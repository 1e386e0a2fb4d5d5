// The real cassandra-driver 4.10 against a 3-node Sibyl cluster (127.0.0.1-3, one native port):
// it connects and finds every node with its host id and tokens, reads keyspace and table
// metadata, routes prepared statements to the replicas our ring places a key on, runs DDL
// with IF [NOT] EXISTS and Already_exists errors, reaches schema agreement without its 10 s
// stall, and keeps USE per connection.

import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { murmur3Token } from '../../../src/cluster/ring/murmur3.js';
import { openDriverCluster, rejectionOf, type DriverCluster } from './driver-cluster.js';

const PORT = 19411;

let cluster: DriverCluster;
let client: cassandra.Client;

beforeAll(async () => {
  cluster = await openDriverCluster(PORT);
  await cluster.db.execute("CREATE KEYSPACE before WITH replication = {'class': 'NetworkTopologyStrategy', 'datacenter1': 2}");
  client = await cluster.client();
}, 60_000);

afterAll(async () => cluster?.close());

const hostOf = (address: string): string => address.split(':')[0]!;

function intKey(k: number): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt32BE(k);
  return key;
}

describe('connecting', () => {
  it('finds the three nodes with their host ids, tokens, datacenter and release', () => {
    const nodes = cluster.db.cluster!.runningNodes();
    const hosts = client.hosts.values();
    expect(hosts.map((h) => h.address).sort()).toEqual([1, 2, 3].map((i) => `127.0.0.${i}:${PORT}`));
    for (const host of hosts) {
      const node = nodes.find((n) => n.host === hostOf(host.address))!;
      expect(host.hostId.toString()).toBe(node.self.hostId);
      expect([...host.tokens].sort()).toEqual(node.tokens.map(String).sort());
      expect(host.datacenter).toBe('datacenter1');
      expect(host.rack).toBe('rack1');
      expect(host.cassandraVersion).toBe('4.1.7');
      expect(host.isUp()).toBe(true);
    }
    expect(client.getState().getConnectedHosts()).toHaveLength(3);
  });

  it('sees the system keyspaces as on Cassandra 4.1: system and system_schema, LocalStrategy, with their tables and columns', async () => {
    for (const name of ['system', 'system_schema']) {
      const keyspace = client.metadata.keyspaces[name] as unknown as { strategy: string } | undefined;
      expect(keyspace?.strategy).toBe('org.apache.cassandra.locator.LocalStrategy');
    }
    const local = await client.metadata.getTable('system', 'local');
    expect(local!.partitionKeys.map((c) => c.name)).toEqual(['key']);
    expect(local!.columns.find((c) => c.name === 'rpc_port')!.type.code).toBe(cassandra.types.dataTypes.int);
    // Cassandra's TableId.forSystemTable: the same id as on every Cassandra.
    const id = await client.execute("SELECT id FROM system_schema.tables WHERE keyspace_name = 'system' AND table_name = 'local'");
    expect(String(id.first()['id'])).toBe('7ad54392-bcdd-35a6-8417-4e047860b377');
    const peers = await client.metadata.getTable('system', 'peers_v2');
    expect(peers!.clusteringKeys.map((c) => c.name)).toEqual(['peer_port']);
    const tables = await client.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'system_schema'");
    expect(tables.rows.map((row) => row['table_name'])).toEqual(expect.arrayContaining(['keyspaces', 'tables', 'columns', 'types', 'functions', 'aggregates']));
  });

  it("loads the keyspaces that exist when it connects into its metadata", () => {
    // The typings leave out strategyOptions, which the driver sets from the replication map.
    const keyspace = client.metadata.keyspaces['before'] as unknown as { strategy: string; strategyOptions: unknown };
    expect(keyspace.strategy).toBe('org.apache.cassandra.locator.NetworkTopologyStrategy');
    expect(keyspace.strategyOptions).toEqual({ datacenter1: '2' });
  });
});

describe('DDL', () => {
  it('creates a keyspace and a table, with IF NOT EXISTS a second time, and the driver reads their metadata', async () => {
    await client.execute("CREATE KEYSPACE ddl WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
    await client.execute("CREATE KEYSPACE IF NOT EXISTS ddl WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    await client.execute('CREATE TABLE ddl.t (k int, c text, v bigint, s set<int>, PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (c DESC)');
    await client.execute('CREATE TABLE IF NOT EXISTS ddl.t (k int PRIMARY KEY)');
    const keyspace = client.metadata.keyspaces['ddl'] as unknown as { strategy: string; strategyOptions: unknown };
    expect(keyspace.strategy).toBe('org.apache.cassandra.locator.SimpleStrategy');
    expect(keyspace.strategyOptions).toEqual({ replication_factor: '3' });
    const table = await client.metadata.getTable('ddl', 't');
    expect(table!.partitionKeys.map((c) => c.name)).toEqual(['k']);
    expect(table!.clusteringKeys.map((c) => c.name)).toEqual(['c']);
    expect(table!.clusteringOrder).toEqual(['DESC']);
    // By name, as system_schema.columns is clustered (Cassandra's order too).
    const { dataTypes } = cassandra.types;
    expect(table!.columns.map((c) => [c.name, c.type.code])).toEqual([
      ['c', dataTypes.text],
      ['k', dataTypes.int],
      ['s', dataTypes.set],
      ['v', dataTypes.bigint],
    ]);
  });

  it('answers CREATE of an existing keyspace or table with Already_exists and its fields', async () => {
    await client.execute("CREATE KEYSPACE IF NOT EXISTS ddl WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
    await client.execute('CREATE TABLE IF NOT EXISTS ddl.u (k int PRIMARY KEY)');
    const keyspace = await rejectionOf(client.execute("CREATE KEYSPACE ddl WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}"));
    expect(keyspace).toBeInstanceOf(cassandra.errors.ResponseError);
    expect(keyspace['code']).toBe(cassandra.types.responseErrorCodes.alreadyExists);
    expect(keyspace['keyspace']).toBe('ddl');
    // An empty table name on the wire: the driver leaves the field out.
    expect(keyspace['table']).toBeUndefined();
    const table = await rejectionOf(client.execute('CREATE TABLE ddl.u (k int PRIMARY KEY)'));
    expect(table['code']).toBe(0x2400);
    expect(table['keyspace']).toBe('ddl');
    expect(table['table']).toBe('u');
  });

  it('drops tables and keyspaces, IF EXISTS included, and the metadata follows', async () => {
    await client.execute("CREATE KEYSPACE IF NOT EXISTS gone WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
    await client.execute('CREATE TABLE gone.t (k int PRIMARY KEY)');
    await client.execute('DROP TABLE gone.t');
    await client.execute('DROP TABLE IF EXISTS gone.t');
    expect(await client.metadata.getTable('gone', 't')).toBeNull();
    const missing = await rejectionOf(client.execute('DROP TABLE gone.t'));
    expect(missing['code']).toBe(cassandra.types.responseErrorCodes.invalid);
    await client.execute('DROP KEYSPACE gone');
    await client.execute('DROP KEYSPACE IF EXISTS gone');
    expect(client.metadata.keyspaces['gone']).toBeUndefined();
  });

  it('agrees on the schema at once: a new table is used through every other node right after its CREATE', async () => {
    await client.execute("CREATE KEYSPACE IF NOT EXISTS agree WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
    const timings: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await client.execute(`CREATE TABLE agree.t${i} (k int PRIMARY KEY, v text)`, [], { host: client.hosts.get(`127.0.0.1:${PORT}`)! });
      timings.push(performance.now() - started);
      for (const other of [2, 3]) {
        const host = client.hosts.get(`127.0.0.${other}:${PORT}`)!;
        const written = await client.execute(`INSERT INTO agree.t${i} (k, v) VALUES (?, ?)`, [other, 'x'], { prepare: true, host });
        expect(written.info.queriedHost).toBe(host.address);
      }
    }
    process.stdout.write(`DDL round trips with schema agreement (ms): ${timings.map((t) => t.toFixed(0)).join(', ')}\n`);
    // The driver waits up to 10 s for agreement; it must not have had to.
    for (const ms of timings) expect(ms).toBeLessThan(2_000);
    expect(await client.metadata.getTable('agree', 't2')).not.toBeNull();
  });
});

describe('routing and keyspaces', () => {
  it("gives getReplicas the replicas our ring places each key on, and routes prepared statements to them", async () => {
    await client.execute("CREATE KEYSPACE IF NOT EXISTS rf1 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    await client.execute("CREATE KEYSPACE IF NOT EXISTS rf2 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2}");
    await client.execute('CREATE TABLE IF NOT EXISTS rf1.t (k int PRIMARY KEY, v int)');
    await client.execute('CREATE TABLE IF NOT EXISTS rf2.t (k int PRIMARY KEY, v int)');
    const node = cluster.db.cluster!.node(0);
    const ours = (keyspace: string, k: number): string[] => {
      const strategy = node.strategyOf(node.catalog.schema.existingTable(keyspace, 't').id)!;
      return strategy.replicasFor(murmur3Token(intKey(k)), node.ring()).map((e) => hostOf(e.address)).sort();
    };
    const owners = new Set<string>();
    for (let k = 0; k < 40; k++) {
      for (const keyspace of ['rf1', 'rf2']) {
        const theirs = client.metadata.getReplicas(keyspace, intKey(k)).map((h) => hostOf(h.address)).sort();
        expect(theirs).toEqual(ours(keyspace, k));
      }
      const [owner] = ours('rf1', k);
      owners.add(owner!);
      // Token-aware: a prepared statement goes straight to the key's only replica.
      const rs = await client.execute('INSERT INTO rf1.t (k, v) VALUES (?, ?)', [k, k], { prepare: true });
      expect(hostOf(rs.info.queriedHost)).toBe(owner);
    }
    expect(owners.size).toBe(3);
  });

  it('keeps USE per connection: unqualified names resolve on every pooled connection', async () => {
    await client.execute('CREATE TABLE IF NOT EXISTS ddl.kv (k int PRIMARY KEY, v text)');
    const scoped = await cluster.client({ keyspace: 'ddl' });
    expect(scoped.keyspace).toBe('ddl');
    for (let k = 0; k < 9; k++) await scoped.execute('INSERT INTO kv (k, v) VALUES (?, ?)', [k, `v${k}`], { prepare: true });
    const rows = await scoped.execute('SELECT k, v FROM kv WHERE k IN (1, 5)');
    expect(rows.rows.map((r) => r['v'])).toEqual(['v1', 'v5']);
    // The first client never said USE: its connections keep no keyspace.
    const unqualified = await rejectionOf(client.execute('SELECT * FROM kv'));
    expect(unqualified['code']).toBe(cassandra.types.responseErrorCodes.invalid);
    expect(unqualified.message).toMatch(/No keyspace has been specified/);
    await client.execute('USE ddl');
    expect(client.keyspace).toBe('ddl');
    expect((await client.execute('SELECT v FROM kv WHERE k = 3')).first()!['v']).toBe('v3');
    const unknown = await rejectionOf(client.execute('USE nowhere'));
    expect(unknown['code']).toBe(cassandra.types.responseErrorCodes.invalid);
  });
});
