// `sibyl stress -mode embedded`: the built CLI writes through Database.open in its own
// process; the rows are counted afterwards in the data directory it used, and its JSON log and
// HTML report are read back. Bad command lines exit 2 with one line, not a stack trace.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../../src/api/database.js';
import { runStressCli } from './run-stress-cli.js';

let dir: string;

describe('sibyl stress -mode embedded', () => {
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-stress-embedded-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes n rows to keyspace1.standard1, with a JSON log and an HTML report', async () => {
    const data = path.join(dir, 'data');
    const log = path.join(dir, 'out.json');
    const graph = path.join(dir, 'report.html');
    const run = await runStressCli(['write', 'n=2000', 'cl=QUORUM', '-rate', 'threads=32', '-mode', 'embedded', `data=${data}`, '-log', `file=${log}`, 'json', '-graph', `file=${graph}`, 'title=embedded write']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^type,\s+total ops,\s+op\/s,\s+mean,\s+med,\s+\.95,\s+\.99,\s+\.999,\s+max,\s+time,\s+errors$/m);
    expect(run.stdout).toMatch(/^WRITE\s+2,000\s+[\d,]+\s+[\d.]+\s+[\d.]+/m);
    expect(run.stdout).toContain('Errors: none');

    const db = await Database.open({ dataDir: data });
    try {
      const count = await db.execute('SELECT count(*) FROM keyspace1.standard1');
      expect(Number(count.rows[0]!['count'])).toBe(2000);
      const row = (await db.execute('SELECT * FROM keyspace1.standard1 LIMIT 1')).rows[0]!;
      expect((row['key'] as Buffer).length).toBe(10);
      for (const column of ['C0', 'C1', 'C2', 'C3', 'C4']) expect((row[column] as Buffer).length).toBe(34);
    } finally {
      await db.close();
    }

    const result = JSON.parse(fs.readFileSync(log, 'utf8'));
    expect(result.settings.length).toEqual({ kind: 'operations', operations: 2000 });
    expect(result.phases[0].totals.total).toMatchObject({ operations: 2000, errors: 0 });
    expect(result.phases[0].totals.kinds.WRITE.p99Ms).toBeGreaterThan(0);
    expect(result.phases[0].intervals.length).toBeGreaterThan(0);
    const html = fs.readFileSync(graph, 'utf8');
    expect(html).toContain('<title>embedded write</title>');
    expect(html).toMatch(/var uPlot\s*=/);
    expect(html).toContain('id="throughput-0"');
    expect(html).toContain('id="latency-0"');
  }, 60_000);

  it('runs YCSB workload A on a 3-node in-process cluster at QUORUM', async () => {
    const log = path.join(dir, 'ycsb.json');
    const run = await runStressCli(['ycsb', 'workload=a', 'records=300', 'n=600', 'cl=QUORUM', '-mode', 'embedded', 'nodes=3', '-schema', 'replication(factor=3)', '-log', `file=${log}`]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(fs.readFileSync(log, 'utf8'));
    expect(result.phases.map((phase: { name: string }) => phase.name)).toEqual(['load', 'run']);
    expect(result.phases[0].totals.total).toMatchObject({ operations: 300, errors: 0 });
    expect(result.phases[1].kinds).toEqual(['READ', 'UPDATE']);
    expect(result.phases[1].totals.total).toMatchObject({ operations: 600, errors: 0 });
    expect(result.phases[1].totals.kinds.READ.operations).toBeGreaterThan(200);
    expect(result.phases[1].totals.kinds.UPDATE.operations).toBeGreaterThan(200);
  }, 60_000);

  it('refuses bad command lines with a usage line and exit 2', async () => {
    const unknown = await runStressCli(['write', 'n=10', '-rate', 'speed=9']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe("sibyl stress: unknown option 'speed=9' for -rate\nsee 'sibyl stress help' for the options\n");
    const missingProfile = await runStressCli(['user', `profile=${path.join(dir, 'none.yaml')}`, 'ops(insert=1)', 'n=5']);
    expect(missingProfile.status).toBe(2);
    expect(missingProfile.stderr).toContain('cannot read profile');
    expect(missingProfile.stderr).not.toMatch(/\n\s+at /);
    const help = await runStressCli(['help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('-rate fixed=R/s');
  }, 60_000);
});
