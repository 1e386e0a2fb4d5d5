// The real cassandra-driver 4.10 against a NativeServer over the NullBackend on loopback: it
// negotiates down from 0x42 to v4, reads system.local/peers and the schema, registers for
// events, and runs simple, prepared and batched statements, concurrently, recovering from
// Unprepared after a server restart. A recording proxy in front shows what the driver sent.

import cassandra from 'cassandra-driver';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { nativeCqlType, type CqlType } from '../../../src/cql/types/cql-type.js';
import { NativeServer } from '../../../src/protocol/server/native-server.js';
import { NullBackend } from '../../../src/protocol/server/null-backend.js';
import { UnpreparedError } from '../../../src/protocol/unprepared-error.js';

const int = nativeCqlType('int')!;
const text = nativeCqlType('text')!;

/** INSERT INTO ks.t (k, v) binds an int and a text; everything else binds text. */
function markerTypes(query: string, count: number): CqlType[] {
  if (/^insert into ks\.t \(k, v\)/i.test(query)) return [int, text];
  return Array.from({ length: count }, () => text);
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(port = 0): Promise<NativeServer> {
  const server = new NativeServer(new NullBackend({ markerTypes }), { host: '127.0.0.1', port });
  await server.listen();
  cleanups.push(() => server.close());
  return server;
}

/** A TCP proxy that records the first byte (the protocol version) of every connection. */
async function recordingProxy(targetPort: number): Promise<{ port: number; firstBytes: number[] }> {
  const firstBytes: number[] = [];
  const proxy: Server = createServer((client) => {
    const upstream = connect({ port: targetPort, host: '127.0.0.1' });
    client.once('data', (chunk: Buffer) => firstBytes.push(chunk[0]!));
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => proxy.close(() => resolve())));
  return { port: (proxy.address() as AddressInfo).port, firstBytes };
}

function newClient(port: number, options: Partial<cassandra.ClientOptions> = {}): cassandra.Client {
  const client = new cassandra.Client({
    contactPoints: ['127.0.0.1'],
    localDataCenter: 'datacenter1',
    protocolOptions: { port },
    ...options,
  });
  cleanups.push(() => client.shutdown());
  return client;
}

describe('cassandra-driver 4.10 against the null backend', () => {
  it('refuses the first STARTUP at 0x42; the driver reconnects at v4 and connects', async () => {
    const server = await startServer();
    const proxy = await recordingProxy(server.address!.port);
    const client = newClient(proxy.port);
    await client.connect();
    expect(proxy.firstBytes.slice(0, 2)).toEqual([0x42, 0x04]);
    expect(proxy.firstBytes.slice(2).every((b) => b === 0x04)).toBe(true);
    const hosts = client.getState().getConnectedHosts();
    expect(hosts.map((h) => h.address)).toEqual(['127.0.0.1:' + proxy.port]);
    expect(hosts[0]!.datacenter).toBe('datacenter1');
    expect(hosts[0]!.cassandraVersion).toBe('4.1.7');
  });

  it('reads system.local through the driver like any result', async () => {
    const server = await startServer();
    const client = newClient(server.address!.port);
    const { rows, columns } = await client.execute("SELECT * FROM system.local WHERE key='local'");
    expect(rows).toHaveLength(1);
    const local = rows[0]!;
    expect(local['cluster_name']).toBe('Sibyl Cluster');
    expect(local['partitioner']).toBe('org.apache.cassandra.dht.Murmur3Partitioner');
    expect(local['tokens']).toEqual(['0']);
    expect(local['rpc_address'].toString()).toBe('127.0.0.1');
    expect(local['rpc_port']).toBe(server.address!.port);
    expect(local['native_protocol_version']).toBe('4');
    expect(columns.map((c) => c.name)).toContain('schema_version');
    const peers = await client.execute('SELECT peer, rpc_address FROM system.peers');
    expect(peers.rows).toEqual([]);
    expect(peers.columns.map((c) => c.name)).toEqual(['peer', 'rpc_address']);
  });

  it("runs a prepared INSERT: PREPARE, then EXECUTE with the driver's encoded values", async () => {
    const server = await startServer();
    const client = newClient(server.address!.port);
    const result = await client.execute('INSERT INTO ks.t (k, v) VALUES (?, ?)', [1, 'a'], { prepare: true });
    expect(result.rows).toBeUndefined();
    expect(result.info.queriedHost).toBe(`127.0.0.1:${server.address!.port}`);
    const named = await client.execute('UPDATE ks.t SET v = :v WHERE k = :k', { v: 'x', k: 'y' }, { prepare: true });
    expect(named.rowLength).toBeUndefined();
  });

  it('runs simple and prepared batches, and USE', async () => {
    const server = await startServer();
    const client = newClient(server.address!.port);
    await client.batch(['INSERT INTO ks.t (k) VALUES (1)', { query: 'INSERT INTO ks.t (k, v) VALUES (?, ?)', params: [2, 'b'] }], { prepare: true });
    await client.batch(['DELETE FROM ks.t WHERE k = 1'], { logged: false });
    await client.execute('USE "Ks"');
    expect(client.keyspace).toBe('Ks');
  });

  it('keeps hundreds of requests in flight on its connections', async () => {
    const server = await startServer();
    const client = newClient(server.address!.port);
    await client.connect();
    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => client.execute('INSERT INTO ks.t (k, v) VALUES (?, ?)', [i, `v${i}`], { prepare: true })));
    expect(results).toHaveLength(500);
  });

  it('after a server restart, answers Unprepared; the driver re-prepares and carries on', async () => {
    const first = await startServer();
    const port = first.address!.port;
    const reconnection = new cassandra.policies.reconnection.ConstantReconnectionPolicy(50);
    // Without re-preparing on UP, the driver's first EXECUTE meets the new server's empty cache.
    const client = newClient(port, { policies: { reconnection }, rePrepareOnUp: false });
    await client.execute('INSERT INTO ks.t (k, v) VALUES (?, ?)', [1, 'a'], { prepare: true });
    await first.close();
    const backend = new CountingBackend({ markerTypes });
    const second = new NativeServer(backend, { host: '127.0.0.1', port });
    await second.listen();
    cleanups.push(() => second.close());
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await client.execute('INSERT INTO ks.t (k, v) VALUES (?, ?)', [2, 'b'], { prepare: true });
        break;
      } catch (error) {
        // The cut sockets and NoHostAvailable until the driver has reconnected.
        if (!(error instanceof cassandra.errors.DriverError) || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    expect(backend.unprepared).toBe(1);
    expect(backend.prepares).toBe(1);
  });
});

/** Counts what the driver's recovery does: the Unprepared answers and the re-prepares. */
class CountingBackend extends NullBackend {
  unprepared = 0;
  prepares = 0;

  override prepare(...args: Parameters<NullBackend['prepare']>): ReturnType<NullBackend['prepare']> {
    this.prepares++;
    return super.prepare(...args);
  }

  override execute(...args: Parameters<NullBackend['execute']>): ReturnType<NullBackend['execute']> {
    try {
      return super.execute(...args);
    } catch (error) {
      if (error instanceof UnpreparedError) this.unprepared++;
      throw error;
    }
  }
}
