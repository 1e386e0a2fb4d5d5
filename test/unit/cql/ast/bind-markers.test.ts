import { describe, expect, it } from 'vitest';
import { bindMarkersOf } from '../../../../src/cql/ast/bind-markers.js';
import { BindMarker } from '../../../../src/cql/ast/bind-marker.js';
import { SelectStatement } from '../../../../src/cql/ast/select-statement.js';
import { QualifiedName } from '../../../../src/cql/ast/qualified-name.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';

const names = (source: string) => bindMarkersOf(parseStatement(source)).map((m) => [m.index, m.name]);

describe('bindMarkersOf', () => {
  it('has none for statements without markers', () => {
    expect(bindMarkersOf(parseStatement('CREATE TABLE t (k int PRIMARY KEY)'))).toEqual([]);
    expect(bindMarkersOf(parseStatement('SELECT * FROM t WHERE k = 1'))).toEqual([]);
  });

  it('lists markers in textual order, whatever the order of the fields that hold them', () => {
    // UPDATE's USING comes before SET in the text; INSERT's values before its USING.
    expect(names('UPDATE t USING TTL :ttl SET v = ?, m[:key] = :val WHERE k IN ? IF v = :old')).toEqual([
      [0, 'ttl'], [1, null], [2, 'key'], [3, 'val'], [4, null], [5, 'old'],
    ]);
    expect(names('INSERT INTO t (a, b) VALUES ((int) ?, {x: [?]}) USING TIMESTAMP :ts')).toEqual([[0, null], [1, null], [2, 'ts']]);
    expect(names('SELECT f(?), (int) ? FROM t WHERE token(k) > ? AND (a, b) IN (?, (1, ?)) LIMIT :l')).toEqual([
      [0, null], [1, null], [2, null], [3, null], [4, null], [5, 'l'],
    ]);
  });

  it('numbers a whole BATCH', () => {
    expect(names('BEGIN BATCH USING TIMESTAMP ? INSERT INTO t (k) VALUES (?) DELETE FROM t WHERE k = :k APPLY BATCH')).toEqual([
      [0, null], [1, null], [2, 'k'],
    ]);
  });

  it('finds markers in hand-built statements and returns a frozen list', () => {
    const statement = SelectStatement.create({
      table: QualifiedName.create({ keyspace: null, name: 't' }),
      json: false, distinct: false, selectors: null, where: [], groupBy: [], orderBy: [],
      perPartitionLimit: BindMarker.create({ index: 1, name: null }),
      limit: BindMarker.create({ index: 0, name: 'n' }),
      allowFiltering: false,
    });
    const markers = bindMarkersOf(statement);
    expect(markers.map((m) => m.index)).toEqual([0, 1]);
    expect(Object.isFrozen(markers)).toBe(true);
  });
});
