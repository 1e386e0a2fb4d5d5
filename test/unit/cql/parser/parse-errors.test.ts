import { describe, expect, it } from 'vitest';
import { CqlSyntaxError } from '../../../../src/cql/cql-syntax-error.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';

function syntaxError(source: string): CqlSyntaxError {
  try {
    parseStatement(source);
  } catch (error) {
    if (error instanceof CqlSyntaxError) return error;
    throw error;
  }
  throw new Error(`parsed: ${source}`);
}

describe('syntax errors', () => {
  it.each([
    ['CREATE TABLEX t (k int PRIMARY KEY)', 1, 8, "no viable alternative at input 'TABLEX'"],
    ['FOO', 1, 1, "no viable alternative at input 'FOO'"],
    ['', 1, 1, "no viable alternative at input '<EOF>'"],
    ['CREATE TABLE t (k int PRIMARY KEY', 1, 34, "mismatched input '<EOF>' expecting ')'"],
    ['CREATE TABLE t k int', 1, 16, "mismatched input 'k' expecting '('"],
    ['CREATE TABLE t (select int PRIMARY KEY)', 1, 17, "mismatched input 'select' expecting a column name"],
    ['CREATE TABLE t (k int PRIMARY KEY) extra', 1, 36, "mismatched input 'extra' expecting <EOF>"],
    ['USE ks; USE ks', 1, 9, "mismatched input 'USE' expecting <EOF>"],
    ['CREATE TABLE t (k map<int>)', 1, 26, "mismatched input '>' expecting ','"],
    ['CREATE TABLE t (k list<int, v int)', 1, 27, "mismatched input ',' expecting '>'"],
    ['CREATE TABLE t (k int, PRIMARY KEY (k) WITH x = 1', 1, 40, "mismatched input 'WITH' expecting ')'"],
    ['CREATE TABLE t (k int, c int, PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (c)', 1, 78, "mismatched input ')' expecting ASC or DESC"],
    ['CREATE TABLE t (k int, PRIMARY KEY (k), PRIMARY KEY (k))', 1, 41, 'Multiple PRIMARY KEYs specified (exactly one required)'],
    ["CREATE KEYSPACE ks WITH replication = {'class': 'x'} AND replication = {}", 1, 58, "Multiple definition for property 'replication'"],
    ['CREATE KEYSPACE ks WITH replication = {class: 1}', 1, 40, "mismatched input 'class' expecting string literal"],
    ["CREATE KEYSPACE ks WITH a = -'x'", 1, 30, "mismatched input ''x'' expecting a number"],
    ['CREATE KEYSPACE ks WITH a = ?', 1, 29, "mismatched input '?' expecting a constant"],
    ['CREATE KEYSPACE IF EXISTS ks WITH a = 1', 1, 20, "mismatched input 'EXISTS' expecting NOT"],
    ['CREATE KEYSPACE ks', 1, 19, "mismatched input '<EOF>' expecting WITH"],
    ['DROP KEYSPACE table', 1, 15, "mismatched input 'table' expecting a keyspace name"],
    ['ALTER TABLE t TRUNCATE x', 1, 15, "mismatched input 'TRUNCATE' expecting ADD, DROP or WITH"],
    ['ALTER TABLE t ADD (a int', 1, 25, "mismatched input '<EOF>' expecting ')'"],
    ['CREATE TYPE t ()', 1, 16, "mismatched input ')' expecting a field name"],
    ['CREATE TABLE t (k 42)', 1, 19, "mismatched input '42' expecting a type"],
    ['CREATE TABLE t (k set)', 1, 22, "mismatched input ')' expecting '<'"],
    ['CREATE TABLE t (\n  k int PRIMARY KEY,\n  v text\n', 4, 1, "mismatched input '<EOF>' expecting ')'"],
  ])('%j', (source, line, column, detail) => {
    const error = syntaxError(source);
    expect({ line: error.line, column: error.column, detail: error.detail }).toEqual({ line, column, detail });
    expect(error.message).toBe(`line ${line}:${column} ${detail}`);
  });

  it('passes the lexer errors through', () => {
    expect(syntaxError("CREATE KEYSPACE ks WITH a = 'open").line).toBe(1);
  });
});

describe('valid CQL not supported yet', () => {
  it.each([
    ['GRANT EXECUTE ON ALL FUNCTIONS TO r', 'Function and MBean resources are not supported yet'],
    ['CREATE INDEX ON t (v)', 'CREATE INDEX statements are not supported yet'],
    ['ALTER TYPE t ADD f int', 'ALTER TYPE statements are not supported yet'],
    ['DROP MATERIALIZED VIEW v', 'DROP MATERIALIZED statements are not supported yet'],
    ['ALTER TABLE t RENAME a TO b', 'ALTER TABLE ... RENAME is not supported yet'],
    ['ALTER TABLE t ALTER a TYPE text', 'Altering column types is no longer supported'],
    ['CREATE TABLE t (k int PRIMARY KEY) WITH COMPACT STORAGE', 'Compact tables are not allowed in Cassandra starting with 4.0 version.'],
    ['CREATE TABLE t (k frozen<int> PRIMARY KEY)', 'frozen<> is only allowed on collections, tuples, and user-defined types'],
  ])('%s', (source, message) => {
    expect(() => parseStatement(source)).toThrow(InvalidRequestError);
    expect(() => parseStatement(source)).toThrow(message);
  });
});

describe('limits', () => {
  it('refuses types nested deeper than 64 levels with a syntax error, not a stack overflow', () => {
    const deep = `CREATE TABLE t (k ${'list<'.repeat(100_000)}int)`;
    const error = syntaxError(deep);
    expect(error.detail).toBe('type nested deeper than 64 levels');
    expect(error.column).toBe(19 + 64 * 5);
    expect(parseStatement(`CREATE TABLE t (k ${'list<'.repeat(63)}int${'>'.repeat(63)})`)).toMatchObject({ kind: 'CreateTableStatement' });
  });
});
