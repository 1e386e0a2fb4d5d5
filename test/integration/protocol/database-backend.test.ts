// The DatabaseBackend over an embedded Database, spoken to frame by frame through a real
// NativeServer socket: what each request answers, byte-level details no driver shows
// (Prepared's pk indexes and global spec, No_metadata, Schema_change bodies, the id in
// Unprepared), USE per connection, paging by the request's page size, client timestamps, and
// prepared statements across ALTER and DROP.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/database.js';
import { computePreparedId } from '../../../src/cql/prepare/prepared-id.js';
import { formatCqlType } from '../../../src/cql/types/cql-type.js';
import { deserializeValue, serializeValue } from '../../../src/cql/types/value-codec.js';
import { nativeCqlType } from '../../../src/cql/types/cql-type.js';
import type { BatchRequest } from '../../../src/protocol/messages/batch.js';
import type { ErrorBody } from '../../../src/protocol/messages/error.js';
import { plainQueryParameters, type QueryParameters } from '../../../src/protocol/messages/query-parameters.js';
import type { Request } from '../../../src/protocol/messages/request.js';
import type { PreparedResult, Result, RowsResult } from '../../../src/protocol/messages/result.js';
import { DatabaseBackend } from '../../../src/protocol/server/database-backend.js';
import { NativeServer } from '../../../src/protocol/server/native-server.js';
import type { WireValue } from '../../../src/protocol/wire/wire-value.js';
import { RawClient } from '../../unit/protocol/helpers/raw-client.js';

let dir: string;
let db: Database;
let server: NativeServer;
let conn: RawClient;
const others: RawClient[] = [];

const int = nativeCqlType('int')!;
const text = nativeCqlType('text')!;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-backend-'));
  db = await Database.open({ dataDir: dir });
  await db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await db.execute('CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY (k, c))');
  await db.execute('CREATE TABLE ks.composite (k1 int, k2 text, v text, PRIMARY KEY ((k1, k2)))');
  for (let c = 0; c < 5; c++) await db.execute('INSERT INTO ks.t (k, c, v) VALUES (1, ?, ?)', [c, `v${c}`]);
  server = new NativeServer(new DatabaseBackend(db), { host: '127.0.0.1', port: 0 });
  await server.listen();
  conn = await connected();
});

afterAll(async () => {
  for (const client of [conn, ...others]) client?.close();
  await server?.close();
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function connected(): Promise<RawClient> {
  const client = await RawClient.connect(server.address!.port);
  client.send({ kind: 'startup', options: new Map([['CQL_VERSION', '3.0.0']]) });
  expect((await client.next()).response.kind).toBe('ready');
  return client;
}

async function ask(request: Request, on: RawClient = conn): Promise<Result | ErrorBody> {
  on.send(request);
  const { response } = await on.next();
  if (response.kind === 'result') return response.result;
  if (response.kind === 'error') return response.error;
  throw new Error(`unexpected ${response.kind}`);
}

function query(text: string, parameters: Partial<QueryParameters> = {}, on?: RawClient): Promise<Result | ErrorBody> {
  return ask({ kind: 'query', query: text, parameters: { ...plainQueryParameters('ONE'), ...parameters } }, on);
}

async function prepare(text: string, on?: RawClient): Promise<PreparedResult> {
  const result = await ask({ kind: 'prepare', query: text, keyspace: null }, on);
  if (result.kind !== 'prepared') throw new Error(`expected Prepared, got ${JSON.stringify(result)}`);
  return result;
}

function execute(id: Uint8Array, parameters: Partial<QueryParameters> = {}, on?: RawClient): Promise<Result | ErrorBody> {
  return ask({ kind: 'execute', id, resultMetadataId: null, parameters: { ...plainQueryParameters('ONE'), ...parameters } }, on);
}

function rows(result: Result | ErrorBody): RowsResult {
  if (result.kind !== 'rows') throw new Error(`expected rows, got ${JSON.stringify(result)}`);
  return result;
}

/** Rows as `name=value` strings, decoded with the column types the metadata gave. */
function cellsOf(result: Result | ErrorBody): string[][] {
  const { metadata, rows: cells } = rows(result);
  return cells.map((row) => row.map((cell, i) => `${metadata.columns![i]!.name}=${cell === null ? 'null' : String(deserializeValue(metadata.columns![i]!.type, cell))}`));
}

const bytes = (type: typeof int, value: unknown): WireValue => serializeValue(type, value);

describe('PREPARE and EXECUTE', () => {
  it("answers Prepared with Cassandra's id, named variables under one table spec, pk indexes in key order, result columns", async () => {
    const select = await prepare('SELECT v, k FROM ks.t WHERE k = ? AND c = ?');
    expect(Buffer.from(select.id)).toEqual(computePreparedId('SELECT v, k FROM ks.t WHERE k = ? AND c = ?', null));
    expect(select.variables.map((v) => `${v.keyspace}.${v.table}.${v.name} ${formatCqlType(v.type)}`)).toEqual(['ks.t.k int', 'ks.t.c int']);
    expect(select.partitionKeyIndexes).toEqual([0]);
    expect(select.resultMetadata.columns!.map((c) => `${c.keyspace}.${c.table}.${c.name}`)).toEqual(['ks.t.v', 'ks.t.k']);
    const insert = await prepare('INSERT INTO ks.composite (v, k2, k1) VALUES (?, ?, ?)');
    expect(insert.partitionKeyIndexes).toEqual([2, 1]);
    // Not a SELECT: no result columns, sent as No_metadata.
    expect(insert.resultMetadata).toEqual({ columnCount: 0, columns: null, pagingState: null });
    const scan = await prepare('SELECT * FROM ks.composite WHERE k1 = ? ALLOW FILTERING');
    expect(scan.partitionKeyIndexes).toEqual([]);
  });

  it('executes with values decoded by the markers, and leaves out column specs when asked to skip metadata', async () => {
    const insert = await prepare('INSERT INTO ks.composite (k1, k2, v) VALUES (?, ?, ?)');
    expect(await execute(insert.id, { values: [bytes(int, 7), bytes(text, 'seven'), bytes(text, 'x')] })).toEqual({ kind: 'void' });
    const select = await prepare('SELECT v FROM ks.composite WHERE k1 = ? AND k2 = ?');
    const values = [bytes(int, 7), bytes(text, 'seven')];
    expect(cellsOf(await execute(select.id, { values }))).toEqual([['v=x']]);
    const skipped = rows(await execute(select.id, { values, skipMetadata: true }));
    expect(skipped.metadata).toEqual({ columnCount: 1, columns: null, pagingState: null });
    const wrongCount = await execute(select.id, { values: [bytes(int, 7)] });
    expect(wrongCount).toMatchObject({ kind: 'invalid', message: 'There were 2 markers(?) in CQL but 1 bound variables' });
  });

  it('answers Unprepared with the id for an EXECUTE or a BATCH naming an id it does not know', async () => {
    const unknown = Uint8Array.from([0xde, 0xad, 0xbe, 0xef]);
    const executed = await execute(unknown);
    expect(executed).toMatchObject({ kind: 'unprepared' });
    expect(Buffer.from((executed as { id: Uint8Array }).id)).toEqual(Buffer.from(unknown));
    const batch: BatchRequest = {
      kind: 'batch',
      batchType: 'LOGGED',
      statements: [{ kind: 'prepared', id: unknown, values: [] }],
      consistency: 'ONE',
      serialConsistency: null,
      defaultTimestamp: null,
      keyspace: null,
      nowInSeconds: null,
    };
    expect(await ask(batch)).toMatchObject({ kind: 'unprepared' });
  });

  it('follows the table through ALTER (new result columns) and forgets a statement whose table was dropped', async () => {
    await query('CREATE TABLE ks.altered (k int PRIMARY KEY, a text)');
    const select = await prepare('SELECT * FROM ks.altered WHERE k = ?');
    await query('INSERT INTO ks.altered (k, a) VALUES (1, $$one$$)');
    await query('ALTER TABLE ks.altered ADD b int');
    expect(cellsOf(await execute(select.id, { values: [bytes(int, 1)] }))).toEqual([['k=1', 'a=one', 'b=null']]);
    await query('DROP TABLE ks.altered');
    expect(await execute(select.id, { values: [bytes(int, 1)] })).toMatchObject({ kind: 'invalid', message: 'unconfigured table altered' });
    expect(await execute(select.id, { values: [bytes(int, 1)] })).toMatchObject({ kind: 'unprepared' });
  });
});

describe('QUERY', () => {
  it('decodes values by the statement, named ones by marker or column name', async () => {
    await query('INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?)', { values: [bytes(int, 2), bytes(int, 0), bytes(text, 'a')] });
    await query('INSERT INTO ks.t (k, c, v) VALUES (:k, :c, ?)', { values: [bytes(text, 'b'), bytes(int, 1), bytes(int, 2)], valueNames: ['v', 'c', 'k'] });
    expect(cellsOf(await query('SELECT c, v FROM ks.t WHERE k = ?', { values: [bytes(int, 2)] }))).toEqual([
      ['c=0', 'v=a'],
      ['c=1', 'v=b'],
    ]);
    const missing = await query('SELECT v FROM ks.t WHERE k = :k', { values: [bytes(int, 2)], valueNames: ['key'] });
    expect(missing).toMatchObject({ kind: 'invalid' });
  });

  it('pages by the page size asked for; none, 0 or a negative size reads every row', async () => {
    const seen: string[][] = [];
    let pagingState: Uint8Array | null = null;
    let pages = 0;
    do {
      const page = rows(await query('SELECT c FROM ks.t WHERE k = 1', { pageSize: 2, pagingState }));
      seen.push(...cellsOf(page));
      pagingState = page.metadata.pagingState;
      pages++;
    } while (pagingState !== null);
    // Five rows: 2 + 2 + 1, and the last full page may say more follow with none left.
    expect(seen.map(([c]) => c)).toEqual(['c=0', 'c=1', 'c=2', 'c=3', 'c=4']);
    expect(pages).toBeGreaterThanOrEqual(3);
    for (const pageSize of [null, 0, -1]) expect(rows(await query('SELECT c FROM ks.t WHERE k = 1', { pageSize })).rows).toHaveLength(5);
  });

  it("writes with the request's default timestamp unless the statement says USING TIMESTAMP", async () => {
    await query('INSERT INTO ks.t (k, c, v) VALUES (3, 0, $$x$$)', { defaultTimestamp: 1234567n });
    await query('INSERT INTO ks.t (k, c, v) VALUES (3, 1, $$y$$) USING TIMESTAMP 42', { defaultTimestamp: 1234567n });
    expect(cellsOf(await query('SELECT writetime(v) FROM ks.t WHERE k = 3'))).toEqual([['writetime(v)=1234567'], ['writetime(v)=42']]);
  });

  it('keeps USE per connection: another connection has no keyspace until it says USE', async () => {
    const other = await connected();
    others.push(other);
    expect(await query('USE "ks"', {}, other)).toEqual({ kind: 'set-keyspace', keyspace: 'ks' });
    expect(cellsOf(await query('SELECT v FROM t WHERE k = 1 AND c = 4', {}, other))).toEqual([['v=v4']]);
    expect(await query('SELECT v FROM t WHERE k = 1', {})).toMatchObject({ kind: 'invalid' });
    // The keyspace a statement is prepared in stays with it.
    const prepared = await prepare('SELECT v FROM t WHERE k = 1 AND c = 3', other);
    expect(cellsOf(await execute(prepared.id))).toEqual([['v=v3']]);
    expect(await query('USE nowhere', {}, other)).toMatchObject({ kind: 'invalid' });
  });

  it('answers DDL with Schema_change, and Void when IF [NOT] EXISTS changed nothing', async () => {
    expect(await query("CREATE KEYSPACE k2 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")).toEqual({
      kind: 'schema-change',
      change: { change: 'CREATED', target: 'KEYSPACE', keyspace: 'k2' },
    });
    expect(await query("CREATE KEYSPACE IF NOT EXISTS k2 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")).toEqual({ kind: 'void' });
    const changes = [];
    for (const ddl of ['CREATE TABLE k2.t (k int PRIMARY KEY)', 'ALTER TABLE k2.t ADD v text', 'CREATE TYPE k2.u (f int)', 'DROP TYPE k2.u', 'DROP TABLE k2.t', 'DROP KEYSPACE k2']) {
      changes.push((await query(ddl)) as Result);
    }
    expect(changes.map((r) => (r.kind === 'schema-change' ? `${r.change.change} ${r.change.target} ${'name' in r.change ? r.change.name : ''}` : r.kind))).toEqual([
      'CREATED TABLE t',
      'UPDATED TABLE t',
      'CREATED TYPE u',
      'DROPPED TYPE u',
      'DROPPED TABLE t',
      'DROPPED KEYSPACE ',
    ]);
    // Cassandra 4's DropTableStatement: IF EXISTS is content with a missing keyspace too.
    expect(await query('DROP TABLE IF EXISTS k2.t')).toEqual({ kind: 'void' });
    expect(await query('DROP TABLE k2.t')).toMatchObject({ kind: 'invalid' });
  });

  it("describes DESCRIBE's rows under system.describe, as Cassandra does", async () => {
    const describe = rows(await query('DESCRIBE KEYSPACES'));
    expect(new Set(describe.metadata.columns!.map((c) => `${c.keyspace}.${c.table}`))).toEqual(new Set(['system.describe']));
  });
});
