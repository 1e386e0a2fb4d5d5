import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../../src/cli/shell/statement-splitter.js';

describe('splitStatements', () => {
  it('splits at semicolons and keeps the unfinished rest', () => {
    expect(splitStatements('SELECT * FROM t; INSERT INTO t (k) VALUES (1);\nUPDATE t')).toEqual({
      statements: ['SELECT * FROM t;', 'INSERT INTO t (k) VALUES (1);'],
      remainder: '\nUPDATE t',
      incomplete: true,
    });
  });

  it('does not end a statement at a semicolon inside strings, names, $$ strings or comments', () => {
    const text = "INSERT INTO t (k, \"a;b\") VALUES ('x;''y', $$z;$$) -- not; here\n /* nor; here */ // nor; here\n;";
    expect(splitStatements(text).statements).toEqual([text]);
  });

  it('reports unclosed strings, names and comments as incomplete', () => {
    for (const text of ["SELECT 'abc;", 'SELECT "a;', 'SELECT $$ a;', '/* a;', "INSERT INTO t (k) VALUES ('it''s;"]) {
      const split = splitStatements(text);
      expect(split).toEqual({ statements: [], remainder: text, incomplete: true });
    }
  });

  it('ends cqlsh commands at the end of their line', () => {
    expect(splitStatements('DESC TABLES\nhelp\nEXPAND ON;\nSELECT\n').statements).toEqual(['DESC TABLES', 'help', 'EXPAND ON;']);
    expect(splitStatements('SOURCE \'a.cql\' -- run it\n').statements).toEqual(["SOURCE 'a.cql' -- run it"]);
    expect(splitStatements('DESCRIBE KEYSPACE ks').incomplete).toBe(true);
  });

  it('keeps a batch whole until APPLY BATCH;', () => {
    const batch = 'BEGIN UNLOGGED BATCH\n  INSERT INTO t (k) VALUES (1);\n  DELETE FROM t WHERE k = 2;\nAPPLY BATCH;';
    expect(splitStatements(`${batch} SELECT 1;`).statements).toEqual([batch, 'SELECT 1;']);
    expect(splitStatements('BEGIN BATCH INSERT INTO t (k) VALUES (1);').incomplete).toBe(true);
  });

  it('skips empty statements and comment-only text', () => {
    expect(splitStatements(';; -- nothing\n/* nothing */ ;')).toEqual({ statements: [], remainder: '', incomplete: false });
    expect(splitStatements('  -- just a comment\n').incomplete).toBe(false);
  });
});

/** Statement pieces that may hold a `;` only where it must not end the statement. */
const piece = fc.oneof(
  fc.constantFrom('SELECT', 'k', '*', 'FROM', 'ks.t', 'WHERE', '=', '1', '(', ')', ',', 'x1_y', '?', ':name', '-', '/', '$'),
  fc.string({ maxLength: 6 }).map((s) => `'${s.replaceAll("'", "''")}'`),
  fc.string({ maxLength: 6 }).map((s) => `"${s.replaceAll('"', '""')}"`),
  fc.string({ maxLength: 6 }).filter((s) => !s.includes('$$')).map((s) => `$$${s}$$`),
  fc.string({ maxLength: 6 }).filter((s) => !s.includes('\n')).map((s) => `-- ${s}\n`),
  fc.string({ maxLength: 6 }).filter((s) => !s.includes('*/')).map((s) => `/*${s}*/`),
);
const gap = fc.constantFrom(' ', '\n', '  ', '\t', ' /* ; */ ', ' -- ;\n');
/** A statement: an ordinary first word, then pieces with gaps. */
const statement = fc
  .tuple(fc.constantFrom('SELECT', 'INSERT', 'update', 'CREATE'), fc.array(fc.tuple(gap, piece), { maxLength: 6 }))
  .map(([first, rest]) => `${first}${rest.map(([g, p]) => g + p).join('')}${rest.at(-1)?.[1].endsWith('\n') === true ? '' : ' '};`);

describe('splitStatements properties', () => {
  it('gives back exactly the statements joined, whatever they hold', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(gap, statement), { maxLength: 5 }), (parts) => {
        const split = splitStatements(parts.map(([g, s]) => g + s).join(''));
        expect(split.statements).toEqual(parts.map(([, s]) => s));
        expect(split.incomplete).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('splits text fed in chunks (remainder plus the next chunk) as it splits the whole text', () => {
    const anyText = fc.oneof(
      fc.array(fc.tuple(gap, statement), { maxLength: 4 }).map((parts) => parts.map(([g, s]) => g + s).join('')),
      fc.string({ unit: fc.constantFrom("'", '"', ';', '$', '-', '/', '*', '\n', ' ', 'a', 'DESC', 'BEGIN', 'APPLY', 'BATCH'), maxLength: 40 }),
    );
    fc.assert(
      fc.property(anyText, fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks = [...points, text.length].map((end, i) => text.slice(i === 0 ? 0 : points[i - 1], end));
        const whole = splitStatements(text);
        const fed: string[] = [];
        let buffer = '';
        for (const chunk of chunks) {
          const split = splitStatements(buffer + chunk);
          fed.push(...split.statements);
          buffer = split.remainder;
        }
        expect(fed).toEqual(whole.statements);
        expect(buffer).toBe(whole.remainder);
      }),
      { numRuns: 1000 },
    );
  });
});
