// `sibyl stress` through the real cassandra-driver against a Sibyl node serving CQL on a port
// of its own: rows written by the CLI are counted through the database afterwards, a mixed
// run at a fixed rate reads what was written, a user profile and YCSB run their schemas, and
// a keyspace the node cannot serve at QUORUM shows Unavailable (0x1000) by code.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../../src/api/database.js';
import { runStressCli } from './run-stress-cli.js';

const PORT = 19470;
const target = ['-node', '127.0.0.1', '-port', `native=${PORT}`];
let dir: string;
let db: Database;

const countRows = async (table: string): Promise<number> => Number((await db.execute(`SELECT count(*) FROM ${table}`)).rows[0]!['count']);

describe('sibyl stress through cassandra-driver', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-stress-driver-'));
    db = await Database.open({ dataDir: path.join(dir, 'data'), nodes: 1, cluster: { nativePort: PORT, adminPort: 0 } });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes n rows, then reads and writes them in a mixed run at a fixed rate', async () => {
    const write = await runStressCli(['write', 'n=3000', 'cl=ONE', '-rate', 'threads=32', ...target]);
    expect(write.stderr).toBe('');
    expect(write.status).toBe(0);
    expect(write.stdout).toContain('cassandra-driver to 127.0.0.1:19470 (1 node found)');
    expect(await countRows('keyspace1.standard1')).toBe(3000);

    const log = path.join(dir, 'mixed.json');
    const mixed = await runStressCli(['mixed', 'ratio(write=1,read=3)', 'n=1000', '-pop', 'dist=uniform(1..3000)', '-rate', 'fixed=2000/s', ...target, '-log', `file=${log}`]);
    expect(mixed.stderr).toBe('');
    expect(mixed.status).toBe(0);
    const result = JSON.parse(fs.readFileSync(log, 'utf8'));
    expect(result.settings.rate).toEqual({ kind: 'fixed', perSecond: 2000, inFlightMax: 1024 });
    const { kinds, total } = result.phases[0].totals;
    expect(total).toMatchObject({ operations: 1000, errors: 0 });
    expect(kinds.READ.operations).toBeGreaterThan(kinds.WRITE.operations);
    // Writes over keys 1..3000 land on rows already there.
    expect(await countRows('keyspace1.standard1')).toBe(3000);
  }, 60_000);

  it('runs a user profile: its schema created, inserts landing, queries bound', async () => {
    const profile = path.join(dir, 'events.yaml');
    fs.writeFileSync(
      profile,
      `keyspace: stressevents
keyspace_definition: |
  CREATE KEYSPACE stressevents WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
table: events
table_definition: |
  CREATE TABLE events (device text, at timestamp, kind int, payload blob, PRIMARY KEY (device, at))
columnspec:
  - name: device
    size: fixed(12)
  - name: at
    cluster: fixed(4)
  - name: payload
    size: uniform(50..100)
insert:
  partitions: fixed(1)
  select: fixed(4)/4
queries:
  latest:
    cql: SELECT * FROM events WHERE device = ? LIMIT 2
  one:
    cql: SELECT payload FROM events WHERE device = ? AND at = ?
`,
    );
    const run = await runStressCli(['user', `profile=${profile}`, 'ops(insert=1,latest=1,one=1)', 'n=600', '-pop', 'seq=1..200', ...target]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^insert\s+[\d,]+/m);
    expect(run.stdout).toMatch(/^latest\s+[\d,]+/m);
    expect(run.stdout).toContain('Errors: none');
    // Every insert wrote a whole partition of 4 rows, each of the 200 partitions at most once.
    const rows = await countRows('stressevents.events');
    expect(rows % 4).toBe(0);
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThanOrEqual(800);
  }, 60_000);

  it('loads and runs YCSB workload E (token-range scans and inserts)', async () => {
    const run = await runStressCli(['ycsb', 'workload=e', 'records=500', 'n=300', ...target]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Results \(load\):\n.*\nINSERT\s+500\s/);
    expect(run.stdout).toMatch(/^SCAN\s+[\d,]+/m);
    const inserted = Number(/^INSERT\s+([\d,]+)/m.exec(run.stdout.split('Results (run):')[1]!)![1]!.replace(/,/g, ''));
    expect(await countRows('ycsb.usertable')).toBe(500 + inserted);
  }, 60_000);

  it('counts errors by Cassandra code: QUORUM of replication factor 3 on one node is Unavailable', async () => {
    const run = await runStressCli(['write', 'n=100', 'cl=QUORUM', '-schema', 'keyspace=rf3', 'replication(factor=3)', ...target]);
    expect(run.stdout).toContain('Errors: 0x1000 Unavailable: 100');
    // Nothing was answered: the run measured nothing.
    expect(run.status).toBe(1);
  }, 60_000);

  it('says so when nothing answers at the address', async () => {
    const run = await runStressCli(['write', 'n=10', '-node', '127.0.0.9', '-port', `native=${PORT}`]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('sibyl stress: cannot connect to 127.0.0.9 port 19470');
  }, 60_000);
});
