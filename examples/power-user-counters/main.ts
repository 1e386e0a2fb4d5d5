/**
 * "Power users": per-user activity counters, the classic use of Cassandra's counter columns.
 * Each request a user makes increments their counter for that action and the action's global
 * total, together in one COUNTER BATCH; counters cannot share a table with regular columns, so
 * the user's last-seen time lives in a table of its own, written USING TIMESTAMP the event's
 * time so the latest event wins whatever order concurrent requests arrive in. Thousands of
 * simulated requests run concurrently through the real DataStax driver at QUORUM; then the
 * example ranks the top users by total actions and totals each action, and checks every count
 * and every last-seen time against what was sent: a counter at QUORUM must neither lose nor
 * double an increment. Exits non-zero if any check fails.
 *
 *   npm run build && node dist/examples/power-user-counters/main.js
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cassandra from 'cassandra-driver';
import { Database } from '../../src/index.js';

const PORT = 19463;
const USERS = 1000;
const REQUESTS = 10_000;
const IN_FLIGHT_MAX = 128;
const TOP = 10;
const ACTIONS = ['view', 'click', 'like', 'comment', 'share', 'purchase'] as const;
const { quorum } = cassandra.types.consistencies;

interface UserActivity {
  readonly user: string;
  readonly action: string;
  /** How much the request adds: a view request may count several page views. */
  readonly amount: number;
  readonly atMs: number;
}

/** A small seeded generator (mulberry32), so every run sends the same requests. */
const seeded = (seed: number): (() => number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const random = seeded(42);
const userName = (n: number): string => `user-${String(n).padStart(4, '0')}`;

// Requests in event-time order, then shuffled: concurrent requests arrive out of order.
const startMs = Date.UTC(2026, 11, 8, 9, 0, 0);
const requests: UserActivity[] = Array.from({ length: REQUESTS }, (_, i) => {
  // Cubing a uniform draw skews it to low numbers: a few users make most requests.
  const user = userName(Math.floor(USERS * random() ** 3));
  const action = ACTIONS[Math.floor(random() * ACTIONS.length)]!;
  return { user, action, amount: action === 'view' ? 1 + Math.floor(random() * 5) : 1, atMs: startMs + i * 10 };
});
for (let i = requests.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [requests[i], requests[j]] = [requests[j]!, requests[i]!];
}

// What the database must answer, computed from what is sent.
const expectedCounts = new Map<string, Map<string, number>>();
const expectedActionTotals = new Map<string, number>();
const expectedLastSeen = new Map<string, number>();
for (const { user, action, amount, atMs } of requests) {
  const perAction = expectedCounts.get(user) ?? new Map<string, number>();
  expectedCounts.set(user, perAction.set(action, (perAction.get(action) ?? 0) + amount));
  expectedActionTotals.set(action, (expectedActionTotals.get(action) ?? 0) + amount);
  expectedLastSeen.set(user, Math.max(expectedLastSeen.get(user) ?? 0, atMs));
}
const totalOf = (perAction: ReadonlyMap<string, number>): number => [...perAction.values()].reduce((a, b) => a + b, 0);
/** Users by total actions, most first (ties by name, so the ranking is one order). */
const ranking = (totals: ReadonlyMap<string, number>): Array<[string, number]> =>
  [...totals].sort(([userA, a], [userB, b]) => b - a || userA.localeCompare(userB));

const runStart = performance.now();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-example-counters-'));
const db = await Database.open({ dataDir, nodes: 3, cluster: { nativePort: PORT, adminPort: 0 } });
const client = new cassandra.Client({ contactPoints: ['127.0.0.1'], localDataCenter: 'datacenter1', protocolOptions: { port: PORT } });
try {
  await client.connect();
  await client.execute("CREATE KEYSPACE activity WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
  // One row per user and action: adding an action needs no schema change.
  await client.execute('CREATE TABLE activity.user_actions (user_id text, action text, count counter, PRIMARY KEY (user_id, action))');
  // The per-action totals, kept as their own counters rather than summed over every user.
  await client.execute('CREATE TABLE activity.action_totals (action text PRIMARY KEY, count counter)');
  await client.execute('CREATE TABLE activity.last_seen (user_id text PRIMARY KEY, seen_at timestamp, action text)');

  const countBatch = [
    'UPDATE activity.user_actions SET count = count + ? WHERE user_id = ? AND action = ?',
    'UPDATE activity.action_totals SET count = count + ? WHERE action = ?',
  ];
  const lastSeen = 'INSERT INTO activity.last_seen (user_id, seen_at, action) VALUES (?, ?, ?) USING TIMESTAMP ?';
  const handle = async ({ user, action, amount, atMs }: UserActivity): Promise<void> => {
    const by = cassandra.types.Long.fromNumber(amount);
    await Promise.all([
      client.batch(
        [
          { query: countBatch[0]!, params: [by, user, action] },
          { query: countBatch[1]!, params: [by, action] },
        ],
        { prepare: true, counter: true, consistency: quorum },
      ),
      client.execute(lastSeen, [user, new Date(atMs), action, cassandra.types.Long.fromNumber(atMs * 1000)], { prepare: true, consistency: quorum }),
    ]);
  };
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < requests.length; i = next++) await handle(requests[i]!);
  };
  const sendStart = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT_MAX }, lane));
  const sendSeconds = (performance.now() - sendStart) / 1000;
  console.log(`${REQUESTS} requests from ${expectedCounts.size} users in ${sendSeconds.toFixed(1)} s: ${Math.round(REQUESTS / sendSeconds)} requests/s (a counter batch and a last-seen write each, at QUORUM, ${IN_FLIGHT_MAX} in flight)`);

  // Every user's counters, read back by scanning the table (the result set fetches page after page).
  const counted = new Map<string, Map<string, number>>();
  const scan = await client.execute('SELECT user_id, action, count FROM activity.user_actions', [], { prepare: true, consistency: quorum, fetchSize: 1000 });
  for await (const row of scan) {
    const perAction = counted.get(row['user_id'] as string) ?? new Map<string, number>();
    counted.set(row['user_id'] as string, perAction.set(row['action'] as string, (row['count'] as cassandra.types.Long).toNumber()));
  }
  const sorted = (counts: ReadonlyMap<string, ReadonlyMap<string, number>>) => [...counts].map(([user, perAction]) => [user, [...perAction].sort()] as const).sort();
  assert.deepEqual(sorted(counted), sorted(expectedCounts), 'every per-user, per-action counter equals what was sent');

  const top = ranking(new Map([...counted].map(([user, perAction]) => [user, totalOf(perAction)]))).slice(0, TOP);
  assert.deepEqual(top, ranking(new Map([...expectedCounts].map(([user, perAction]) => [user, totalOf(perAction)]))).slice(0, TOP));
  console.log(`top ${TOP} users by total actions: ${top.map(([user, total]) => `${user} ${total}`).join(', ')}`);

  // The denormalized totals agree with the sums over users and with what was sent.
  const totals = await client.execute('SELECT action, count FROM activity.action_totals', [], { consistency: quorum });
  const actionTotals = new Map(totals.rows.map((row) => [row['action'] as string, (row['count'] as cassandra.types.Long).toNumber()]));
  assert.deepEqual([...actionTotals].sort(), [...expectedActionTotals].sort(), 'every action total equals what was sent');
  const summed = new Map<string, number>();
  for (const perAction of counted.values()) for (const [action, count] of perAction) summed.set(action, (summed.get(action) ?? 0) + count);
  assert.deepEqual([...summed].sort(), [...actionTotals].sort());
  console.log(`per-action totals: ${ACTIONS.map((action) => `${action} ${actionTotals.get(action)}`).join(', ')}`);

  // The power user's own row, by key, as a dashboard would read it.
  const [powerUser] = top[0]!;
  const own = await client.execute('SELECT action, count FROM activity.user_actions WHERE user_id = ?', [powerUser], { prepare: true, consistency: quorum });
  assert.deepEqual(own.rows.map((row) => [row['action'], (row['count'] as cassandra.types.Long).toNumber()]), [...expectedCounts.get(powerUser)!].sort());

  // Last seen: the latest event of each user, though requests arrived shuffled.
  const seen = await client.execute('SELECT user_id, seen_at FROM activity.last_seen', [], { consistency: quorum, fetchSize: 10_000 });
  assert.deepEqual(
    seen.rows.map((row) => [row['user_id'] as string, (row['seen_at'] as Date).getTime()]).sort(),
    [...expectedLastSeen].sort(),
    'every last-seen time is the user\'s latest event',
  );
  console.log(`last-seen times of ${seen.rows.length} users are their latest events; done in ${((performance.now() - runStart) / 1000).toFixed(1)} s`);
} finally {
  await client.shutdown();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
