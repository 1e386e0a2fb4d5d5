import { describe, expect, it } from 'vitest';
import { resourceText } from '../../../src/auth/resource.js';
import { requiredPermissions } from '../../../src/auth/statement-permissions.js';
import type { CreateTableStatement } from '../../../src/cql/ast/create-table-statement.js';
import { Schema } from '../../../src/cql/catalog/schema.js';
import { parseStatement } from '../../../src/cql/parser/parser.js';
import { tableFromCreate } from '../../../src/cql/schema/table-metadata.js';

const table = tableFromCreate(parseStatement('CREATE TABLE ks.t (k int PRIMARY KEY, v int)') as CreateTableStatement, {
  keyspace: 'ks',
  tableId: 2000,
  resolveUserType: () => null,
});
const schema = new Schema(
  new Map([['ks', { metadata: { name: 'ks', replication: { class: 'SimpleStrategy', replicationFactor: 1 }, durableWrites: true }, tables: new Map([['t', table]]), types: new Map() }]]),
  'version',
);

/** Each requirement as `PERMISSION <resource>`. */
function needs(cql: string, keyspace: string | null = null): string[] {
  return requiredPermissions(parseStatement(cql), keyspace, schema).map((r) => `${r.permission} ${resourceText(r.resource)}`);
}

describe('what each statement needs', () => {
  it('reads need SELECT and writes MODIFY on the table; conditions need SELECT too', () => {
    expect(needs('SELECT * FROM ks.t')).toEqual(['SELECT <table ks.t>']);
    expect(needs('SELECT * FROM t', 'ks')).toEqual(['SELECT <table ks.t>']);
    expect(needs('INSERT INTO ks.t (k, v) VALUES (1, 1)')).toEqual(['MODIFY <table ks.t>']);
    expect(needs('UPDATE ks.t SET v = 1 WHERE k = 1')).toEqual(['MODIFY <table ks.t>']);
    expect(needs('DELETE FROM ks.t WHERE k = 1')).toEqual(['MODIFY <table ks.t>']);
    expect(needs('TRUNCATE ks.t')).toEqual(['MODIFY <table ks.t>']);
    expect(needs('UPDATE ks.t SET v = 1 WHERE k = 1 IF v = 0')).toEqual(['MODIFY <table ks.t>', 'SELECT <table ks.t>']);
    expect(needs('INSERT INTO ks.t (k) VALUES (1) IF NOT EXISTS')).toEqual(['MODIFY <table ks.t>', 'SELECT <table ks.t>']);
    expect(needs('BEGIN BATCH INSERT INTO ks.t (k) VALUES (1); DELETE FROM t WHERE k = 2; APPLY BATCH', 'ks')).toEqual(['MODIFY <table ks.t>', 'MODIFY <table ks.t>']);
  });

  it('a data statement on a missing table needs nothing: it fails as it runs', () => {
    expect(needs('SELECT * FROM ks.missing')).toEqual([]);
    expect(needs('INSERT INTO nowhere.t (k) VALUES (1)')).toEqual([]);
  });

  it('DDL needs CREATE on the parent, ALTER or DROP on the object', () => {
    expect(needs("CREATE KEYSPACE k2 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")).toEqual(['CREATE <all keyspaces>']);
    expect(needs("ALTER KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2}")).toEqual(['ALTER <keyspace ks>']);
    expect(needs('DROP KEYSPACE ks')).toEqual(['DROP <keyspace ks>']);
    expect(needs('CREATE TABLE u (k int PRIMARY KEY)', 'ks')).toEqual(['CREATE <keyspace ks>']);
    expect(needs('ALTER TABLE ks.t ADD w int')).toEqual(['ALTER <table ks.t>']);
    expect(needs('DROP TABLE IF EXISTS ks.gone')).toEqual(['DROP <table ks.gone>']);
    expect(needs('CREATE TYPE ks.addr (street text)')).toEqual(['CREATE <keyspace ks>']);
    expect(needs('DROP TYPE ks.addr')).toEqual(['DROP <keyspace ks>']);
  });

  it('USE, DESCRIBE and the role and permission statements need nothing here', () => {
    for (const cql of ['USE ks', 'DESCRIBE KEYSPACES', 'CREATE ROLE r', 'GRANT SELECT ON ks.t TO r', 'LIST ROLES', 'LIST ALL']) expect(needs(cql)).toEqual([]);
  });

  it('an unqualified table without a session keyspace is refused as Cassandra refuses it', () => {
    expect(() => needs('SELECT * FROM t')).toThrow('No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename');
  });
});
