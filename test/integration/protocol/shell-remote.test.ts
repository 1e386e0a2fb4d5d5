// `sibyl shell --host`: the built CLI speaks the native protocol (through the Node driver) to
// a running 3-node cluster, as cqlsh does: DDL and DML run, rows print as cqlsh prints them,
// DESCRIBE is answered by the server, USE follows, and a failing statement exits 2 with
// cqlsh's error line. A host that does not answer is a connection error, exit 1.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runShellCli } from '../../helpers/run-shell-cli.js';
import { openDriverCluster, type DriverCluster } from './driver-cluster.js';

const PORT = 19423;
const shell = (args: readonly string[]) => runShellCli(args);

let cluster: DriverCluster;

describe('sibyl shell --host', () => {
  beforeAll(async () => {
    cluster = await openDriverCluster(PORT);
  }, 60_000);
  afterAll(async () => cluster?.close());

  it('runs statements over the protocol and prints rows as cqlsh', async () => {
    const setup = await shell([
      '--host', '127.0.0.2', '--port', String(PORT), '-e',
      `CREATE KEYSPACE remote WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3};
       USE remote; CREATE TABLE users (id int PRIMARY KEY, name text, tags set<text>);
       INSERT INTO users (id, name, tags) VALUES (1, 'alice', {'a', 'b'}); INSERT INTO users (id, name) VALUES (22, 'bo')`,
    ]);
    expect(setup).toEqual({ stdout: '', stderr: '', status: 0 });
    const select = await shell(['--host', '127.0.0.1', '--port', String(PORT), '-e', 'SELECT id, name, tags FROM remote.users WHERE id IN (1, 22)']);
    expect(select.stderr).toBe('');
    expect(select.stdout).toBe(
      ['', ' id | name  | tags', '----+-------+------------', "  1 | alice | {'a', 'b'}", ' 22 |    bo |       null', '', '(2 rows)', ''].join('\n'),
    );
  }, 60_000);

  it('prints what the server answers to DESCRIBE, and fails a bad statement with exit 2', async () => {
    const describe = await shell(['--host', '127.0.0.3', '--port', String(PORT), '-e', 'DESCRIBE KEYSPACE remote']);
    expect(describe.status).toBe(0);
    expect(describe.stdout).toContain("CREATE KEYSPACE remote WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '3'}");
    expect(describe.stdout).toContain('CREATE TABLE remote.users (');
    const bad = await shell(['--host', '127.0.0.1', '--port', String(PORT), '-e', 'SELECT * FROM remote.missing']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unconfigured table missing');
  }, 60_000);

  it('says so when nothing answers at the address', async () => {
    const run = await shell(['--host', '127.0.0.9', '--port', String(PORT), '-e', 'SELECT * FROM system.local']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Connection error: ('Unable to connect to any servers', {'127.0.0.9:19423'");
  }, 60_000);
});
