/**
 * Read repair beyond single partitions: a range read (SELECT without a partition key) at ALL
 * reconciles what every replica holds and brings the stale ones up to date before it
 * answers, as a partition read does; a range read at ONE repairs nothing.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/database.js';

let dir: string;
let db: Database;

const FAST = { gossipIntervalMs: 100, timeouts: { writeMs: 600, readMs: 1000, rangeMs: 3000 }, seed: 5 };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-read-repair-'));
  db = await Database.open({ dataDir: dir, nodes: 3, cluster: FAST });
  await db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
  await db.execute('CREATE TABLE ks.events (k int, c int, v text, PRIMARY KEY (k, c))');
}, 60_000);

afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes on nodes 1 and 2 only (node 3 cut off, no hints): node 3 misses all of them. */
async function writeMissedByThirdNode(statements: ReadonlyArray<readonly [string, unknown[]]>): Promise<void> {
  const cluster = db.cluster!;
  await cluster.awaitConvergence();
  for (const node of cluster.runningNodes()) node.hints.setEnabled(false);
  cluster.partition(['127.0.0.3'], ['127.0.0.1', '127.0.0.2']);
  try {
    for (const [cql, params] of statements) await db.execute(cql, params, { prepare: true, consistency: 'QUORUM' });
    // Node 3's share of the last writes is still waiting for its reply; at the write timeout it
    // becomes a hint, so hints are turned back on only once every such deadline has passed.
    await new Promise((resolve) => setTimeout(resolve, 2 * FAST.timeouts.writeMs));
  } finally {
    cluster.heal();
    for (const node of cluster.runningNodes()) node.hints.setEnabled(true);
  }
  await cluster.awaitConvergence();
}

async function thirdNodeRows(): Promise<string[]> {
  const rs = await db.onNode(2).execute('SELECT k, c, v FROM ks.events', [], { consistency: 'ONE', fetchSize: 10_000 });
  return rs.rows.map((r) => `${r['k']}/${r['c']}=${r['v']}`).sort();
}

describe('read repair on range reads', () => {
  it('a range read at ALL answers every row and leaves the replica that missed them up to date, across pages', async () => {
    const writes: Array<readonly [string, unknown[]]> = [];
    for (let k = 0; k < 40; k++) for (let c = 0; c < 3; c++) writes.push(['INSERT INTO ks.events (k, c, v) VALUES (?, ?, ?)', [k, c, `v${k}.${c}`]]);
    await writeMissedByThirdNode(writes);
    expect(await thirdNodeRows()).toEqual([]);

    // A range read at ONE from node 3 reads node 3 alone: nothing to compare, nothing repaired.
    expect(await thirdNodeRows()).toEqual([]);

    // Small pages: every page of the scan is repaired before it is answered.
    const all = await db.onNode(0).execute('SELECT k, c, v FROM ks.events', [], { consistency: 'ALL', fetchSize: 25 });
    const expected = writes.map(([, [k, c, v]]) => `${k}/${c}=${v}`).sort();
    let rows = all.rows.map((r) => `${r['k']}/${r['c']}=${r['v']}`);
    let page = all;
    while (page.pageState !== null) {
      page = await db.onNode(0).execute('SELECT k, c, v FROM ks.events', [], { consistency: 'ALL', fetchSize: 25, pageState: page.pageState });
      rows = rows.concat(page.rows.map((r) => `${r['k']}/${r['c']}=${r['v']}`));
    }
    expect(rows.sort()).toEqual(expected);
    expect(await thirdNodeRows()).toEqual(expected);
  }, 60_000);

  it('repairs deletions too: a row deleted while a replica was away is not served by it after a range read at ALL', async () => {
    await writeMissedByThirdNode([['DELETE FROM ks.events WHERE k = ? AND c = ?', [7, 1]], ['DELETE FROM ks.events WHERE k = ?', [8]]]);
    expect(await thirdNodeRows()).toContain('7/1=v7.1');
    const all = await db.onNode(1).execute('SELECT k, c, v FROM ks.events', [], { consistency: 'ALL', fetchSize: 10_000 });
    const served = all.rows.map((r) => `${r['k']}/${r['c']}`);
    expect(served).not.toContain('7/1');
    expect(served.filter((id) => id.startsWith('8/'))).toEqual([]);
    const third = await thirdNodeRows();
    expect(third).not.toContain('7/1=v7.1');
    expect(third.filter((id) => id.startsWith('8/'))).toEqual([]);
    expect(third).toHaveLength(40 * 3 - 1 - 3);
  }, 60_000);
});
