import { describe, expect, it } from 'vitest';
import { CreateTypeStatement } from '../../../../src/cql/ast/create-type-statement.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';
import { userTypeFromCreate } from '../../../../src/cql/schema/user-type-metadata.js';
import { listType, nativeCqlType, udtType, type CqlType } from '../../../../src/cql/types/cql-type.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';

const int = nativeCqlType('int')!;
const text = nativeCqlType('text')!;
const address = udtType('ks', 'address', [{ name: 'street', type: text }], false);
const resolveUserType = (keyspace: string, name: string): CqlType | null =>
  keyspace === 'ks' && name === 'address' ? address : null;

function userType(source: string) {
  const statement = parseStatement(source);
  if (!CreateTypeStatement.is(statement)) throw new Error('not CREATE TYPE');
  return userTypeFromCreate(statement, { keyspace: 'ks', resolveUserType });
}

describe('userTypeFromCreate', () => {
  it('builds a non-frozen udt with resolved fields', () => {
    const type = userType('CREATE TYPE person (name text, tags list<int>, home frozen<address>)');
    expect(type).toEqual(
      udtType('ks', 'person', [
        { name: 'name', type: text },
        { name: 'tags', type: listType(int) },
        { name: 'home', type: { ...address, frozen: true } },
      ], false),
    );
    expect(userType('CREATE TYPE other.p (a int)').keyspace).toBe('other');
  });

  it.each([
    ['CREATE TYPE p (a int, a text)', "Duplicate field name 'a' in type 'p'"],
    ['CREATE TYPE p (a frozen<nowhere>)', 'Unknown type ks.nowhere'],
    ['CREATE TYPE p (a counter)', 'A user type cannot contain counters'],
    ['CREATE TYPE p (a address)', 'A user type cannot contain non-frozen UDTs'],
  ])('refuses %s', (source, message) => {
    expect(() => userType(source)).toThrow(InvalidRequestError);
    expect(() => userType(source)).toThrow(message);
  });
});
