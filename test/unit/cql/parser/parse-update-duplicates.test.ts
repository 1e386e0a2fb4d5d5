/**
 * Two SET items on one column, as Cassandra's Parser.g refuses them (addRawUpdate with
 * Operation.RawUpdate.isCompatibleWith): a whole-value assignment is compatible with no other
 * item on its column, two field assignments only on different fields; the rest may repeat.
 */

import { describe, expect, it } from 'vitest';
import { CqlSyntaxError } from '../../../../src/cql/cql-syntax-error.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';
import type { UpdateStatement } from '../../../../src/cql/ast/update-statement.js';

function syntaxError(source: string): CqlSyntaxError {
  try {
    parseStatement(source);
  } catch (error) {
    if (error instanceof CqlSyntaxError) return error;
    throw error;
  }
  throw new Error(`parsed: ${source}`);
}

describe('UPDATE with two SET items on one column', () => {
  it.each([
    ['UPDATE t SET v = 1, v = 2 WHERE k = 0', 21, 'v'],
    ['UPDATE t SET v = 1, w = 3, v = 2 WHERE k = 0', 28, 'v'],
    ['UPDATE t SET c = c + 1, c = 2 WHERE k = 0', 25, 'c'],
    ['UPDATE t SET l = [1], l = l + [2] WHERE k = 0', 23, 'l'],
    ['UPDATE t SET m = {}, m[1] = 2 WHERE k = 0', 22, 'm'],
    ['UPDATE t SET u.f = 1, u.f = 2 WHERE k = 0', 23, 'u'],
    ['UPDATE t SET u.f = 1, u = null WHERE k = 0', 23, 'u'],
    ['UPDATE t SET "V" = 1, "V" = 2 WHERE k = 0', 23, 'V'],
  ])('%s is refused at the second item', (source, column, name) => {
    const error = syntaxError(source);
    expect({ line: error.line, column: error.column, detail: error.detail }).toEqual({ line: 1, column, detail: `Multiple incompatible setting of column ${name}` });
  });

  it.each([
    'UPDATE t SET l = l + [1], l = l + [2] WHERE k = 0',
    'UPDATE t SET l = [0] + l, l = l - [3] WHERE k = 0',
    'UPDATE t SET c = c + 1, c = c - 2 WHERE k = 0',
    'UPDATE t SET m[1] = 2, m[3] = 4 WHERE k = 0',
    "UPDATE t SET m['a'] = 1, m['a'] = 2 WHERE k = 0",
    'UPDATE t SET s += {1}, s -= {2} WHERE k = 0',
    'UPDATE t SET u.f = 1, u.g = 2 WHERE k = 0',
    'UPDATE t SET v = 1, "V" = 2 WHERE k = 0',
  ])('%s is accepted, every item kept', (source) => {
    const statement = parseStatement(source) as UpdateStatement;
    expect(statement.assignments).toHaveLength(2);
  });

  it('applies inside a batch too', () => {
    expect(syntaxError('BEGIN BATCH UPDATE t SET v = 1, v = 2 WHERE k = 0 APPLY BATCH').detail).toBe('Multiple incompatible setting of column v');
  });
});
