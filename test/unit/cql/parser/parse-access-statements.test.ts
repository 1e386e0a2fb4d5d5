import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CqlSyntaxError } from '../../../../src/cql/cql-syntax-error.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';
import { applyTextEdit, textEditArbitrary } from '../../../helpers/text-edits.js';
import { parsesOrFailsCleanly } from './parse-outcome.js';

const none = { password: null, hashedPassword: null, login: null, superuser: null };
const table = (keyspace: string | null, name: string) => ({ kind: 'TableResource', table: { kind: 'QualifiedName', keyspace, name } });
const ALL = ['CREATE', 'ALTER', 'DROP', 'SELECT', 'MODIFY', 'AUTHORIZE', 'DESCRIBE', 'EXECUTE'];

function failure(source: string): Error {
  try {
    parseStatement(source);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`parsed: ${source}`);
}

describe('role statements', () => {
  it('parses CREATE ROLE with every option, names lower-cased unless quoted or a string', () => {
    expect(parseStatement("CREATE ROLE IF NOT EXISTS Alice WITH PASSWORD = 'Secret' AND LOGIN = true AND SUPERUSER = false;")).toEqual({
      kind: 'CreateRoleStatement',
      role: 'alice',
      ifNotExists: true,
      options: { password: 'Secret', hashedPassword: null, login: true, superuser: false },
    });
    expect(parseStatement('CREATE ROLE "Bob"')).toMatchObject({ role: 'Bob', ifNotExists: false, options: none });
    expect(parseStatement("CREATE ROLE 'Carol' WITH HASHED PASSWORD = '$h'")).toMatchObject({ role: 'Carol', options: { ...none, hashedPassword: '$h' } });
    // An unreserved keyword is a name.
    expect(parseStatement('CREATE ROLE role')).toMatchObject({ role: 'role' });
  });

  it('parses ALTER and DROP ROLE and LIST ROLES', () => {
    expect(parseStatement("ALTER ROLE r WITH PASSWORD = 'p'")).toEqual({ kind: 'AlterRoleStatement', role: 'r', options: { ...none, password: 'p' } });
    expect(parseStatement('ALTER ROLE r')).toEqual({ kind: 'AlterRoleStatement', role: 'r', options: none });
    expect(parseStatement('DROP ROLE IF EXISTS r')).toEqual({ kind: 'DropRoleStatement', role: 'r', ifExists: true });
    expect(parseStatement('LIST ROLES')).toEqual({ kind: 'ListRolesStatement', of: null, recursive: true, form: 'roles' });
    expect(parseStatement('LIST ROLES OF "R" NORECURSIVE')).toEqual({ kind: 'ListRolesStatement', of: 'R', recursive: false, form: 'roles' });
  });

  it('parses the USER forms: login on, names as written, superuser only when asked', () => {
    expect(parseStatement("CREATE USER IF NOT EXISTS Dave WITH PASSWORD 'pw' SUPERUSER")).toEqual({
      kind: 'CreateRoleStatement',
      role: 'Dave',
      ifNotExists: true,
      options: { ...none, password: 'pw', login: true, superuser: true },
    });
    expect(parseStatement('CREATE USER eve')).toMatchObject({ options: { ...none, login: true, superuser: false } });
    expect(parseStatement('ALTER USER eve NOSUPERUSER')).toEqual({ kind: 'AlterRoleStatement', role: 'eve', options: { ...none, superuser: false } });
    expect(parseStatement("ALTER USER eve WITH PASSWORD 'x'")).toMatchObject({ options: { ...none, password: 'x' } });
    expect(parseStatement('DROP USER IF EXISTS eve')).toEqual({ kind: 'DropRoleStatement', role: 'eve', ifExists: true });
    expect(parseStatement('LIST USERS')).toEqual({ kind: 'ListRolesStatement', of: null, recursive: true, form: 'users' });
  });

  it('refuses what Cassandra refuses, in its words', () => {
    expect(failure("CREATE ROLE r WITH LOGIN = true AND LOGIN = false")).toMatchObject({ detail: "Multiple definition for property 'LOGIN'" });
    expect(failure("CREATE ROLE r WITH PASSWORD = 'a' AND PASSWORD = 'b'")).toBeInstanceOf(CqlSyntaxError);
    expect(failure("CREATE ROLE r WITH LOGIN = 'true'")).toMatchObject({ detail: "mismatched input ''true'' expecting boolean" });
    expect(failure("CREATE ROLE r WITH PASSWORD 'x'")).toBeInstanceOf(CqlSyntaxError);
    expect(failure("CREATE ROLE r WITH OPTIONS = {'a': 'b'}")).toEqual(new InvalidRequestError("org.apache.cassandra.auth.CassandraRoleManager doesn't support OPTIONS"));
    expect(failure('CREATE ROLE r WITH ACCESS TO ALL DATACENTERS')).toBeInstanceOf(InvalidRequestError);
    expect(failure('CREATE USER "Quoted"')).toMatchObject({ detail: 'Quoted strings are are not supported for user names and USER is deprecated, please use ROLE' });
    expect(failure('CREATE ROLE select')).toMatchObject({ detail: "mismatched input 'select' expecting a role name" });
  });
});

describe('GRANT, REVOKE and LIST', () => {
  it('grants a permission on each kind of resource', () => {
    expect(parseStatement('GRANT SELECT ON ks.t TO r')).toEqual({ kind: 'GrantPermissionsStatement', permissions: ['SELECT'], resource: table('ks', 't'), grantee: 'r' });
    expect(parseStatement('GRANT MODIFY PERMISSION ON TABLE t TO r')).toMatchObject({ permissions: ['MODIFY'], resource: table(null, 't') });
    expect(parseStatement('GRANT CREATE ON ALL KEYSPACES TO r')).toMatchObject({ resource: { kind: 'AllKeyspacesResource' } });
    expect(parseStatement('GRANT ALTER ON KEYSPACE ks TO r')).toMatchObject({ resource: { kind: 'KeyspaceResource', keyspace: 'ks' } });
    expect(parseStatement('GRANT DESCRIBE ON ALL ROLES TO r')).toMatchObject({ resource: { kind: 'AllRolesResource' } });
    expect(parseStatement('GRANT AUTHORIZE ON ROLE "Other" TO r')).toMatchObject({ resource: { kind: 'RoleResource', role: 'Other' } });
    expect(parseStatement('GRANT SELECT ON COLUMNFAMILY ks.role TO r')).toMatchObject({ resource: table('ks', 'role') });
  });

  it('keeps only the permissions a resource takes for ALL', () => {
    expect(parseStatement('GRANT ALL PERMISSIONS ON TABLE ks.t TO r')).toMatchObject({ permissions: ['ALTER', 'DROP', 'SELECT', 'MODIFY', 'AUTHORIZE'] });
    expect(parseStatement('GRANT ALL ON KEYSPACE ks TO r')).toMatchObject({ permissions: ['CREATE', 'ALTER', 'DROP', 'SELECT', 'MODIFY', 'AUTHORIZE'] });
    expect(parseStatement('REVOKE ALL ON ROLE x FROM r')).toEqual({
      kind: 'RevokePermissionsStatement',
      permissions: ['ALTER', 'DROP', 'AUTHORIZE'],
      resource: { kind: 'RoleResource', role: 'x' },
      revokee: 'r',
    });
    expect(failure('GRANT CREATE ON TABLE ks.t TO r')).toMatchObject({ detail: 'Resource type DataResource does not support any of the requested permissions' });
    expect(failure('GRANT SELECT ON ROLE x TO r')).toMatchObject({ detail: 'Resource type RoleResource does not support any of the requested permissions' });
  });

  it('tells a role grant from a permission grant', () => {
    expect(parseStatement('GRANT all TO bob')).toEqual({ kind: 'GrantRoleStatement', role: 'all', grantee: 'bob' });
    expect(parseStatement("REVOKE 'Admin' FROM bob")).toEqual({ kind: 'RevokeRoleStatement', role: 'Admin', revokee: 'bob' });
    expect(failure('GRANT select TO bob')).toMatchObject({ detail: "mismatched input 'TO' expecting ON" });
  });

  it('lists permissions with every optional part', () => {
    expect(parseStatement('LIST ALL')).toEqual({ kind: 'ListPermissionsStatement', permissions: ALL, resource: null, of: null, recursive: true });
    expect(parseStatement('LIST ALL PERMISSIONS ON ks.t OF r NORECURSIVE')).toEqual({
      kind: 'ListPermissionsStatement',
      permissions: ALL,
      resource: table('ks', 't'),
      of: 'r',
      recursive: false,
    });
    // LIST keeps a permission the resource does not take (Cassandra lists none then).
    expect(parseStatement('LIST CREATE PERMISSION ON TABLE t')).toMatchObject({ permissions: ['CREATE'] });
  });

  it('refuses resources and permissions not built', () => {
    for (const source of ['GRANT EXECUTE ON ALL FUNCTIONS TO r', 'GRANT EXECUTE ON FUNCTION ks.f(int) TO r', 'GRANT SELECT ON ALL MBEANS TO r', 'GRANT UNMASK ON TABLE t TO r']) {
      expect(failure(source)).toBeInstanceOf(InvalidRequestError);
    }
  });
});

const SEEDS = [
  "CREATE ROLE IF NOT EXISTS r WITH PASSWORD = 'p' AND LOGIN = true AND SUPERUSER = false",
  "ALTER ROLE r WITH HASHED PASSWORD = 'h'",
  'DROP ROLE IF EXISTS "R"',
  'LIST ROLES OF r NORECURSIVE',
  "CREATE USER IF NOT EXISTS u WITH PASSWORD 'p' NOSUPERUSER",
  'GRANT ALL PERMISSIONS ON KEYSPACE ks TO r',
  'REVOKE SELECT PERMISSION ON TABLE ks.t FROM r',
  'LIST ALL PERMISSIONS ON ALL KEYSPACES OF r NORECURSIVE',
  'GRANT a TO b',
];

const pieces = fc.oneof(
  fc.constantFrom('ROLE', 'ROLES', 'USER', 'ALL', 'ON', 'TO', 'FROM', 'OF', 'WITH', 'AND', 'PASSWORD', 'LOGIN', 'SUPERUSER', '=', 'true', "'s'", '"Q"', 'KEYSPACE', 'TABLE', 'SELECT', 'NORECURSIVE', 'HASHED', '.', ' '),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
);

describe('robustness', () => {
  it('mutated role and permission statements throw only CqlSyntaxError or InvalidRequestError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(textEditArbitrary(pieces), { minLength: 1, maxLength: 4 }), (seed, edits) => {
        parsesOrFailsCleanly(edits.reduce(applyTextEdit, seed));
      }),
      { numRuns: 5000 },
    );
  });
});
