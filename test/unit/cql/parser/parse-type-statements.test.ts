import { describe, expect, it } from 'vitest';
import { parseStatement } from '../../../../src/cql/parser/parser.js';

describe('type statements', () => {
  it('parses CREATE TYPE', () => {
    expect(
      parseStatement('CREATE TYPE IF NOT EXISTS ks.address (street text, "Zip" int, tags set<text>, type frozen<phone>,);'),
    ).toEqual({
      kind: 'CreateTypeStatement',
      type: { kind: 'QualifiedName', keyspace: 'ks', name: 'address' },
      ifNotExists: true,
      fields: [
        { kind: 'FieldDefinition', name: 'street', type: { kind: 'text' } },
        { kind: 'FieldDefinition', name: 'Zip', type: { kind: 'int' } },
        { kind: 'FieldDefinition', name: 'tags', type: { kind: 'set', element: { kind: 'text' }, frozen: false } },
        {
          kind: 'FieldDefinition',
          name: 'type',
          type: { kind: 'UserTypeReference', keyspace: null, name: 'phone', frozen: true },
        },
      ],
    });
  });

  it('parses DROP TYPE', () => {
    expect(parseStatement('DROP TYPE "Addr"')).toEqual({
      kind: 'DropTypeStatement',
      type: { kind: 'QualifiedName', keyspace: null, name: 'Addr' },
      ifExists: false,
    });
    expect(parseStatement('DROP TYPE IF EXISTS ks.addr;')).toMatchObject({ ifExists: true, type: { keyspace: 'ks' } });
  });
});
