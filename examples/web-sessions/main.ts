/**
 * Web sessions kept in Sibyl: an Express app whose `express-session` store is the npm package
 * `cassandra-store`, unchanged (it talks to the cluster through its own cassandra-driver 3.5).
 * Sessions are the classic Cassandra use of TTL: the store writes each session with
 * `USING TTL <cookie maxAge>`, so an idle session disappears without a delete. The example logs
 * in over HTTP, counts page views in the session, reads the same session row through the
 * current DataStax driver, logs a second user out (the row is deleted), keeps the first session
 * alive past its TTL by using it (each request writes it again with a fresh TTL), then lets it
 * expire and checks that its row is gone and that its old cookie now gets a new session.
 * Exits non-zero if any check fails.
 *
 *   npm run build && node dist/examples/web-sessions/main.js
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import cassandra from 'cassandra-driver';
import express from 'express';
import session from 'express-session';
import { Database } from '../../src/index.js';

const PORT = 19460;
// A TTL counts whole seconds from the second of the write (as in Cassandra), and the store
// rounds maxAge down to seconds, so a 5 s maxAge is a row that lives between 3 and 5 s: requests
// of one session must come closer together than that for it to stay alive.
const SESSION_MAX_AGE_MS = 5_000;
const ACTIVE_REQUEST_INTERVAL_MS = 1_000;
const EXPIRY_WAIT_MAX_MS = 10_000;
const COOKIE_NAME = 'sid';
const { quorum } = cassandra.types.consistencies;

declare module 'express-session' {
  interface SessionData {
    user: string;
    views: number;
  }
}

// cassandra-store ships no types: the part of its API used here (an express-session Store whose
// constructor connects its own driver client and reports through the callback).
interface CassandraStoreOptions {
  readonly table: string;
  readonly clientOptions: { readonly contactPoints: string[]; readonly protocolOptions: { readonly port: number }; readonly keyspace: string; readonly queryOptions: { readonly prepare: boolean; readonly consistency: number } };
}
interface CassandraStore extends session.Store {
  readonly client: { shutdown(): Promise<void> };
  length(callback: (err: Error | null, length: number) => void): void;
}
const require = createRequire(import.meta.url);
const CassandraStore = require('cassandra-store') as new (options: CassandraStoreOptions, onConnect: (err?: Error) => void) => CassandraStore;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-example-sessions-'));
const db = await Database.open({ dataDir, nodes: 3, cluster: { nativePort: PORT, adminPort: 0 } });
const client = new cassandra.Client({ contactPoints: ['127.0.0.1'], localDataCenter: 'datacenter1', protocolOptions: { port: PORT } });
let store: CassandraStore | undefined;
let server: ReturnType<express.Express['listen']> | undefined;
try {
  await client.connect();
  await client.execute("CREATE KEYSPACE web WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
  // The table of cassandra-store's cql/create.cql.
  await client.execute('CREATE TABLE web.sessions (sid text, session text, expires timestamp, PRIMARY KEY (sid))');

  store = await new Promise<CassandraStore>((resolve, reject) => {
    const created: CassandraStore = new CassandraStore(
      {
        table: 'sessions',
        clientOptions: { contactPoints: ['127.0.0.1'], protocolOptions: { port: PORT }, keyspace: 'web', queryOptions: { prepare: true, consistency: quorum } },
      },
      (err) => (err === undefined || err === null ? resolve(created) : reject(err)),
    );
  });

  const app = express();
  app.use(express.json());
  app.use(
    session({
      store,
      name: COOKIE_NAME,
      secret: 'example-secret',
      resave: false,
      saveUninitialized: false,
      // Each response restarts the session's life, so the store's TTL is the idle time allowed.
      rolling: true,
      cookie: { maxAge: SESSION_MAX_AGE_MS },
    }),
  );
  app.post('/login', (req, res) => {
    req.session.user = String(req.body.user);
    req.session.views = 0;
    res.json({ user: req.session.user });
  });
  app.get('/counter', (req, res) => {
    req.session.views = (req.session.views ?? 0) + 1;
    res.json({ user: req.session.user ?? null, views: req.session.views });
  });
  // Reads the session without changing it: express-session then calls the store's touch(),
  // which writes the session again with a fresh TTL.
  app.get('/whoami', (req, res) => {
    res.json({ user: req.session.user ?? null, views: req.session.views ?? 0 });
  });
  app.post('/logout', (req, res, next) => {
    req.session.destroy((err: unknown) => (err === undefined || err === null ? res.json({ loggedOut: true }) : next(err)));
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server!.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const loginAt = Date.now();
  const ada = await login(base, 'ada');

  // A second user logs in and out: logout deletes that session's row at once.
  const bob = await login(base, 'bob');
  assert.equal(await storeLength(store), 2);
  const logout = await fetch(`${base}/logout`, { method: 'POST', headers: { cookie: bob.cookie } });
  assert.deepEqual(await logout.json(), { loggedOut: true });
  assert.equal((await client.execute('SELECT sid FROM web.sessions WHERE sid = ?', [bob.sid], { prepare: true, consistency: quorum })).rowLength, 0);
  assert.equal(await storeLength(store), 1);

  for (let expected = 1; expected <= 3; expected++) {
    const page = await visit(base, ada.cookie);
    assert.deepEqual(page.body, { user: 'ada', views: expected });
    assert.equal(page.sid, ada.sid, 'the cookie carries the same session across requests');
  }

  // The session is an ordinary row: the current driver reads what the store wrote.
  const row = (await client.execute('SELECT session, expires, ttl(session) AS ttl FROM web.sessions WHERE sid = ?', [ada.sid], { prepare: true, consistency: quorum })).first();
  assert.ok(row !== null, 'the session row is in Sibyl');
  const stored = JSON.parse(row['session'] as string) as { user: string; views: number };
  assert.deepEqual({ user: stored.user, views: stored.views }, { user: 'ada', views: 3 });
  const ttlSeconds = row['ttl'] as number;
  assert.ok(ttlSeconds >= 1 && ttlSeconds <= SESSION_MAX_AGE_MS / 1000, `the row carries the session's TTL (${ttlSeconds} s)`);
  assert.ok((row['expires'] as Date).getTime() > loginAt, 'the store keeps the expiry time beside the session');

  // An active session outlives its TTL: each request re-writes the row with a fresh TTL.
  const activeSince = Date.now();
  while (Date.now() - activeSince < SESSION_MAX_AGE_MS + ACTIVE_REQUEST_INTERVAL_MS / 2) {
    await sleep(ACTIVE_REQUEST_INTERVAL_MS);
    const response = await fetch(`${base}/whoami`, { headers: { cookie: ada.cookie } });
    assert.deepEqual(await response.json(), { user: 'ada', views: 3 }, 'the session stays alive while in use');
  }

  // Left idle, ada's session expires by its TTL alone: no request deletes it.
  const idleSince = Date.now();
  let expiredAfterMs = -1;
  while (Date.now() - idleSince < EXPIRY_WAIT_MAX_MS) {
    await sleep(250);
    const left = await client.execute('SELECT sid FROM web.sessions WHERE sid = ?', [ada.sid], { prepare: true, consistency: quorum });
    if (left.rowLength === 0) {
      expiredAfterMs = Date.now() - idleSince;
      break;
    }
  }
  assert.ok(expiredAfterMs >= 0, 'the session row expired');
  assert.equal(await storeLength(store), 0);

  // The old cookie now names no session: the app starts a new one.
  const after = await visit(base, ada.cookie);
  assert.deepEqual(after.body, { user: null, views: 1 });
  assert.notEqual(after.sid, ada.sid);
  console.log(`sessions: 3 views counted in Sibyl, logout deleted the row, an active session outlived its TTL, an idle one (TTL ${ttlSeconds} s) expired after ${expiredAfterMs} ms`);
} finally {
  if (server !== undefined) await new Promise((resolve) => server!.close(resolve));
  await store?.client.shutdown();
  await client.shutdown();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

interface Visit {
  readonly cookie: string;
  readonly sid: string;
  readonly body: unknown;
}

async function login(base: string, user: string): Promise<Visit> {
  const response = await fetch(`${base}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user }) });
  assert.equal(response.status, 200);
  const visit = toVisit(response.headers, await response.json());
  assert.deepEqual(visit.body, { user });
  return visit;
}

async function visit(base: string, cookie: string): Promise<Visit> {
  const response = await fetch(`${base}/counter`, { headers: { cookie } });
  assert.equal(response.status, 200);
  return toVisit(response.headers, await response.json());
}

/** The session cookie a response sets (rolling sessions set it on every response) and its session id. */
function toVisit(headers: Headers, body: unknown): Visit {
  const setCookie = headers.getSetCookie().find((c) => c.startsWith(`${COOKIE_NAME}=`));
  assert.ok(setCookie !== undefined, 'the response sets the session cookie');
  const cookie = setCookie.split(';')[0]!;
  // express-session signs the id: s:<sid>.<signature>, URI-encoded.
  const signed = decodeURIComponent(cookie.slice(COOKIE_NAME.length + 1));
  assert.ok(signed.startsWith('s:'));
  return { cookie, sid: signed.slice(2, signed.lastIndexOf('.')), body };
}

function storeLength(sessions: CassandraStore): Promise<number> {
  return new Promise((resolve, reject) => sessions.length((err, length) => (err === null ? resolve(length) : reject(err))));
}
