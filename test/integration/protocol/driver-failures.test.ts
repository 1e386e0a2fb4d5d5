// The real cassandra-driver 4.10 when a 3-node Sibyl cluster (RF 3) misbehaves: errors reach it
// with their codes and fields (syntax, invalid, Write_timeout and Read_timeout while a link is
// cut, Unavailable at ALL with a node down); a node that stops cuts its clients' sockets, so
// the driver marks it down at once and QUORUM goes on through the others; once it is back
// the driver reconnects and re-prepares there (the restarted node answers Unprepared).

import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, openDriverCluster, rejectionOf, type DriverCluster } from './driver-cluster.js';

const PORT = 19413;
const { consistencies, responseErrorCodes } = cassandra.types;

let cluster: DriverCluster;
let client: cassandra.Client;

beforeAll(async () => {
  cluster = await openDriverCluster(PORT);
  await cluster.db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
  await cluster.db.execute('CREATE TABLE ks.kv (k int PRIMARY KEY, v text)');
  await cluster.db.cluster!.awaitConvergence();
  // Re-preparing on UP is off, so the restarted node's empty cache is met by an EXECUTE.
  client = await cluster.client({ keyspace: 'ks', rePrepareOnUp: false });
}, 60_000);

afterAll(async () => cluster?.close());

const hostAt = (i: number): cassandra.Host => client.hosts.get(`127.0.0.${i}:${PORT}`)!;
const INSERT = 'INSERT INTO kv (k, v) VALUES (?, ?)';

describe('request errors', () => {
  it('answers a syntax error and an invalid request with their codes and messages', async () => {
    const syntax = await rejectionOf(client.execute('SELEC * FROM kv'));
    expect(syntax).toBeInstanceOf(cassandra.errors.ResponseError);
    expect(syntax['code']).toBe(responseErrorCodes.syntaxError);
    const table = await rejectionOf(client.execute('SELECT * FROM nope'));
    expect(table['code']).toBe(responseErrorCodes.invalid);
    expect(table.message).toBe('unconfigured table nope');
    const prepared = await rejectionOf(client.execute('SELECT * FROM kv WHERE v = ?', ['x'], { prepare: true }));
    expect(prepared['code']).toBe(responseErrorCodes.invalid);
    expect(prepared.message).toMatch(/ALLOW FILTERING/);
  });

  it('answers Write_timeout and Read_timeout with their fields while a replica is cut off from the coordinator', async () => {
    await client.execute(INSERT, [1, 'before'], { prepare: true, consistency: consistencies.all });
    cluster.db.cluster!.partition(['127.0.0.1'], ['127.0.0.3']);
    try {
      // Both at once, before the coordinator's failure detector convicts the cut replica.
      const host = hostAt(1);
      const [write, read] = await Promise.all([
        rejectionOf(client.execute(INSERT, [1, 'cut'], { prepare: true, consistency: consistencies.all, host })),
        rejectionOf(client.execute('SELECT v FROM kv WHERE k = ?', [1], { prepare: true, consistency: consistencies.all, host })),
      ]);
      expect(write['code']).toBe(responseErrorCodes.writeTimeout);
      expect(write).toMatchObject({ consistencies: consistencies.all, received: 2, blockFor: 3, writeType: 'SIMPLE' });
      expect(read['code']).toBe(responseErrorCodes.readTimeout);
      expect(read).toMatchObject({ consistencies: consistencies.all, received: 2, blockFor: 3 });
    } finally {
      cluster.db.cluster!.heal();
    }
    await cluster.db.cluster!.awaitConvergence();
  });
});

describe('a node stopped and restarted', () => {
  it('is marked down by the driver at once; QUORUM carries on through the others and ALL is Unavailable', async () => {
    for (let k = 0; k < 20; k++) await client.execute(INSERT, [k, `v${k}`], { prepare: true, consistency: consistencies.quorum });
    const stopped = performance.now();
    // A graceful stop tells the other nodes at once (a crash is seen only by their failure
    // detectors, and until then requests sent to it time out, as in Cassandra).
    const stopping = cluster.db.cluster!.stopNode(2);
    await eventually(() => !hostAt(3).isUp(), 5_000);
    process.stdout.write(`driver marked the stopped node down after ${(performance.now() - stopped).toFixed(0)} ms\n`);
    await stopping;
    const queried = new Set<string>();
    for (let k = 0; k < 30; k++) {
      const write = await client.execute(INSERT, [k, `w${k}`], { prepare: true, consistency: consistencies.quorum });
      const read = await client.execute(`SELECT v FROM kv WHERE k = ${k}`, [], { consistency: consistencies.quorum });
      expect(read.first()['v']).toBe(`w${k}`);
      queried.add(write.info.queriedHost).add(read.info.queriedHost);
    }
    expect([...queried].sort()).toEqual([`127.0.0.1:${PORT}`, `127.0.0.2:${PORT}`]);
    // Once the coordinators' failure detectors have convicted it, ALL cannot even be tried.
    let unavailable: (Error & Record<string, unknown>) | null = null;
    await eventually(async () => {
      unavailable = await rejectionOf(client.execute(INSERT, [0, 'all'], { prepare: true, consistency: consistencies.all }));
      return unavailable['code'] === responseErrorCodes.unavailableException;
    }, 10_000);
    expect(unavailable).not.toBeNull();
    expect(unavailable).toMatchObject({ consistencies: consistencies.all, required: 3, alive: 2 });
    expect(unavailable!.message).toMatch(/Not enough replicas available for query at consistency ALL \(3 required but only 2 alive\)/);
  });

  it('is reconnected once it is back, and its first EXECUTE is re-prepared after Unprepared', async () => {
    const logs: string[] = [];
    client.on('log', (_level: string, _className: string, message: string) => logs.push(message));
    await cluster.db.cluster!.restartNode(2);
    await eventually(() => hostAt(3).isUp(), 10_000);
    const host = hostAt(3);
    await eventually(async () => {
      try {
        await client.execute(INSERT, [99, 'back'], { prepare: true, host });
        return true;
      } catch (error) {
        // Until the driver's pool to the node has its connection again.
        if (error instanceof cassandra.errors.NoHostAvailableError) return false;
        throw error;
      }
    }, 10_000);
    // The driver's own account of the Unprepared answer (request-execution.js).
    expect(logs.some((line) => line.includes(`not prepared on host ${host.address}`))).toBe(true);
    const read = await client.execute('SELECT v FROM kv WHERE k = ?', [99], { prepare: true, host, consistency: consistencies.one });
    expect(read.info.queriedHost).toBe(host.address);
    expect(read.first()['v']).toBe('back');
    await cluster.db.cluster!.awaitConvergence();
    await client.execute(INSERT, [100, 'all again'], { prepare: true, consistency: consistencies.all });
  });

  it('is marked down at once when it crashes too, and QUORUM writes go on through the others', async () => {
    const crashed = performance.now();
    const crashing = cluster.db.cluster!.stopNode(1, { graceful: false });
    await eventually(() => !hostAt(2).isUp(), 5_000);
    process.stdout.write(`driver marked the crashed node down after ${(performance.now() - crashed).toFixed(0)} ms\n`);
    await crashing;
    // A write is sent to every replica and waits for two: the others' failure detectors need not have convicted it yet.
    for (let k = 200; k < 210; k++) {
      const write = await client.execute(INSERT, [k, 'after crash'], { prepare: true, consistency: consistencies.quorum });
      expect(write.info.queriedHost).not.toBe(hostAt(2).address);
    }
  });
});
