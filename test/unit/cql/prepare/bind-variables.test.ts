import { describe, expect, it } from 'vitest';
import { BindMarker } from '../../../../src/cql/ast/bind-marker.js';
import type { CreateTableStatement } from '../../../../src/cql/ast/create-table-statement.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';
import { BindVariables } from '../../../../src/cql/prepare/bind-variables.js';
import { columnReceiver, derivedReceiver } from '../../../../src/cql/prepare/marker-receiver.js';
import { tableFromCreate, type TableMetadata } from '../../../../src/cql/schema/table-metadata.js';
import { nativeCqlType } from '../../../../src/cql/types/cql-type.js';

function table(cql: string, tableId = 1): TableMetadata {
  return tableFromCreate(parseStatement(cql) as CreateTableStatement, { keyspace: 'ks', resolveUserType: () => null, tableId });
}

const t = table('CREATE TABLE t (a int, b text, c int, v text, PRIMARY KEY ((a, b), c))');
const column = (name: string) => columnReceiver(t, [...t.partitionKey, ...t.clustering, ...t.regular].find((c) => c.name === name)!);
const markers = (...names: (string | null)[]) => names.map((name, index) => BindMarker.create({ index, name }));

describe('BindVariables: VariableSpecifications', () => {
  it("names a variable by its marker's name, else by its receiver", () => {
    const [first, second] = markers(null, 'bee');
    const variables = new BindVariables([first!, second!]);
    variables.add(second!, column('b'));
    variables.add(first!, derivedReceiver(column('a'), 'in(a)', nativeCqlType('int')!));
    expect(variables.variables().map((v) => [v.keyspace, v.table, v.name, v.type.kind])).toEqual([
      ['ks', 't', 'in(a)', 'int'],
      ['ks', 't', 'bee', 'text'],
    ]);
  });

  it('gives partition key indexes in key order, the last marker of a column winning', () => {
    const ms = markers(null, null, null, null);
    const variables = new BindVariables(ms);
    variables.add(ms[0]!, column('b'));
    variables.add(ms[1]!, column('a'));
    variables.add(ms[2]!, column('c'));
    variables.add(ms[3]!, column('a'));
    expect(variables.partitionKeyIndexes(t)).toEqual([3, 0]);
  });

  it('gives none unless every partition key column is bound by a marker naming the column itself', () => {
    const ms = markers(null, null);
    const variables = new BindVariables(ms);
    variables.add(ms[0]!, column('a'));
    variables.add(ms[1]!, derivedReceiver(column('b'), 'in(b)', nativeCqlType('text')!));
    expect(variables.partitionKeyIndexes(t)).toBeNull();
  });

  it("ignores another table's columns (a BATCH over two tables)", () => {
    const other = table('CREATE TABLE u (a int, b text, PRIMARY KEY ((a, b)))', 2);
    const ms = markers(null, null);
    const variables = new BindVariables(ms);
    variables.add(ms[0]!, column('a'));
    variables.add(ms[1]!, column('b'));
    expect(variables.partitionKeyIndexes(t)).toEqual([0, 1]);
    expect(variables.partitionKeyIndexes(other)).toBeNull();
  });

  it('asserts every marker got a receiver', () => {
    const variables = new BindVariables(markers(null));
    expect(() => variables.variables()).toThrow(/bind marker 0 has no receiver/);
  });
});
