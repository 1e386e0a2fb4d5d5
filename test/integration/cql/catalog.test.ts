import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Statement } from '../../../src/cql/ast/statement.js';
import { Catalog } from '../../../src/cql/catalog/catalog.js';
import { parseStatement } from '../../../src/cql/parser/parser.js';
import { SystemClock } from '../../../src/lib/clock.js';
import { CqlErrorCode } from '../../../src/lib/errors.js';
import { StorageEngine } from '../../../src/storage/storage-engine.js';
import { defaultTableOptions } from '../../../src/storage/table-options.js';

let dir: string;
let engine: StorageEngine;
let catalog: Catalog;

async function open(): Promise<void> {
  engine = await StorageEngine.open({ dataDirectory: dir, tables: Catalog.systemStorageTables(), threads: 2, vnodeCount: 4 });
  catalog = await Catalog.open(engine, new SystemClock());
}

async function reopen(): Promise<void> {
  await engine.close();
  await open();
}

/** Runs one DDL statement through the catalog, as the executor does. */
async function ddl(cql: string): Promise<unknown> {
  const statement: Statement = parseStatement(cql);
  switch (statement.kind) {
    case 'CreateKeyspaceStatement':
      return catalog.createKeyspace(statement);
    case 'AlterKeyspaceStatement':
      return catalog.alterKeyspace(statement);
    case 'DropKeyspaceStatement':
      return catalog.dropKeyspace(statement);
    case 'CreateTableStatement':
      return catalog.createTable(statement, 'ks');
    case 'AlterTableStatement':
      return catalog.alterTable(statement, 'ks');
    case 'DropTableStatement':
      return catalog.dropTable(statement, 'ks');
    case 'CreateTypeStatement':
      return catalog.createType(statement, 'ks');
    case 'DropTypeStatement':
      return catalog.dropType(statement, 'ks');
    default:
      throw new Error(`not DDL: ${statement.kind}`);
  }
}

async function codeOf(work: Promise<unknown>): Promise<number> {
  try {
    await work;
  } catch (error) {
    return (error as { code: number }).code;
  }
  throw new Error('expected an error');
}

const userTableIds = (): number[] => engine.tables().map((t) => t.tableId).filter((id) => id >= 1000).sort();

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-catalog-'));
  await open();
  await ddl("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
});

afterEach(async () => {
  await engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the schema catalog in system_schema', () => {
  it('keeps keyspaces, types and tables across a restart, exactly', async () => {
    await ddl('CREATE TYPE address (street text, zip int)');
    await ddl("CREATE TABLE users (id uuid, at timestamp, name text, home frozen<address>, tags set<text>, s int static, PRIMARY KEY ((id), at)) WITH CLUSTERING ORDER BY (at DESC) AND comment = 'people' AND gc_grace_seconds = 10");
    const before = catalog.schema;
    await reopen();
    const after = catalog.schema;
    expect(after.version).toBe(before.version);
    expect(after.keyspace('ks')!.metadata).toEqual(before.keyspace('ks')!.metadata);
    expect(after.keyspace('ks')!.types.get('address')).toEqual(before.keyspace('ks')!.types.get('address'));
    expect(JSON.stringify(after.table('ks', 'users'), mapsAsArrays)).toBe(JSON.stringify(before.table('ks', 'users'), mapsAsArrays));
    expect(userTableIds()).toEqual([after.table('ks', 'users')!.id]);
  });

  it('gives new columns fresh ids, never a dropped column\'s, also after a restart', async () => {
    await ddl('CREATE TABLE t (k int PRIMARY KEY, a int, b int)');
    const b = catalog.schema.table('ks', 't')!.regular.find((c) => c.name === 'b')!.columnId;
    await ddl('ALTER TABLE t DROP b');
    await reopen();
    await ddl('ALTER TABLE t ADD b text');
    const table = catalog.schema.table('ks', 't')!;
    expect(table.regular.map((c) => c.name)).toEqual(['a', 'b']);
    expect(table.regular.find((c) => c.name === 'b')!.columnId).toBeGreaterThan(b);
  });

  it('answers Cassandra\'s errors and codes, and a failed DDL leaves nothing behind', async () => {
    const version = catalog.schema.version;
    expect(await codeOf(ddl("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"))).toBe(CqlErrorCode.alreadyExists);
    expect(await ddl("CREATE KEYSPACE IF NOT EXISTS ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")).toBeNull();
    expect(await codeOf(ddl('CREATE TABLE t (k int PRIMARY KEY, v nosuchtype)'))).toBe(CqlErrorCode.invalid);
    expect(await codeOf(ddl('CREATE TABLE nope.t (k int PRIMARY KEY)'))).toBe(CqlErrorCode.invalid);
    expect(await codeOf(ddl('DROP TABLE system_schema.tables'))).toBe(CqlErrorCode.unauthorized);
    expect(await codeOf(ddl('DROP TABLE t'))).toBe(CqlErrorCode.invalid);
    expect(await ddl('DROP TABLE IF EXISTS t')).toBeNull();
    expect(catalog.schema.version).toBe(version);
    expect(userTableIds()).toEqual([]);
  });

  it('refuses to drop a type a table uses', async () => {
    await ddl('CREATE TYPE point (x int, y int)');
    await ddl('CREATE TABLE shapes (k int PRIMARY KEY, p frozen<point>)');
    expect(await codeOf(ddl('DROP TYPE point'))).toBe(CqlErrorCode.invalid);
    await ddl('DROP TABLE shapes');
    await ddl('DROP TYPE point');
    expect(catalog.schema.keyspace('ks')!.types.size).toBe(0);
  });

  it('drops a keyspace with its tables\' storage, and the drop survives a restart', async () => {
    await ddl('CREATE TABLE a (k int PRIMARY KEY)');
    await ddl('CREATE TABLE b (k int PRIMARY KEY)');
    expect(userTableIds()).toHaveLength(2);
    await ddl('DROP KEYSPACE ks');
    expect(userTableIds()).toEqual([]);
    await reopen();
    expect(catalog.schema.keyspace('ks')).toBeUndefined();
    expect(userTableIds()).toEqual([]);
  });

  it('drops at open an engine table no catalog entry names (a crash between the two steps)', async () => {
    await engine.createTable(defaultTableOptions(4242, 'orphan'));
    await reopen();
    expect(engine.tables().some((t) => t.tableId === 4242)).toBe(false);
  });

  it('applies ALTER KEYSPACE and keeps what it does not name', async () => {
    await ddl('ALTER KEYSPACE ks WITH durable_writes = false');
    await reopen();
    const keyspace = catalog.schema.keyspace('ks')!.metadata;
    expect(keyspace.durableWrites).toBe(false);
    expect(keyspace.replication).toEqual({ class: 'SimpleStrategy', replicationFactor: 1 });
  });
});

function mapsAsArrays(_key: string, value: unknown): unknown {
  return value instanceof Map ? [...value] : value;
}
