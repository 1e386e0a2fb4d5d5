import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableLines } from '../../../src/cli/shell/format-rows.js';
import { shellCommandOf } from '../../../src/cli/shell/shell-command.js';
import { displayWidth } from '../../../src/cli/shell/text-width.js';

describe('shellCommandOf', () => {
  it.each([
    ['HELP', { kind: 'help', topics: [] }],
    ['? select, insert;', { kind: 'help', topics: ['select', 'insert'] }],
    ['exit;', { kind: 'exit' }],
    ['QUIT', { kind: 'exit' }],
    ['EXPAND on', { kind: 'expand', switch: 'on' }],
    ['expand -- now?\n', { kind: 'expand', switch: null }],
    ['PAGING 20;', { kind: 'paging', switch: null, pageSize: 20 }],
    ['paging OFF', { kind: 'paging', switch: 'off', pageSize: null }],
    ["SOURCE '~/my file.cql';", { kind: 'source', file: '~/my file.cql' }],
    ['source $$a.cql$$', { kind: 'source', file: 'a.cql' }],
    ['CONSISTENCY local_quorum', { kind: 'consistency', level: 'LOCAL_QUORUM' }],
    ['cls', { kind: 'clear' }],
    ['DESC TABLES', { kind: 'describe', output: 'list' }],
    ['describe keyspace ks;', { kind: 'describe', output: 'element' }],
    ['DESCRIBE CLUSTER', { kind: 'describe', output: 'cluster' }],
    ['tracing on', { kind: 'unsupported', word: 'tracing' }],
    ['SOURCE a.cql', { kind: 'improper', word: 'SOURCE' }],
    ['EXIT now', { kind: 'improper', word: 'EXIT' }],
    ["SOURCE 'unclosed", { kind: 'improper', word: 'SOURCE' }],
    ['SELECT * FROM t;', { kind: 'cql' }],
    ['  use ks;', { kind: 'cql' }],
    ['BEGIN BATCH INSERT INTO t (k) VALUES (1); APPLY BATCH;', { kind: 'cql' }],
  ])('%s', (statement, command) => expect(shellCommandOf(statement)).toEqual(command));
});

describe('tableLines property', () => {
  it('right-aligns every value in columns as wide as their widest entry', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '1', '日', 'é', "'"), maxLength: 8 });
    const table = fc.integer({ min: 1, max: 4 }).chain((columns) =>
      fc.tuple(fc.array(cell.filter((s) => s.trim() !== ''), { minLength: columns, maxLength: columns }), fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { minLength: 1, maxLength: 5 })),
    );
    fc.assert(
      fc.property(table, ([names, rows]) => {
        const [, separator, ...body] = tableLines(names, rows, true, false);
        const widths = separator!.slice(1, -1).split('-+-').map((dashes) => dashes.length);
        expect(body).toHaveLength(rows.length);
        body.forEach((line, r) => {
          const cells = line.slice(1).split(' | ');
          expect(displayWidth(line)).toBe(separator!.length - 1);
          // No cell holds '|', so splitting at ' | ' finds the cells exactly.
          cells.forEach((text, c) => {
            expect(displayWidth(text)).toBe(widths[c]);
            expect(text.trimStart()).toBe(rows[r]![c]!.trimStart());
          });
        });
        widths.forEach((width, c) => expect(width).toBe(Math.max(displayWidth(names[c]!), ...rows.map((row) => displayWidth(row[c]!)))));
      }),
    );
  });
});
