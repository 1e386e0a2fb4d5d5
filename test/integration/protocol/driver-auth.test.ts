// Authentication and authorization with the real cassandra-driver (PlainTextAuthProvider)
// against a 3-node cluster started with PasswordAuthenticator and CassandraAuthorizer: a wrong
// password is an AuthenticationError; the default superuser creates a role and grants it SELECT
// on one table; that role reads it and gets Unauthorized on writes and on another table; a
// REVOKE takes effect; a role created through one node logs in through another; requests
// before the login are refused as Cassandra refuses them.

import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainQueryParameters } from '../../../src/protocol/messages/query-parameters.js';
import { RawClient } from '../../unit/protocol/helpers/raw-client.js';
import { encodePlainCredentials } from '../../../src/auth/sasl-plain.js';
import { eventually, openDriverCluster, rejectionOf, type DriverCluster } from './driver-cluster.js';

const PORT = 19430;
const { PlainTextAuthProvider } = cassandra.auth;
const UNAUTHORIZED = 0x2100;

let cluster: DriverCluster;
let admin: cassandra.Client;

const as = (user: string, password: string, contactPoint = '127.0.0.1'): Promise<cassandra.Client> =>
  cluster.client({ contactPoints: [contactPoint], authProvider: new PlainTextAuthProvider(user, password) });

beforeAll(async () => {
  cluster = await openDriverCluster(PORT, { auth: { authenticator: 'PasswordAuthenticator', authorizer: 'CassandraAuthorizer' } });
  admin = await as('cassandra', 'cassandra');
  await admin.execute("CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
  await admin.execute('CREATE TABLE shop.items (id int PRIMARY KEY, name text)');
  await admin.execute('CREATE TABLE shop.secrets (id int PRIMARY KEY, note text)');
  await admin.execute("INSERT INTO shop.items (id, name) VALUES (1, 'lamp')");
}, 60_000);
afterAll(async () => cluster?.close());

describe('authentication', () => {
  it('refuses a wrong password and an unknown role with AuthenticationError, and no credentials at all', async () => {
    const wrong = await rejectionOf(as('cassandra', 'nope'));
    expect(wrong).toBeInstanceOf(cassandra.errors.NoHostAvailableError);
    const inner = Object.values((wrong as unknown as cassandra.errors.NoHostAvailableError).innerErrors) as Error[];
    expect(inner[0]).toBeInstanceOf(cassandra.errors.AuthenticationError);
    expect(inner[0]!.message).toContain('Provided username cassandra and/or password are incorrect');
    const unknown = await rejectionOf(as('mallory', 'x'));
    expect(String((Object.values((unknown as unknown as cassandra.errors.NoHostAvailableError).innerErrors)[0] as Error).message)).toContain('Provided username mallory and/or password are incorrect');
    // No auth provider: the driver cannot answer AUTHENTICATE.
    const anonymous = await rejectionOf(cluster.client());
    expect(Object.values((anonymous as unknown as cassandra.errors.NoHostAvailableError).innerErrors)[0]).toBeInstanceOf(cassandra.errors.AuthenticationError);
  });

  it('refuses a request before the login as a protocol error, and answers the SASL token', async () => {
    const raw = await RawClient.connect(PORT, '127.0.0.2');
    try {
      raw.send({ kind: 'startup', options: new Map([['CQL_VERSION', '3.0.0']]) });
      expect((await raw.next()).response).toEqual({ kind: 'authenticate', authenticator: 'org.apache.cassandra.auth.PasswordAuthenticator' });
      raw.send({ kind: 'query', query: 'SELECT * FROM shop.items', parameters: plainQueryParameters('ONE') }, 1);
      expect((await raw.next()).response).toMatchObject({ kind: 'error', error: { kind: 'protocol', message: 'Unexpected message QUERY, expecting SASL_RESPONSE' } });
      raw.send({ kind: 'auth-response', token: encodePlainCredentials('cassandra', 'bad') }, 2);
      expect((await raw.next()).response).toMatchObject({ kind: 'error', error: { kind: 'badCredentials', message: 'Provided username cassandra and/or password are incorrect' } });
      // The connection stays, and the client may answer again.
      raw.send({ kind: 'auth-response', token: encodePlainCredentials('cassandra', 'cassandra') }, 3);
      expect((await raw.next()).response).toEqual({ kind: 'auth-success', token: null });
      raw.send({ kind: 'query', query: 'SELECT name FROM shop.items WHERE id = 1', parameters: plainQueryParameters('ONE') }, 4);
      expect((await raw.next()).response).toMatchObject({ kind: 'result', result: { kind: 'rows' } });
    } finally {
      raw.close();
    }
  });
});

describe('authorization', () => {
  it('a role granted SELECT on one table reads it, and nothing else; REVOKE takes effect', async () => {
    await admin.execute("CREATE ROLE reader WITH PASSWORD = 'r3ader' AND LOGIN = true");
    await admin.execute('GRANT SELECT ON shop.items TO reader');
    const reader = await as('reader', 'r3ader');
    expect((await reader.execute('SELECT name FROM shop.items WHERE id = ?', [1], { prepare: true })).first()['name']).toBe('lamp');
    // The driver's own metadata queries (system.local, peers, system_schema) pass for any role.
    expect(reader.metadata.keyspaces['shop']).toBeDefined();

    const write = await rejectionOf(reader.execute('INSERT INTO shop.items (id, name) VALUES (?, ?)', [2, 'desk'], { prepare: true }));
    expect(write).toBeInstanceOf(cassandra.errors.ResponseError);
    expect(write['code']).toBe(UNAUTHORIZED);
    expect(write.message).toBe('User reader has no MODIFY permission on <table shop.items> or any of its parents');
    const other = await rejectionOf(reader.execute('SELECT * FROM shop.secrets'));
    expect(other['code']).toBe(UNAUTHORIZED);
    expect(other.message).toBe('User reader has no SELECT permission on <table shop.secrets> or any of its parents');
    const grant = await rejectionOf(reader.execute('GRANT SELECT ON shop.secrets TO reader'));
    expect(grant['code']).toBe(UNAUTHORIZED);

    await admin.execute('REVOKE SELECT ON shop.items FROM reader');
    // The node that ran the REVOKE honours it at once, every other node once its cache entry
    // expires (2 s, Cassandra's permissions_validity).
    const hosts = [1, 2, 3].map((i) => reader.hosts.get(`127.0.0.${i}:${PORT}`)!);
    const refusedBy = async (host: cassandra.Host): Promise<boolean> =>
      (await reader.execute('SELECT name FROM shop.items WHERE id = 1', [], { host }).then(() => null, (error: unknown) => error as Record<string, unknown>))?.['code'] === UNAUTHORIZED;
    const revokedAt = Date.now();
    await eventually(async () => (await Promise.all(hosts.map(refusedBy))).every(Boolean), 5000);
    expect(Date.now() - revokedAt).toBeLessThan(4000);
  });

  it('a role created through one node logs in and is authorized through another', async () => {
    const via1 = await as('cassandra', 'cassandra', '127.0.0.1');
    const node1 = via1.hosts.get(`127.0.0.1:${PORT}`)!;
    await via1.execute("CREATE ROLE writer WITH PASSWORD = 'wr1ter' AND LOGIN = true", [], { host: node1 });
    await via1.execute('GRANT MODIFY ON KEYSPACE shop TO writer', [], { host: node1 });
    const writer = await as('writer', 'wr1ter', '127.0.0.3');
    const node3 = writer.hosts.get(`127.0.0.3:${PORT}`)!;
    await writer.execute('INSERT INTO shop.secrets (id, note) VALUES (?, ?)', [7, 'seven'], { prepare: true, host: node3, consistency: cassandra.types.consistencies.quorum });
    const read = await admin.execute('SELECT note FROM shop.secrets WHERE id = 7', [], { consistency: cassandra.types.consistencies.quorum });
    expect(read.first()['note']).toBe('seven');
    expect((await rejectionOf(writer.execute('SELECT * FROM shop.secrets', [], { host: node3 })))['code']).toBe(UNAUTHORIZED);
  });

  it('lists roles and permissions to the superuser', async () => {
    const roles = (await admin.execute('LIST ROLES')).rows.map((row) => [row['role'], row['super'], row['login']]);
    expect(roles).toEqual([
      ['cassandra', true, true],
      ['reader', false, true],
      ['writer', false, true],
    ]);
    const permissions = (await admin.execute('LIST ALL PERMISSIONS OF writer')).rows.map((row) => `${row['role']} ${row['resource']} ${row['permission']}`);
    expect(permissions).toEqual(['writer <keyspace shop> MODIFY']);
    // The creator of a role, a keyspace or a table holds every permission on it.
    const created = (await admin.execute('LIST ALL PERMISSIONS OF cassandra')).rows.map((row) => `${row['resource']} ${row['permission']}`);
    expect(created).toEqual(expect.arrayContaining(['<keyspace shop> CREATE', '<table shop.items> MODIFY', '<role writer> ALTER', '<role writer> DROP', '<role writer> AUTHORIZE']));
  });
});
