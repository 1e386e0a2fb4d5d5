/**
 * `sibyl shell` end to end: the built CLI (dist/, which `npm test` builds first) spawned over an
 * embedded database in a fresh data directory, its stdout, stderr and exit status checked as a
 * cqlsh user would see them.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runShellCli } from '../../helpers/run-shell-cli.js';

const shell = runShellCli;

const KEYSPACE = "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};";

describe('sibyl shell', () => {
  let dataDir = '';
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sibyl-shell-e2e-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs -e statements and prints rows as cqlsh, and they persist in the data directory', async () => {
    const setup = await shell([
      '--data', dataDir, '-e',
      `${KEYSPACE} USE ks; CREATE TABLE users (id int PRIMARY KEY, name text, tags set<text>, seen timestamp);
       INSERT INTO users (id, name, tags, seen) VALUES (1, 'alice', {'a', 'b'}, '2024-01-02 03:04:05+0000');
       INSERT INTO users (id, name) VALUES (22, 'bo')`,
    ]);
    expect(setup).toEqual({ stdout: '', stderr: '', status: 0 });

    const select = await shell(['--data', dataDir, '-e', 'SELECT id, name, tags, seen FROM ks.users WHERE id IN (1, 22)']);
    expect(select.stderr).toBe('');
    expect(select.status).toBe(0);
    expect(select.stdout).toBe(
      [
        '',
        ' id | name  | tags       | seen',
        '----+-------+------------+---------------------------------',
        "  1 | alice | {'a', 'b'} | 2024-01-02 03:04:05.000000+0000",
        ' 22 |    bo |       null |                            null',
        '',
        '(2 rows)',
        '',
      ].join('\n'),
    );
  });

  it('prints DESCRIBE as runnable CQL', async () => {
    const run = await shell(['--data', dataDir, '-e', `${KEYSPACE} CREATE TABLE ks.t (k int, c text, v list<int>, PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (c DESC); DESCRIBE TABLE ks.t`]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        '',
        'CREATE TABLE ks.t (',
        '    k int,',
        '    c text,',
        '    v list<int>,',
        '    PRIMARY KEY (k, c)',
        ') WITH CLUSTERING ORDER BY (c DESC)',
        '    AND bloom_filter_fp_chance = 0.01',
        "    AND caching = {'keys': 'ALL', 'rows_per_partition': 'NONE'}",
        "    AND comment = ''",
        "    AND compaction = {'class': 'org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy', 'max_threshold': '32', 'min_threshold': '4'}",
        "    AND compression = {'chunk_length_in_kb': '16', 'class': 'org.apache.cassandra.io.compress.LZ4Compressor'}",
        '    AND default_time_to_live = 0',
        '    AND gc_grace_seconds = 864000',
        "    AND speculative_retry = '99p';",
        '',
      ].join('\n'),
    );
  });

  it('reports errors with <stdin>:1: and exits 2, after running the statements before them', async () => {
    const run = await shell(['--data', dataDir, '-e', `${KEYSPACE} SELECT * FROM ks.nowhere; SELEC 1`]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^<stdin>:1:InvalidRequest: Error from server: code=2200 \[Invalid query\] message=".*nowhere.*"\n<stdin>:1:SyntaxException: line 1:1 /);
  });

  it('runs -f files and piped input, errors named by source and line', async () => {
    const file = path.join(dataDir, 'script.cql');
    await writeFile(file, `${KEYSPACE}\nCREATE TABLE ks.t (k int PRIMARY KEY);\nINSERT INTO ks.t (k)\n  VALUES ('x');\n`);
    const fromFile = await shell(['--data', path.join(dataDir, 'db'), '-f', file]);
    expect(fromFile.status).toBe(2);
    expect(fromFile.stderr).toMatch(new RegExp(`^${file}:5:InvalidRequest: `));

    const piped = await shell(['--data', path.join(dataDir, 'db')], 'INSERT INTO ks.t (k) VALUES (7);\nSELECT * FROM ks.t;\n');
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(0);
    expect(piped.stdout).toBe('\n k\n---\n 7\n\n(1 rows)\n');
  });
});
