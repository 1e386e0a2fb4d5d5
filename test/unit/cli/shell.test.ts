import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLines } from '../../../src/cli/shell/shell.js';
import { CqlSyntaxError } from '../../../src/cql/cql-syntax-error.js';
import { InvalidRequestError } from '../../../src/lib/errors.js';
import { harness, intType, NO_ROWS, rows, textType, type Answer } from './shell-harness.js';

const users: Answer = (query) => {
  if (/^SELECT \* FROM users/i.test(query)) return rows([['id', intType], ['name', textType]], [[1, 'alice'], [22, null]]);
  if (/^SELECT \* FROM empty/i.test(query)) return rows([['id', intType]], []);
  if (/^SELEC /i.test(query)) return new CqlSyntaxError({ offset: 0, line: 1, column: 1 }, "no viable alternative at input 'SELEC'");
  if (/nowhere/.test(query)) return new InvalidRequestError('unconfigured table nowhere');
  return NO_ROWS;
};

describe('Shell', () => {
  it('prints a SELECT as cqlsh -e does', async () => {
    const h = harness(users);
    await h.shell.feedText('SELECT * FROM users;');
    expect(h.out()).toBe('\n id | name\n----+-------\n  1 | alice\n 22 |  null\n\n(2 rows)\n');
    expect(h.err()).toBe('');
  });

  it('prints the header of an empty result, and nothing for statements without rows', async () => {
    const h = harness(users);
    await h.shell.feedText("INSERT INTO users (id) VALUES (1); SELECT * FROM empty;");
    expect(h.out()).toBe('\n id\n----\n\n\n(0 rows)\n');
    expect(h.session.executed).toEqual(['INSERT INTO users (id) VALUES (1);', 'SELECT * FROM empty;']);
  });

  it('collects a statement over several lines, with the continuation prompt meanwhile', async () => {
    const h = harness(users, { tty: true });
    expect(h.shell.prompt()).toBe('cqlsh> ');
    await h.shell.feedLine('SELECT *');
    expect(h.shell.prompt()).toBe('   ... ');
    await h.shell.feedLine("  FROM users WHERE name = 'a;b' -- ; not yet");
    expect(h.session.executed).toEqual([]);
    await h.shell.feedLine(';');
    expect(h.session.executed).toEqual(["SELECT *\n  FROM users WHERE name = 'a;b' -- ; not yet\n;"]);
    expect(h.shell.prompt()).toBe('cqlsh> ');
  });

  it('shows the session keyspace in the prompts', async () => {
    const h = harness((query, _paging, session) => {
      if (/^USE/i.test(query)) session.keyspace = 'sales';
      return NO_ROWS;
    }, { tty: true });
    await h.shell.feedLine('USE sales;');
    expect(h.shell.prompt()).toBe('cqlsh:sales> ');
    await h.shell.feedLine('SELECT');
    expect(h.shell.prompt()).toBe('         ... ');
  });

  it('prints errors as cqlsh and keeps going; prefixed by source and line when not interactive', async () => {
    const batch = harness(users);
    await runLines(batch.shell, 'SELEC x;\nSELECT * FROM nowhere;\nSELECT * FROM users;\n');
    expect(batch.err()).toBe(
      "<stdin>:2:SyntaxException: line 1:1 no viable alternative at input 'SELEC'\n" +
        '<stdin>:3:InvalidRequest: Error from server: code=2200 [Invalid query] message="unconfigured table nowhere"\n',
    );
    expect(batch.out()).toContain('(2 rows)');
    expect(batch.shell.hadError).toBe(true);

    const tty = harness(users, { tty: true });
    await tty.shell.feedLine('SELECT * FROM nowhere;');
    expect(tty.err()).toBe('InvalidRequest: Error from server: code=2200 [Invalid query] message="unconfigured table nowhere"\n');
  });

  it('pages 100 rows at a time, pausing at ---MORE--- when interactive', async () => {
    const paged: Answer = (_query, paging) =>
      paging.pageState === null ? rows([['k', intType]], [[1], [2]], 'next') : rows([['k', intType]], [[3]]);
    const tty = harness(paged, { tty: true });
    await tty.shell.feedLine('SELECT k FROM t;');
    expect(tty.session.pagings).toEqual([{ pageSize: 100, pageState: null }, { pageSize: 100, pageState: 'next' }]);
    expect(tty.mores.count).toBe(1);
    expect(tty.out()).toBe('\n k\n---\n 1\n 2\n\n k\n---\n 3\n\n(3 rows)\n');

    const batch = harness(paged);
    await batch.shell.feedText('SELECT k FROM t;');
    expect(batch.mores.count).toBe(0);
    expect(batch.out()).toBe('\n k\n---\n 1\n 2\n 3\n\n(3 rows)\n');
  });

  it('switches EXPAND and PAGING with cqlsh messages', async () => {
    const h = harness(users);
    await h.shell.feedText('EXPAND ON; EXPAND; SELECT * FROM users; EXPAND ON; expand off;');
    expect(h.out()).toBe(
      'Now Expanded output is enabled\n' +
        'Expanded output is currently enabled. Use EXPAND OFF to disable\n' +
        '\n@ Row 1\n------+-------\n id   | 1\n name | alice\n\n@ Row 2\n------+-------\n id   | 22\n name | null\n\n\n(2 rows)\n' +
        'Disabled Expanded output.\n',
    );
    expect(h.err()).toBe('<stdin>:1:Expanded output is already enabled. Use EXPAND OFF to disable.\n');

    const p = harness(users);
    await p.shell.feedText('PAGING 50; PAGING OFF; SELECT * FROM users; PAGING;');
    expect(p.out()).toContain('Page size: 50\nDisabled Query paging.\n');
    expect(p.out()).toContain('Query paging is currently disabled. Use PAGING ON to enable.\n');
    expect(p.session.pagings).toEqual([{ pageSize: 5000, pageState: null }]);
  });

  it('runs DESCRIBE on the session and prints its statements, errors as their message alone', async () => {
    const h = harness((query) => {
      if (/nope/.test(query)) return new InvalidRequestError("'nope' not found in keyspaces");
      return rows(
        [['keyspace_name', textType], ['type', textType], ['name', textType], ['create_statement', textType]],
        [['ks', 'keyspace', 'ks', 'CREATE KEYSPACE ks ...;'], ['ks', 'table', 't', 'CREATE TABLE ks.t (\n    k int PRIMARY KEY\n) WITH ...;']],
      );
    });
    await runLines(h.shell, 'DESC KEYSPACE ks\nDESCRIBE KEYSPACE nope\n');
    expect(h.session.executed).toEqual(['DESC KEYSPACE ks', 'DESCRIBE KEYSPACE nope']);
    expect(h.out()).toBe('\nCREATE KEYSPACE ks ...;\n\nCREATE TABLE ks.t (\n    k int PRIMARY KEY\n) WITH ...;\n');
    expect(h.err()).toBe("<stdin>:3:'nope' not found in keyspaces\n");
  });

  it('runs SOURCE files with errors named by file and line, and stops at EXIT', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'sibyl-shell-'));
    const file = path.join(directory, 'script.cql');
    await writeFile(file, 'SELECT * FROM users;\n\nSELECT * FROM\n  nowhere;\n');
    const h = harness(users);
    await h.shell.feedText(`SOURCE '${file}'; SOURCE '${path.join(directory, 'missing.cql')}'; EXIT; SELECT * FROM users;`);
    expect(h.out()).toBe('\n id | name\n----+-------\n  1 | alice\n 22 |  null\n\n(2 rows)\n');
    expect(h.err()).toMatch(new RegExp(`^${file}:5:InvalidRequest: .*unconfigured table nowhere"\n<stdin>:1:Could not open '.*missing.cql': ENOENT`));
    expect(h.shell.stopped).toBe(true);
    expect(h.session.executed).toEqual(['SELECT * FROM users;', 'SELECT * FROM\n  nowhere;']);
  });

  it('reports a statement left open at the end of input, and runs a last shell command without ;', async () => {
    const h = harness(users);
    await runLines(h.shell, 'SELECT * FROM users');
    expect(h.err()).toBe('<stdin>:2:Incomplete statement at end of file\n');
    const e = harness(users);
    await e.shell.feedText('HELP');
    await e.shell.finish();
    expect(e.out()).toContain('Documented shell commands:');
  });

  it('refuses shell commands with wrong arguments and the cqlsh commands it lacks', async () => {
    const h = harness(users);
    await h.shell.feedText('EXPAND maybe; CONSISTENCY QUORUM; CONSISTENCY; TRACING ON; CONSISTENCY SOMETIMES;');
    expect(h.out()).toBe('Consistency level set to QUORUM.\nCurrent consistency level is QUORUM.\n');
    expect(h.err()).toBe(
      '<stdin>:1:Improper EXPAND command.\n<stdin>:1:TRACING is not supported by the Sibyl shell.\n<stdin>:1:Improper CONSISTENCY command.\n',
    );
    expect(h.session.executed).toEqual([]);
  });

  it('forgets the statement being typed on Ctrl-C', async () => {
    const h = harness(users, { tty: true });
    await h.shell.feedLine('SELECT * FROM');
    h.shell.cancelStatement();
    expect(h.shell.prompt()).toBe('cqlsh> ');
    await h.shell.feedLine('SELECT * FROM users;');
    expect(h.session.executed).toEqual(['SELECT * FROM users;']);
  });
});
