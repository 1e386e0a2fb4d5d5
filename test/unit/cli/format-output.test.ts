import { describe, expect, it } from 'vitest';
import { columnize } from '../../../src/cli/shell/columnize.js';
import { describeLines, describeOutputKind } from '../../../src/cli/shell/format-describe.js';
import { cqlshErrorText } from '../../../src/cli/shell/format-error.js';
import { expandedLines, tableLines } from '../../../src/cli/shell/format-rows.js';
import { displayWidth } from '../../../src/cli/shell/text-width.js';
import { CqlSyntaxError } from '../../../src/cql/cql-syntax-error.js';
import { InvalidRequestError, OverloadedError } from '../../../src/lib/errors.js';

describe('tableLines', () => {
  it('lays rows out as cqlsh: names left, values right, separator with -+-', () => {
    expect(tableLines(['k', 'name', 'tags'], [['1', 'alice', "{'a', 'b'}"], ['22', 'bo', '{}']], true, false)).toEqual([
      ' k  | name  | tags',
      '----+-------+------------',
      '  1 | alice | {\'a\', \'b\'}',
      ' 22 |    bo |         {}',
    ]);
  });

  it('ends each page with a blank line when interactive, and shows a header alone for no rows', () => {
    expect(tableLines(['k'], [['1']], true, true)).toEqual([' k', '---', ' 1', '']);
    expect(tableLines(['k', 'v'], null, true, false)).toEqual([' k | v', '---+---', '']);
    expect(tableLines(['k'], [['1']], false, true)).toEqual([' 1', '']);
  });

  it('measures wide characters by display width', () => {
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(tableLines(['v'], [['日本'], ['x']], true, false)).toEqual([' v', '------', ' 日本', '    x']);
  });
});

describe('expandedLines', () => {
  it('prints one block a row, numbered across pages', () => {
    expect(expandedLines(['k', 'name'], [['1', 'alice'], ['2', 'bo']], 101)).toEqual([
      '@ Row 101',
      '------+-------',
      ' k    | 1',
      ' name | alice',
      '',
      '@ Row 102',
      '------+-------',
      ' k    | 2',
      ' name | bo',
      '',
    ]);
  });
});

describe('cqlshErrorText', () => {
  it('words errors as the Python driver names them', () => {
    expect(cqlshErrorText(new InvalidRequestError('unconfigured table t'))).toBe(
      'InvalidRequest: Error from server: code=2200 [Invalid query] message="unconfigured table t"',
    );
    expect(cqlshErrorText(new CqlSyntaxError({ offset: 0, line: 1, column: 1 }, "no viable alternative at input 'SELEC'"))).toBe(
      "SyntaxException: line 1:1 no viable alternative at input 'SELEC'",
    );
    expect(cqlshErrorText(new OverloadedError('too busy'))).toBe('OverloadedErrorMessage: too busy');
    expect(cqlshErrorText(Object.assign(new Error("Keyspace ks already exists"), { code: 0x2400 }))).toBe('AlreadyExists: Keyspace ks already exists');
    expect(cqlshErrorText(Object.assign(new Error('late'), { code: 0x1200 }))).toBe(
      "ReadTimeout: Error from server: code=1200 [Coordinator node timed out waiting for replica nodes' responses] message=\"late\"",
    );
    expect(cqlshErrorText(new Error('boom'))).toBe('ServerError: boom');
  });
});

describe('columnize', () => {
  it('fills columns top to bottom in the fewest rows that fit 80 characters', () => {
    expect(columnize([])).toEqual(['<empty>']);
    expect(columnize(['one'])).toEqual(['one']);
    expect(columnize(['a', 'bb', 'ccc'])).toEqual(['a  bb  ccc']);
    const names = Array.from({ length: 12 }, (_, i) => `table_number_${i}`);
    const lines = columnize(names);
    expect(lines.every((line) => line.length <= 80)).toBe(true);
    expect(lines).toEqual([
      'table_number_0  table_number_3  table_number_6  table_number_9 ',
      'table_number_1  table_number_4  table_number_7  table_number_10',
      'table_number_2  table_number_5  table_number_8  table_number_11',
    ]);
  });

  it('puts a name longer than the line on a row of its own', () => {
    expect(columnize(['x'.repeat(90), 'y'])).toEqual(['x'.repeat(90), 'y']);
  });
});

describe('describeLines', () => {
  it('chooses the layout by the word after DESCRIBE', () => {
    expect(['tables', 'TYPES', 'columnfamilies'].map(describeOutputKind)).toEqual(['list', 'list', 'list']);
    expect(['keyspaces', 'cluster', 'keyspace', 'table', 'schema', 'full', 'users'].map(describeOutputKind)).toEqual([
      'keyspaces', 'cluster', 'element', 'element', 'element', 'element', 'element',
    ]);
  });

  it('prints each create_statement after a blank line', () => {
    const rows = [{ create_statement: 'CREATE KEYSPACE ks ...;' }, { create_statement: 'CREATE TABLE ks.t (\n    k int PRIMARY KEY\n) WITH ...;' }];
    expect(describeLines('element', rows, null).join('\n')).toBe('\nCREATE KEYSPACE ks ...;\n\nCREATE TABLE ks.t (\n    k int PRIMARY KEY\n) WITH ...;');
  });

  it('groups listed names under their keyspace when no keyspace is in use', () => {
    const rows = [
      { keyspace_name: 'ks', type: 'table', name: 'a' },
      { keyspace_name: 'ks', type: 'table', name: 'b' },
      { keyspace_name: 'system', type: 'table', name: 'local' },
    ];
    expect(describeLines('list', rows, null)).toEqual(['', 'Keyspace ks', '-----------', 'a  b', '', 'Keyspace system', '---------------', 'local', '']);
    expect(describeLines('list', rows.slice(0, 2), 'ks')).toEqual(['', 'a  b', '']);
    expect(describeLines('keyspaces', [{ name: 'ks' }, { name: 'system' }], null)).toEqual(['', 'ks  system', '']);
  });

  it('prints the cluster and, in a keyspace, its range ownership', () => {
    const row = { cluster: 'Sibyl', partitioner: 'Murmur3Partitioner', snitch: 'SimpleSnitch', range_ownership: { '-1': ['127.0.0.1'] } };
    expect(describeLines('cluster', [row], 'ks')).toEqual([
      '', 'Cluster: Sibyl', 'Partitioner: Murmur3Partitioner', 'Snitch: SimpleSnitch', '',
      'Range ownership:', `${' '.repeat(38)}-1  [127.0.0.1]`, '',
    ]);
  });
});
