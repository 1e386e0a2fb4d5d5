import { describe, expect, it } from 'vitest';
import { CqlSyntaxError } from '../../../../src/cql/cql-syntax-error.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';

function syntaxError(source: string): CqlSyntaxError {
  try {
    parseStatement(source);
  } catch (error) {
    if (error instanceof CqlSyntaxError) return error;
    throw error;
  }
  throw new Error(`parsed: ${source}`);
}

describe('syntax errors in data statements, at the offending token', () => {
  it.each([
    ['SELECT FROM t', 1, 8, "mismatched input 'FROM' expecting a selector"],
    ['SELECT * t', 1, 10, "mismatched input 't' expecting FROM"],
    ['SELECT * FROM', 1, 14, "mismatched input '<EOF>' expecting a table name"],
    ['SELECT * FROM t WHERE', 1, 22, "mismatched input '<EOF>' expecting a column name"],
    ['SELECT * FROM t WHERE k', 1, 24, "mismatched input '<EOF>' expecting a relation operator"],
    ['SELECT * FROM t WHERE k = ', 1, 27, "mismatched input '<EOF>' expecting a term"],
    ['SELECT * FROM t WHERE k = 1 AND', 1, 32, "mismatched input '<EOF>' expecting a column name"],
    ['SELECT * FROM t WHERE k = 1 OR k = 2', 1, 29, "mismatched input 'OR' expecting <EOF>"],
    ['SELECT * FROM t WHERE k IN 1', 1, 28, "mismatched input '1' expecting '('"],
    ['SELECT * FROM t WHERE k IN (1, 2', 1, 33, "mismatched input '<EOF>' expecting ')'"],
    ['SELECT * FROM t WHERE (a, b) = 1', 1, 32, "mismatched input '1' expecting '('"],
    ['SELECT * FROM t WHERE token(a) CONTAINS 1', 1, 32, "mismatched input 'CONTAINS' expecting a relation operator"],
    ['SELECT * FROM t WHERE m[1] CONTAINS 1', 1, 28, "mismatched input 'CONTAINS' expecting a relation operator"],
    ['SELECT * FROM t LIMIT 1 WHERE k = 1', 1, 25, "mismatched input 'WHERE' expecting <EOF>"],
    ['SELECT * FROM t LIMIT x', 1, 23, "mismatched input 'x' expecting an integer or a bind marker"],
    ['SELECT * FROM t ORDER c', 1, 23, "mismatched input 'c' expecting BY"],
    ['SELECT * FROM t GROUP k', 1, 23, "mismatched input 'k' expecting BY"],
    ['SELECT * FROM t PER LIMIT 1', 1, 21, "mismatched input 'LIMIT' expecting PARTITION"],
    ['SELECT * FROM t ALLOW', 1, 22, "mismatched input '<EOF>' expecting FILTERING"],
    ['SELECT a AS FROM t', 1, 13, "mismatched input 'FROM' expecting an alias"],
    ['SELECT a, FROM t', 1, 11, "mismatched input 'FROM' expecting a selector"],
    ['SELECT count(* FROM t', 1, 14, "mismatched input '*' expecting a selector"],
    ['INSERT INTO t (k) VALUES 1', 1, 26, "mismatched input '1' expecting '('"],
    ['INSERT INTO t (k) VALUES (1,)', 1, 29, "mismatched input ')' expecting a term"],
    ['INSERT INTO t VALUES (1)', 1, 15, "mismatched input 'VALUES' expecting '(' or JSON"],
    ["INSERT INTO t (k) VALUES ({'a': })", 1, 33, "mismatched input '}' expecting a term"],
    ['INSERT INTO t (k) VALUES ([1, 2)', 1, 32, "mismatched input ')' expecting ']'"],
    ['INSERT INTO t (k) VALUES (1) IF EXISTS', 1, 33, "mismatched input 'EXISTS' expecting NOT"],
    ['UPDATE t SET v = 1 WHERE k = 0 IF', 1, 34, "mismatched input '<EOF>' expecting a column name"],
    ['UPDATE t SET v = 1 WHERE k = 0 IF v LIKE 1', 1, 37, "mismatched input 'LIKE' expecting a condition operator"],
    ['UPDATE t SET v[1] 2 WHERE k = 0', 1, 19, "mismatched input '2' expecting '='"],
    ['UPDATE t SET v.1 = 2 WHERE k = 0', 1, 16, "mismatched input '1' expecting a field name"],
    ['UPDATE t SET WHERE k = 0', 1, 14, "mismatched input 'WHERE' expecting a column name"],
    ['DELETE FROM t WHERE', 1, 20, "mismatched input '<EOF>' expecting a column name"],
    ['DELETE v[1 FROM t WHERE k = 0', 1, 12, "mismatched input 'FROM' expecting ']'"],
    ['BEGIN BATCH INSERT INTO t (k) VALUES (1) APPLY', 1, 47, "mismatched input '<EOF>' expecting BATCH"],
    ['SELECT *\nFROM t\nWHERE k = = 1', 3, 11, "mismatched input '=' expecting a term"],
  ])('%j', (source, line, column, detail) => {
    const error = syntaxError(source);
    expect({ line: error.line, column: error.column, detail: error.detail }).toEqual({ line, column, detail });
    expect(error.message).toBe(`line ${line}:${column} ${detail}`);
  });

  it('refuses deep nesting without overflowing the stack', () => {
    expect(syntaxError(`SELECT * FROM t WHERE ${'('.repeat(100_000)}k = 1`).detail).toBe('relation nested deeper than 64 levels');
    expect(syntaxError(`SELECT ${'f('.repeat(100_000)} FROM t`).detail).toBe('selector nested deeper than 64 levels');
    expect(syntaxError(`INSERT INTO t (k) VALUES (${'{'.repeat(100_000)})`).detail).toBe('term nested deeper than 64 levels');
  });
});
