/**
 * Schema shared between nodes as Cassandra's MigrationManager shares it, on real engines in one
 * process: a DDL statement on one node is announced as the schema mutations it wrote and applied
 * by the others; a node pulls another's schema partitions and applies them. Mutations cross
 * between nodes as structured clones, so no object is shared.
 */

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Statement } from '../../../src/cql/ast/statement.js';
import { Catalog, type CatalogOptions } from '../../../src/cql/catalog/catalog.js';
import { SchemaConflictError } from '../../../src/cql/catalog/schema-conflict-error.js';
import { tableMutations } from '../../../src/cql/catalog/schema-rows.js';
import type { SchemaChange } from '../../../src/cql/catalog/schema-change.js';
import { parseStatement } from '../../../src/cql/parser/parser.js';
import { decodePartitionRows } from '../../../src/cql/rows/decoded-rows.js';
import { insertRow } from '../../../src/cql/rows/insert-row.js';
import { partitionKeyBytes } from '../../../src/cql/rows/row-keys.js';
import { tableLayout } from '../../../src/cql/rows/table-layout.js';
import { SystemClock } from '../../../src/lib/clock.js';
import { CqlErrorCode } from '../../../src/lib/errors.js';
import { StorageEngine, type WriteMutation } from '../../../src/storage/storage-engine.js';

const clock = new SystemClock();

/** One node: its own data directory, engine and catalog. */
class Node {
  engine!: StorageEngine;
  catalog!: Catalog;
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-schema-sync-'));
  /** Set to false to cut the node off: what it announces meanwhile reaches no one. */
  connected = true;
  /** What applying each announcement answered on each peer. */
  readonly received: SchemaChange[][] = [];
  peers: Node[] = [];
  options: CatalogOptions = {};

  async open(): Promise<void> {
    this.engine = await StorageEngine.open({ dataDirectory: this.dir, tables: Catalog.systemStorageTables(), threads: 1, vnodeCount: 4 });
    this.catalog = await Catalog.open(this.engine, clock, {
      announce: async (mutations) => {
        if (!this.connected) throw new Error('no peer reachable');
        for (const peer of this.peers) if (peer.connected) peer.received.push(await peer.catalog.applySchemaMutations(structuredClone(mutations)));
      },
      ...this.options,
    });
  }

  async restart(): Promise<void> {
    await this.engine.close();
    await this.open();
  }

  /** Runs one DDL statement here, as the executor does (session keyspace ks). */
  async ddl(cql: string): Promise<SchemaChange | null> {
    const statement: Statement = parseStatement(cql);
    const catalog = this.catalog;
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

  /** Pulls the other node's schema, as a node that sees another schema version does. */
  async pullFrom(other: Node): Promise<SchemaChange[]> {
    return this.catalog.applySchemaMutations(structuredClone(await other.catalog.schemaMutations()));
  }

  userTableIds(): number[] {
    return this.engine.tables().map((t) => t.tableId).filter((id) => id >= 1000).sort((a, b) => a - b);
  }

  async close(): Promise<void> {
    await this.engine.close().catch(() => undefined);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

let nodes: Node[] = [];

async function cluster(count: number, options: CatalogOptions = {}): Promise<Node[]> {
  nodes = Array.from({ length: count }, () => new Node());
  for (const node of nodes) {
    node.peers = nodes.filter((n) => n !== node);
    node.options = options;
    await node.open();
  }
  return nodes;
}

/** Same schema: same version, same user keyspaces, same storage ids registered. */
function expectSameSchema(a: Node, b: Node): void {
  expect(b.catalog.schema.version).toBe(a.catalog.schema.version);
  const user = (n: Node): string[] => [...n.catalog.schema.keyspaces.keys()].filter((k) => !k.startsWith('system')).sort();
  expect(user(b)).toEqual(user(a));
  for (const name of user(a)) expect(b.catalog.schema.keyspace(name)).toEqual(a.catalog.schema.keyspace(name));
  expect(b.userTableIds()).toEqual(a.userTableIds());
}

async function rejection(work: Promise<unknown>): Promise<{ code: number; message: string; name: string }> {
  try {
    await work;
  } catch (error) {
    return error as { code: number; message: string; name: string };
  }
  throw new Error('expected a rejection');
}

const KS = "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}";

afterEach(async () => {
  for (const node of nodes) await node.close();
  nodes = [];
});

describe('DDL announced by one node and applied by the others', () => {
  let a: Node;
  let b: Node;
  beforeEach(async () => {
    const [first, second] = await cluster(2);
    a = first!;
    b = second!;
  });

  it('gives them the same schema, version and storage ids after every statement, and the same SCHEMA_CHANGEs', async () => {
    const statements = [
      KS,
      'CREATE TYPE address (street text, zip int)',
      "CREATE TABLE users (id uuid, at timestamp, name text, home frozen<address>, tags set<text>, s int static, PRIMARY KEY ((id), at)) WITH CLUSTERING ORDER BY (at DESC) AND comment = 'people' AND caching = {'keys': 'NONE'} AND speculative_retry = '10ms'",
      'ALTER TABLE users ADD email text',
      'ALTER TABLE users DROP name',
      "ALTER TABLE users WITH gc_grace_seconds = 3600 AND compaction = {'class': 'LeveledCompactionStrategy'}",
      'CREATE TABLE events (k int, c int, v text, PRIMARY KEY (k, c))',
      'DROP TABLE events',
      "ALTER KEYSPACE ks WITH durable_writes = false",
    ];
    for (const cql of statements) {
      const change = await a.ddl(cql);
      expect(b.received.at(-1)).toEqual([change]);
      expectSameSchema(a, b);
    }
    expect(b.catalog.schema.table('ks', 'users')!.options.speculativeRetry).toBe('10ms');
    expect(b.engine.tables().find((t) => t.name === 'ks.users')!.compaction.class).toBe('LeveledCompactionStrategy');
    expect(b.received).toHaveLength(statements.length);
  });

  it('lets a replica write and read data under the announced table id, also after it restarts', async () => {
    await a.ddl(KS);
    await a.ddl('CREATE TABLE kv (k text PRIMARY KEY, v int)');
    const table = a.catalog.schema.table('ks', 'kv')!;
    expect(b.catalog.schema.table('ks', 'kv')!.id).toBe(table.id);
    // The coordinator's mutation, built from A's metadata, written as it is on B.
    const layout = tableLayout(table);
    const attributes = { timestamp: clock.nowMicros(), ttl: 0, nowSeconds: clock.nowSeconds() };
    await b.engine.write([structuredClone(insertRow(layout, new Map<string, unknown>([['k', 'x'], ['v', 7]]), attributes))]);
    const readOn = async (node: Node): Promise<unknown[]> => {
      const here = tableLayout(node.catalog.schema.table('ks', 'kv')!);
      const partition = await node.engine.read(table.id, partitionKeyBytes(here, ['x']));
      return partition === null ? [] : decodePartitionRows(here, partition).map((row) => row.values.get('v'));
    };
    expect(await readOn(b)).toEqual([7]);
    await b.restart();
    expectSameSchema(a, b);
    expect(await readOn(b)).toEqual([7]);
  });

  it('drops the storage of a dropped keyspace on every node, and the drop survives a restart', async () => {
    await a.ddl(KS);
    await a.ddl('CREATE TYPE point (x int, y int)');
    await a.ddl('CREATE TABLE shapes (k int PRIMARY KEY, p frozen<point>)');
    await a.ddl('CREATE TABLE other (k int PRIMARY KEY)');
    expect(b.userTableIds()).toHaveLength(2);
    await a.ddl('DROP KEYSPACE ks');
    expect(b.received.at(-1)).toEqual([
      { change: 'DROPPED', target: 'TABLE', keyspace: 'ks', name: 'other' },
      { change: 'DROPPED', target: 'TABLE', keyspace: 'ks', name: 'shapes' },
      { change: 'DROPPED', target: 'TYPE', keyspace: 'ks', name: 'point' },
      { change: 'DROPPED', target: 'KEYSPACE', keyspace: 'ks' },
    ]);
    expect(b.userTableIds()).toEqual([]);
    expectSameSchema(a, b);
    await b.restart();
    expect(b.catalog.schema.keyspace('ks')).toBeUndefined();
    expectSameSchema(a, b);
  });

  it('finishes a DDL statement whose announcement fails; a pull brings the peer in line', async () => {
    a.connected = false;
    expect(await a.ddl(KS)).toEqual({ change: 'CREATED', target: 'KEYSPACE', keyspace: 'ks' });
    expect(a.catalog.schema.keyspace('ks')).toBeDefined();
    expect(b.catalog.schema.keyspace('ks')).toBeUndefined();
    expect(b.catalog.schema.version).not.toBe(a.catalog.schema.version);
    expect(await b.pullFrom(a)).toEqual([{ change: 'CREATED', target: 'KEYSPACE', keyspace: 'ks' }]);
    expectSameSchema(a, b);
  });

  it('applies the same mutations twice, or a whole history in reverse order, to the same schema', async () => {
    const announced: Array<readonly WriteMutation[]> = [];
    a.options = { announce: async (mutations) => void announced.push(structuredClone(mutations)) };
    await a.restart();
    for (const cql of [
      KS,
      'CREATE TABLE t (k int PRIMARY KEY, a int, b int)',
      'ALTER TABLE t ADD c text',
      'ALTER TABLE t DROP a',
      'CREATE TABLE gone (k int PRIMARY KEY)',
      'DROP TABLE gone',
      "ALTER TABLE t WITH comment = 'last'",
    ]) {
      await a.ddl(cql);
    }
    for (const mutations of [...announced].reverse()) await b.catalog.applySchemaMutations(mutations);
    expectSameSchema(a, b);
    const version = b.catalog.schema.version;
    for (const mutations of announced) expect(await b.catalog.applySchemaMutations(mutations)).toEqual([]);
    expect(await b.pullFrom(a)).toEqual([]);
    expect(b.catalog.schema.version).toBe(version);
    expectSameSchema(a, b);
  });
});

describe('a schema pulled from another node', () => {
  it('gives a node that starts empty the same schema and version, and it keeps it across a restart', async () => {
    const [a] = await cluster(1);
    await a!.ddl(KS);
    await a!.ddl('CREATE TYPE address (street text, zip int)');
    await a!.ddl('CREATE TABLE users (id int PRIMARY KEY, home frozen<address>, tags list<text>)');
    const droppedId = a!.catalog.schema.table('ks', 'users')!.regular.find((col) => col.name === 'tags')!.columnId;
    await a!.ddl('ALTER TABLE users DROP tags');
    const c = new Node();
    nodes.push(c);
    await c.open();
    const changes = await c.pullFrom(a!);
    expect(changes).toEqual([
      { change: 'CREATED', target: 'KEYSPACE', keyspace: 'ks' },
      { change: 'CREATED', target: 'TYPE', keyspace: 'ks', name: 'address' },
      { change: 'CREATED', target: 'TABLE', keyspace: 'ks', name: 'users' },
    ]);
    expectSameSchema(a!, c);
    await c.restart();
    expectSameSchema(a!, c);
    // The dropped column's id travelled: a column added on C never reuses it.
    await c.ddl('ALTER TABLE users ADD tags text');
    expect(c.catalog.schema.table('ks', 'users')!.regular.find((col) => col.name === 'tags')!.columnId).toBeGreaterThan(droppedId);
  });

  it('carries the drops a node missed: a table dropped and created again elsewhere replaces the old one', async () => {
    const [a, b] = await cluster(2);
    await a!.ddl(KS);
    await a!.ddl('CREATE TABLE t (k int PRIMARY KEY, old text)');
    await a!.ddl('CREATE TABLE doomed (k int PRIMARY KEY)');
    const oldId = b!.catalog.schema.table('ks', 't')!.id;
    b!.connected = false;
    await a!.ddl('DROP TABLE t');
    await a!.ddl('DROP TABLE doomed');
    await a!.ddl('CREATE TABLE t (k int PRIMARY KEY, fresh int)');
    expect(b!.catalog.schema.table('ks', 't')!.id).toBe(oldId);
    b!.connected = true;
    expect(await b!.pullFrom(a!)).toEqual([
      { change: 'DROPPED', target: 'TABLE', keyspace: 'ks', name: 'doomed' },
      { change: 'DROPPED', target: 'TABLE', keyspace: 'ks', name: 't' },
      { change: 'CREATED', target: 'TABLE', keyspace: 'ks', name: 't' },
    ]);
    expectSameSchema(a!, b!);
    expect(b!.catalog.schema.table('ks', 't')!.regular.map((c) => c.name)).toEqual(['fresh']);
    expect(b!.userTableIds()).not.toContain(oldId);
  });

  it('gives three nodes one version when each pulls from the one that ran the DDL', async () => {
    const [a, b, c] = await cluster(3);
    for (const node of [b!, c!]) node.connected = false;
    await a!.ddl(KS);
    await a!.ddl('CREATE TABLE t (k int PRIMARY KEY, v int)');
    await b!.pullFrom(a!);
    await c!.pullFrom(b!);
    expectSameSchema(a!, b!);
    expectSameSchema(a!, c!);
  });
});

describe('schema changes that cannot be applied', () => {
  it('refuses a table whose storage id this node gives another table, applying nothing', async () => {
    const [a, b] = await cluster(2);
    await a!.ddl(KS);
    b!.connected = false;
    a!.connected = false;
    await b!.ddl('CREATE TABLE mine (k int PRIMARY KEY)');
    await a!.ddl('CREATE TABLE theirs (k int PRIMARY KEY, v text)');
    const taken = b!.catalog.schema.table('ks', 'mine')!.id;
    // A peer's table that happens to have that storage id (as two nodes' legacy ids would).
    const theirs = { ...a!.catalog.schema.table('ks', 'theirs')!, id: taken };
    const attributes = { timestamp: clock.nowMicros(), ttl: 0, nowSeconds: clock.nowSeconds() };
    const before = { version: b!.catalog.schema.version, rows: await b!.catalog.schemaMutations(), ids: b!.userTableIds() };
    const error = await rejection(b!.catalog.applySchemaMutations(tableMutations(theirs, randomUUID(), attributes)));
    expect(error).toBeInstanceOf(SchemaConflictError);
    expect(error.code).toBe(CqlErrorCode.configError);
    expect(error.message).toContain(`storage id ${taken} of table ks.theirs`);
    expect(error.message).toContain('used here by table ks.mine');
    expect(b!.catalog.schema.version).toBe(before.version);
    expect(b!.catalog.schema.table('ks', 'theirs')).toBeUndefined();
    expect(await b!.catalog.schemaMutations()).toEqual(before.rows);
    expect(b!.userTableIds()).toEqual(before.ids);
  });

  it('converges when two nodes create the same table at once, and refuses two different ones', async () => {
    const [a, b] = await cluster(2);
    await a!.ddl(KS);
    const sent = new Map<Node, Array<readonly WriteMutation[]>>([[a!, []], [b!, []]]);
    for (const node of [a!, b!]) {
      node.options = { announce: async (mutations) => void sent.get(node)!.push(structuredClone(mutations)) };
      await node.restart();
    }
    await a!.ddl('CREATE TABLE same (k int PRIMARY KEY, v text)');
    await b!.ddl('CREATE TABLE same (k int PRIMARY KEY, v text)');
    await a!.ddl('CREATE TABLE differ (k int PRIMARY KEY, v text)');
    await b!.ddl('CREATE TABLE differ (k int PRIMARY KEY, w int)');
    const [fromA, fromB] = [sent.get(a!)!, sent.get(b!)!];
    expect(await b!.catalog.applySchemaMutations(fromA[0]!)).toEqual([]); // B's own is the newer one
    expect(await a!.catalog.applySchemaMutations(fromB[0]!)).toEqual([
      { change: 'DROPPED', target: 'TABLE', keyspace: 'ks', name: 'same' },
      { change: 'CREATED', target: 'TABLE', keyspace: 'ks', name: 'same' },
    ]);
    expect(a!.catalog.schema.table('ks', 'same')).toEqual(b!.catalog.schema.table('ks', 'same'));
    for (const [node, mutations] of [[b!, fromA[1]!], [a!, fromB[1]!]] as const) {
      const version = node.catalog.schema.version;
      const error = await rejection(node.catalog.applySchemaMutations(mutations));
      expect(error.message).toContain('table ks.differ was created on two nodes at once with different definitions');
      expect(node.catalog.schema.version).toBe(version);
    }
  });

  it('refuses mutations of tables outside system_schema, and of system keyspaces', async () => {
    const [a] = await cluster(1);
    await a!.ddl(KS);
    await a!.ddl('CREATE TABLE kv (k text PRIMARY KEY, v int)');
    const table = a!.catalog.schema.table('ks', 'kv')!;
    const attributes = { timestamp: clock.nowMicros(), ttl: 0, nowSeconds: clock.nowSeconds() };
    const row = insertRow(tableLayout(table), new Map<string, unknown>([['k', 'x'], ['v', 1]]), attributes);
    expect((await rejection(a!.catalog.applySchemaMutations([row]))).code).toBe(CqlErrorCode.invalid);
    const systemTable = { ...table, keyspace: 'system_schema' };
    expect((await rejection(a!.catalog.applySchemaMutations(tableMutations(systemTable, randomUUID(), attributes)))).code).toBe(CqlErrorCode.unauthorized);
  });
});

describe('TRUNCATE in a cluster', () => {
  it('empties the table here, then awaits onTruncate; a failing onTruncate fails the TRUNCATE', async () => {
    const truncated: string[] = [];
    let failure: Error | null = null;
    const [a] = await cluster(1, {
      onTruncate: async (table) => {
        truncated.push(`${table.keyspace}.${table.name}:${table.id}`);
        if (failure !== null) throw failure;
      },
    });
    await a!.ddl(KS);
    await a!.ddl('CREATE TABLE kv (k text PRIMARY KEY, v int)');
    const table = a!.catalog.schema.table('ks', 'kv')!;
    const layout = tableLayout(table);
    const statement = parseStatement('TRUNCATE ks.kv');
    if (statement.kind !== 'TruncateStatement') throw new Error('not TRUNCATE');
    const truncateTarget = statement.table;
    const write = async (): Promise<void> =>
      a!.engine.write([insertRow(layout, new Map<string, unknown>([['k', 'x'], ['v', 1]]), { timestamp: clock.nowMicros(), ttl: 0, nowSeconds: clock.nowSeconds() })]);
    await write();
    await a!.catalog.truncate(truncateTarget, null);
    expect(truncated).toEqual([`ks.kv:${table.id}`]);
    expect(await a!.engine.read(table.id, partitionKeyBytes(layout, ['x']))).toBeNull();
    await write();
    failure = new Error('Cannot perform truncate, some hosts are down');
    expect((await rejection(a!.catalog.truncate(truncateTarget, null))).message).toBe(failure.message);
    expect(truncated).toHaveLength(2);
  });
});
