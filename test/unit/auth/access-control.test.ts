/**
 * Permission resolution on a real node (an embedded storage engine, its catalog and executor):
 * system_auth written by NodeAuth, the default superuser, logins through the
 * PasswordAuthenticator, and statements run as roles through ClientAccess, as a connection's
 * would run them.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemTimers } from '../../../src/actors/system-timers.js';
import { resolveAuthOptions, type AuthOptions } from '../../../src/auth/auth-options.js';
import { AuthenticationError } from '../../../src/auth/authentication-error.js';
import { NodeAuth } from '../../../src/auth/node-auth.js';
import { encodePlainCredentials } from '../../../src/auth/sasl-plain.js';
import { Catalog } from '../../../src/cql/catalog/catalog.js';
import type { ExecutionResult } from '../../../src/cql/executor/execution-result.js';
import { StatementExecutor } from '../../../src/cql/executor/statement-executor.js';
import { parseStatement } from '../../../src/cql/parser/parser.js';
import { SystemClock } from '../../../src/lib/clock.js';
import { CqlErrorCode, SibylError } from '../../../src/lib/errors.js';
import { StorageEngine } from '../../../src/storage/storage-engine.js';

const FAST_HASH = { logN: 4, blockSize: 1, parallelism: 1 };
const FULL: AuthOptions = { authenticator: 'PasswordAuthenticator', authorizer: 'CassandraAuthorizer' };

interface Node {
  readonly auth: NodeAuth;
  run(user: string | null, cql: string): Promise<ExecutionResult>;
  login(user: string, password: string): Promise<string>;
  close(): Promise<void>;
}

async function openNode(options: AuthOptions, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-auth-')), keep = false): Promise<Node> {
  const clock = new SystemClock();
  const engine = await StorageEngine.open({ dataDirectory: dir, tables: Catalog.systemStorageTables(), threads: 1 });
  const catalog = await Catalog.open(engine, clock);
  const executor = new StatementExecutor();
  const auth = await NodeAuth.start({ catalog, executor, storage: () => engine }, resolveAuthOptions(options, 1), { clock, timers: systemTimers, hashParameters: FAST_HASH });
  await auth.ready;
  return {
    auth,
    run: (user, cql) =>
      executor.execute(parseStatement(cql), {
        catalog,
        engine,
        clock,
        keyspace: null,
        params: [],
        fetchSize: Infinity,
        pageState: null,
        ...(user === null ? {} : { access: auth.accessFor(user) }),
      }),
    async login(user, password) {
      const step = await auth.authenticator!.newSaslNegotiator().evaluateResponse(encodePlainCredentials(user, password));
      expect(step.kind).toBe('success');
      return step.kind === 'success' ? step.user : '';
    },
    async close() {
      auth.close();
      await engine.close();
      if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function failure(work: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await work;
  } catch (error) {
    if (error instanceof SibylError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a failure');
}

const unauthorized = (message: string) => ({ code: CqlErrorCode.unauthorized, message });
const invalid = (message: string) => ({ code: CqlErrorCode.invalid, message });
const rowsOf = (result: ExecutionResult): unknown[][] => (result.kind === 'rows' ? result.rows : []);

describe('access control on one node', () => {
  let node: Node;
  const su = 'cassandra';

  beforeAll(async () => {
    node = await openNode(FULL);
    await node.run(su, "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    await node.run(su, 'CREATE TABLE ks.t (k int PRIMARY KEY, v text)');
    await node.run(su, 'CREATE TABLE ks.other (k int PRIMARY KEY, v text)');
    await node.run(su, "INSERT INTO ks.t (k, v) VALUES (1, 'one')");
  });
  afterAll(() => node.close());

  it('sets up system_auth and the default superuser, who logs in with cassandra/cassandra', async () => {
    expect(await node.login('cassandra', 'cassandra')).toBe('cassandra');
    const roles = rowsOf(await node.run(su, 'SELECT role, is_superuser, can_login FROM system_auth.roles'));
    expect(roles).toEqual([['cassandra', true, true]]);
    expect(await failure(node.login('cassandra', 'wrong'))).toEqual({ code: CqlErrorCode.badCredentials, message: 'Provided username cassandra and/or password are incorrect' });
    expect(await failure(node.login('nobody', 'x'))).toEqual({ code: CqlErrorCode.badCredentials, message: 'Provided username nobody and/or password are incorrect' });
  });

  it('a role reads what it was granted and nothing else; REVOKE takes effect at once on this node', async () => {
    await node.run(su, "CREATE ROLE alice WITH PASSWORD = 'pw' AND LOGIN = true");
    expect(await node.login('alice', 'pw')).toBe('alice');
    expect(await failure(node.run('alice', 'SELECT * FROM ks.t'))).toEqual(unauthorized('User alice has no SELECT permission on <table ks.t> or any of its parents'));
    await node.run(su, 'GRANT SELECT ON ks.t TO alice');
    expect(rowsOf(await node.run('alice', 'SELECT k, v FROM ks.t'))).toEqual([[1, 'one']]);
    expect(await failure(node.run('alice', "INSERT INTO ks.t (k, v) VALUES (2, 'two')"))).toEqual(unauthorized('User alice has no MODIFY permission on <table ks.t> or any of its parents'));
    expect(await failure(node.run('alice', 'SELECT * FROM ks.other'))).toEqual(unauthorized('User alice has no SELECT permission on <table ks.other> or any of its parents'));
    expect(await failure(node.run('alice', 'DROP TABLE ks.t'))).toEqual(unauthorized('User alice has no DROP permission on <table ks.t> or any of its parents'));
    // What drivers read on connect is readable by anyone; system_auth is not.
    expect(rowsOf(await node.run('alice', "SELECT key FROM system.local WHERE key = 'local'"))).toEqual([['local']]);
    expect(rowsOf(await node.run('alice', 'SELECT keyspace_name FROM system_schema.keyspaces')).length).toBeGreaterThan(0);
    expect(await failure(node.run('alice', 'SELECT * FROM system_auth.roles'))).toEqual(unauthorized('User alice has no SELECT permission on <table system_auth.roles> or any of its parents'));
    await node.run(su, 'REVOKE SELECT ON ks.t FROM alice');
    expect(await failure(node.run('alice', 'SELECT * FROM ks.t'))).toMatchObject({ code: CqlErrorCode.unauthorized });
  });

  it('a permission on a keyspace or on ALL KEYSPACES covers the tables below', async () => {
    await node.run(su, "CREATE ROLE ann WITH PASSWORD = 'pw' AND LOGIN = true");
    await node.run(su, 'GRANT MODIFY ON KEYSPACE ks TO ann');
    await node.run('ann', "INSERT INTO ks.other (k, v) VALUES (9, 'nine')");
    expect(await failure(node.run('ann', 'SELECT * FROM ks.other'))).toMatchObject({ code: CqlErrorCode.unauthorized });
    await node.run(su, 'GRANT SELECT ON ALL KEYSPACES TO ann');
    expect(rowsOf(await node.run('ann', 'SELECT v FROM ks.other WHERE k = 9'))).toEqual([['nine']]);
  });

  it('roles granted to a role lend it their permissions and superuser status', async () => {
    await node.run(su, 'CREATE ROLE readers');
    await node.run(su, "CREATE ROLE bob WITH PASSWORD = 'pw' AND LOGIN = true");
    await node.run(su, 'GRANT SELECT ON ks.t TO readers');
    await node.run(su, 'GRANT readers TO bob');
    expect(rowsOf(await node.run('bob', 'SELECT v FROM ks.t WHERE k = 1'))).toEqual([['one']]);
    expect(await failure(node.run(su, 'GRANT bob TO readers'))).toEqual(invalid('bob is a member of readers'));
    expect(rowsOf(await node.run('bob', 'LIST ROLES'))).toEqual([
      ['bob', false, true, {}, 'ALL'],
      ['readers', false, false, {}, 'ALL'],
    ]);
    await node.run(su, 'REVOKE readers FROM bob');
    expect(await failure(node.run('bob', 'SELECT v FROM ks.t WHERE k = 1'))).toMatchObject({ code: CqlErrorCode.unauthorized });
    expect(await failure(node.run(su, 'REVOKE readers FROM bob'))).toEqual(invalid('bob is not a member of readers'));
    await node.run(su, 'CREATE ROLE admins WITH SUPERUSER = true');
    await node.run(su, 'GRANT admins TO bob');
    await node.run('bob', 'SELECT * FROM ks.other');
    await node.run(su, 'REVOKE admins FROM bob');
  });

  it('the creator of a keyspace or table gets every permission on it; dropping it revokes them', async () => {
    await node.run(su, "CREATE ROLE carl WITH PASSWORD = 'pw' AND LOGIN = true");
    expect(await failure(node.run('carl', "CREATE KEYSPACE kc WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"))).toEqual(
      unauthorized('User carl has no CREATE permission on <all keyspaces> or any of its parents'),
    );
    await node.run(su, 'GRANT CREATE ON ALL KEYSPACES TO carl');
    await node.run('carl', "CREATE KEYSPACE kc WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    await node.run('carl', 'CREATE TABLE kc.t (k int PRIMARY KEY)');
    await node.run('carl', 'INSERT INTO kc.t (k) VALUES (1)');
    const listed = rowsOf(await node.run('carl', 'LIST ALL PERMISSIONS OF carl'));
    expect(listed.filter((row) => row[2] === '<table kc.t>').map((row) => row[3])).toEqual(['ALTER', 'DROP', 'SELECT', 'MODIFY', 'AUTHORIZE']);
    expect(listed.filter((row) => row[2] === '<keyspace kc>').map((row) => row[3])).toEqual(['CREATE', 'ALTER', 'DROP', 'SELECT', 'MODIFY', 'AUTHORIZE']);
    await node.run('carl', 'DROP KEYSPACE kc');
    const after = rowsOf(await node.run(su, 'LIST ALL PERMISSIONS OF carl'));
    expect(after.map((row) => row[2])).toEqual(['<all keyspaces>']);
  });

  it('manages roles with Cassandra checks and messages', async () => {
    await node.run(su, "CREATE ROLE dave WITH PASSWORD = 'pw' AND LOGIN = true");
    expect(await failure(node.run(su, 'CREATE ROLE dave'))).toEqual(invalid('dave already exists'));
    await node.run(su, 'CREATE ROLE IF NOT EXISTS dave');
    expect(await failure(node.run('dave', 'CREATE ROLE eve'))).toEqual(unauthorized('User dave has no CREATE permission on <all roles> or any of its parents'));
    // A role changes its own password, and nothing else of itself.
    await node.run('dave', "ALTER ROLE dave WITH PASSWORD = 'new'");
    expect(await node.login('dave', 'new')).toBe('dave');
    expect(await failure(node.run('dave', 'ALTER ROLE dave WITH LOGIN = false'))).toEqual(unauthorized("You aren't allowed to alter LOGIN"));
    expect(await failure(node.run('dave', 'ALTER ROLE dave WITH SUPERUSER = true'))).toEqual(unauthorized("You aren't allowed to alter your own superuser status or that of a role granted to you"));
    expect(await failure(node.run(su, 'ALTER ROLE cassandra WITH SUPERUSER = false'))).toEqual(unauthorized("You aren't allowed to alter your own superuser status or that of a role granted to you"));
    expect(await failure(node.run(su, 'ALTER ROLE dave'))).toEqual(invalid("ALTER [ROLE|USER] can't be empty"));
    expect(await failure(node.run(su, 'ALTER ROLE nobody WITH LOGIN = true'))).toEqual(invalid("nobody doesn't exist"));
    expect(await failure(node.run(su, "CREATE ROLE x WITH PASSWORD = 'a' AND HASHED PASSWORD = 'b'"))).toEqual(invalid("Properties 'password' and 'hashed_password' are mutually exclusive"));
    expect(await failure(node.run(su, "CREATE ROLE ''"))).toEqual(invalid("Role name can't be an empty string"));
    await node.run(su, 'ALTER ROLE dave WITH LOGIN = false');
    expect(await failure(node.login('dave', 'new'))).toEqual({ code: CqlErrorCode.badCredentials, message: 'dave is not permitted to log in' });
    expect(await failure(node.run(su, 'DROP ROLE cassandra'))).toEqual(invalid('Cannot DROP primary role for current login'));
    await node.run(su, 'GRANT SELECT ON ks.t TO dave');
    await node.run(su, 'DROP ROLE dave');
    expect(await failure(node.run(su, 'DROP ROLE dave'))).toEqual(invalid("dave doesn't exist"));
    await node.run(su, 'DROP ROLE IF EXISTS dave');
    // A role of the same name starts with nothing: the dropped one's grants went with it.
    await node.run(su, 'CREATE ROLE dave');
    expect((await node.run(su, 'LIST ALL PERMISSIONS OF dave')).kind).toBe('void');
  });

  it('lists roles, users and permissions as Cassandra does', async () => {
    await node.run(su, "CREATE USER frank WITH PASSWORD 'pw' NOSUPERUSER");
    const users = rowsOf(await node.run(su, 'LIST USERS'));
    expect(users).toContainEqual(['frank', false, 'ALL']);
    expect(users).toContainEqual(['cassandra', true, 'ALL']);
    expect(users.some((row) => row[0] === 'readers')).toBe(false);
    const all = rowsOf(await node.run(su, 'LIST ROLES'));
    expect(all.map((row) => row[0])).toEqual([...all.map((row) => row[0] as string)].sort());
    expect(rowsOf(await node.run('frank', 'LIST ROLES'))).toEqual([['frank', false, true, {}, 'ALL']]);
    expect(await failure(node.run('frank', 'LIST ROLES OF cassandra'))).toEqual(unauthorized('You are not authorized to view roles granted to cassandra '));
    expect(await failure(node.run('frank', 'LIST ALL PERMISSIONS'))).toEqual(unauthorized("You are not authorized to view everyone's permissions"));
    await node.run(su, 'GRANT SELECT ON KEYSPACE ks TO frank');
    expect(rowsOf(await node.run('frank', 'LIST ALL PERMISSIONS ON ks.t OF frank'))).toEqual([['frank', 'frank', '<keyspace ks>', 'SELECT']]);
    expect((await node.run('frank', 'LIST ALL PERMISSIONS ON ks.t OF frank NORECURSIVE')).kind).toBe('void');
    expect(await failure(node.run(su, 'GRANT SELECT ON ks.nope TO frank'))).toEqual(invalid("Resource <table ks.nope> doesn't exist"));
    expect(await failure(node.run(su, 'GRANT SELECT ON ks.t TO nobody'))).toEqual(invalid("Role nobody doesn't exist"));
  });

  it('refuses schema changes in system_auth to everyone but lets a superuser change its replication', async () => {
    expect(await failure(node.run(su, 'DROP KEYSPACE system_auth'))).toEqual(unauthorized('Cannot DROP <keyspace system_auth>'));
    expect(await failure(node.run(su, 'DROP TABLE system_auth.roles'))).toEqual(unauthorized('Cannot DROP <table system_auth.roles>'));
    expect(await failure(node.run(su, 'CREATE TABLE system_auth.x (k int PRIMARY KEY)'))).toEqual(unauthorized('Cannot CREATE <keyspace system_auth>'));
    expect(await failure(node.run(null, 'DROP KEYSPACE system_auth'))).toEqual(unauthorized('Cannot DROP <keyspace system_auth>'));
    expect(await failure(node.run(su, 'DROP TABLE system.local'))).toEqual(unauthorized('system keyspace is not user-modifiable.'));
    await node.run(su, "ALTER KEYSPACE system_auth WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  });

  it('without a login, role statements are refused as for an anonymous user', async () => {
    expect(await failure(node.run(null, 'LIST ROLES'))).toEqual(unauthorized('You have not logged in'));
    expect(await failure(node.run(null, 'CREATE ROLE x'))).toEqual(unauthorized('You have not logged in'));
  });
});

describe('PasswordAuthenticator with AllowAllAuthorizer', () => {
  let node: Node;
  beforeAll(async () => {
    node = await openNode({ authenticator: 'PasswordAuthenticator' });
  });
  afterAll(() => node.close());

  it('checks nothing, manages roles, and refuses GRANT as Cassandra does', async () => {
    await node.run('cassandra', "CREATE ROLE gina WITH PASSWORD = 'pw' AND LOGIN = true");
    expect(await node.login('gina', 'pw')).toBe('gina');
    await node.run('gina', "CREATE KEYSPACE kg WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    expect(await failure(node.run('cassandra', 'GRANT SELECT ON KEYSPACE kg TO gina'))).toEqual(invalid('GRANT operation is not supported by AllowAllAuthorizer'));
    expect(await failure(node.run('cassandra', 'LIST ALL'))).toEqual(invalid('LIST PERMISSIONS operation is not supported by AllowAllAuthorizer'));
    expect(rowsOf(await node.run('gina', 'LIST ROLES')).map((row) => row[0])).toEqual(['cassandra', 'gina']);
  });

  it('refuses an authorizer without an authenticator, as Cassandra does', () => {
    expect(() => resolveAuthOptions({ authorizer: 'CassandraAuthorizer' }, 3)).toThrow("AllowAllAuthenticator can't be used with CassandraAuthorizer");
    expect(resolveAuthOptions(FULL, 5)).toEqual({ authenticator: 'PasswordAuthenticator', authorizer: 'CassandraAuthorizer', replicationFactor: 3, cacheValidityMs: 2000 });
  });
});

describe('a restarted node', () => {
  it('keeps its roles and schema, and does not bring back a dropped default superuser', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-auth-restart-'));
    try {
      let node = await openNode(FULL, dir, true);
      await node.run('cassandra', "CREATE ROLE admin WITH PASSWORD = 'pw' AND LOGIN = true AND SUPERUSER = true");
      await node.run('admin', 'DROP ROLE cassandra');
      const schemaVersion = async (): Promise<unknown> => rowsOf(await node.run('admin', "SELECT schema_version FROM system.local WHERE key = 'local'"))[0]![0];
      const before = await schemaVersion();
      await node.close();
      node = await openNode(FULL, dir, true);
      // system_auth's rows written again at start change nothing.
      expect(await schemaVersion()).toEqual(before);
      expect(await node.login('admin', 'pw')).toBe('admin');
      expect(await failure(node.login('cassandra', 'cassandra'))).toMatchObject({ code: CqlErrorCode.badCredentials });
      expect(rowsOf(await node.run('admin', 'LIST ROLES')).map((row) => row[0])).toEqual(['admin']);
      await node.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('AuthenticationError', () => {
  it('carries Bad credentials', () => {
    expect(new AuthenticationError('x').code).toBe(0x0100);
  });
});
