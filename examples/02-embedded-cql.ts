/**
 * Sibyl embedded, spoken to in CQL: a keyspace, a table with a clustering key and a collection,
 * prepared inserts, a slice read in reverse order, paging, a batch, and the bulk path. Checks
 * its own results and exits non-zero if any is wrong.
 *
 *   npm run build && node dist/examples/02-embedded-cql.js
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../src/index.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-example-cql-'));
const db = await Database.open({ dataDir });
try {
  await db.execute("CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await db.execute('USE shop');
  await db.execute('CREATE TABLE orders (customer text, placed int, item text, tags set<text>, PRIMARY KEY (customer, placed)) WITH CLUSTERING ORDER BY (placed DESC)');

  for (let placed = 1; placed <= 20; placed++) {
    await db.execute('INSERT INTO orders (customer, placed, item) VALUES (?, ?, ?)', ['ada', placed, `item-${placed}`], { prepare: true });
  }
  await db.execute("UPDATE orders SET tags = tags + {'gift'} WHERE customer = 'ada' AND placed = 20");

  // Newest first (the table's order), a slice of it.
  const recent = await db.execute("SELECT placed, item, tags FROM orders WHERE customer = 'ada' AND placed > 17");
  assert.deepEqual(recent.rows.map((r) => r['placed']), [20, 19, 18]);
  assert.deepEqual(recent.first()?.['tags'], ['gift']);

  // Pages of 6 rows, oldest first.
  const seen: unknown[] = [];
  for await (const row of db.stream("SELECT placed FROM orders WHERE customer = 'ada' ORDER BY placed ASC", [], { fetchSize: 6 })) seen.push(row['placed']);
  assert.deepEqual(seen, Array.from({ length: 20 }, (_, i) => i + 1));

  await db.batch([
    { query: 'DELETE FROM orders WHERE customer = ? AND placed = ?', params: ['ada', 1] },
    { query: 'INSERT INTO orders (customer, placed, item) VALUES (?, ?, ?)', params: ['bob', 1, 'pen'] },
  ]);
  const count = await db.execute("SELECT count(*) FROM orders WHERE customer = 'ada'");
  assert.equal(String(count.first()?.['count']), '19');

  // The bulk path: rows without CQL text.
  await db.insertRows('shop', 'orders', Array.from({ length: 1000 }, (_, i) => ({ customer: 'carol', placed: i, item: `bulk-${i}` })));
  const carol = await db.execute("SELECT count(*) FROM orders WHERE customer = 'carol'");
  assert.equal(String(carol.first()?.['count']), '1000');

  try {
    await db.execute('SELECT * FROM orders WHERE item = ?', ['pen']);
    assert.fail('filtering without ALLOW FILTERING must be refused');
  } catch (error) {
    assert.equal((error as { code: number }).code, 0x2200);
  }
  console.log('02-embedded-cql: ok');
} finally {
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
