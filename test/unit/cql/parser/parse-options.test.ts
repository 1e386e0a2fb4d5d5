import { describe, expect, it } from 'vitest';
import type { CreateTableStatement } from '../../../../src/cql/ast/create-table-statement.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';

function options(withClause: string): CreateTableStatement['options'] {
  const statement = parseStatement(`CREATE TABLE t (k int PRIMARY KEY) WITH ${withClause}`);
  if (statement.kind !== 'CreateTableStatement') throw new Error(statement.kind);
  return statement.options;
}

describe('WITH options', () => {
  it('reads every constant shape', () => {
    expect(
      options(
        "comment = 'it''s' AND default_time_to_live = 0 AND gc_grace_seconds = 864000 AND " +
          'bloom_filter_fp_chance = 0.01 AND a = -1 AND b = -2.5e3 AND c = NaN AND d = -Infinity AND e = TRUE AND f = $$x$$',
      ),
    ).toEqual([
      { kind: 'Property', name: 'comment', value: { kind: 'string', value: "it's" } },
      { kind: 'Property', name: 'default_time_to_live', value: { kind: 'number', value: 0, text: '0' } },
      { kind: 'Property', name: 'gc_grace_seconds', value: { kind: 'number', value: 864000, text: '864000' } },
      { kind: 'Property', name: 'bloom_filter_fp_chance', value: { kind: 'number', value: 0.01, text: '0.01' } },
      { kind: 'Property', name: 'a', value: { kind: 'number', value: -1, text: '-1' } },
      { kind: 'Property', name: 'b', value: { kind: 'number', value: -2500, text: '-2.5e3' } },
      { kind: 'Property', name: 'c', value: { kind: 'number', value: NaN, text: 'NaN' } },
      { kind: 'Property', name: 'd', value: { kind: 'number', value: -Infinity, text: '-Infinity' } },
      { kind: 'Property', name: 'e', value: { kind: 'boolean', value: true } },
      { kind: 'Property', name: 'f', value: { kind: 'string', value: 'x' } },
    ]);
  });

  it('reads map literals (compaction, caching) with constants of every kind', () => {
    expect(
      options(
        "compaction = {'class': 'LeveledCompactionStrategy', 'sstable_size_in_mb': 160, 'enabled': false, 'ratio': -0.5}" +
          " AND caching = {'keys': 'ALL'}",
      ),
    ).toEqual([
      {
        kind: 'Property',
        name: 'compaction',
        value: {
          kind: 'map',
          entries: [
            { key: 'class', value: { kind: 'string', value: 'LeveledCompactionStrategy' } },
            { key: 'sstable_size_in_mb', value: { kind: 'number', value: 160, text: '160' } },
            { key: 'enabled', value: { kind: 'boolean', value: false } },
            { key: 'ratio', value: { kind: 'number', value: -0.5, text: '-0.5' } },
          ],
        },
      },
      { kind: 'Property', name: 'caching', value: { kind: 'map', entries: [{ key: 'keys', value: { kind: 'string', value: 'ALL' } }] } },
    ]);
  });

  it('accepts unreserved keywords as property names', () => {
    expect(options("type = 'x' AND ttl = 1")).toMatchObject([{ name: 'type' }, { name: 'ttl' }]);
  });
});
