import { describe, expect, it } from 'vitest';
import { CreateKeyspaceStatement } from '../../../../src/cql/ast/create-keyspace-statement.js';
import { STATEMENT_KINDS } from '../../../../src/cql/ast/statement-kind.js';
import { visitStatement, type StatementVisitor } from '../../../../src/cql/ast/statement-visitor.js';
import { UseStatement } from '../../../../src/cql/ast/use-statement.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';

const describeStatement: StatementVisitor<string> = {
  CreateKeyspaceStatement: (node) => `create keyspace ${node.keyspace}`,
  AlterKeyspaceStatement: (node) => `alter keyspace ${node.keyspace}`,
  DropKeyspaceStatement: (node) => `drop keyspace ${node.keyspace}`,
  UseStatement: (node) => `use ${node.keyspace}`,
  CreateTableStatement: (node) => `create table ${node.table.name} (${node.columns.length})`,
  AlterTableStatement: (node) => `alter table ${node.table.name} ${node.action.kind}`,
  DropTableStatement: (node) => `drop table ${node.table.name}`,
  TruncateStatement: (node) => `truncate ${node.table.name}`,
  CreateTypeStatement: (node) => `create type ${node.type.name}`,
  DropTypeStatement: (node) => `drop type ${node.type.name}`,
  SelectStatement: (node) => `select from ${node.table.name}`,
  InsertStatement: (node) => `insert into ${node.table.name}`,
  UpdateStatement: (node) => `update ${node.table.name}`,
  DeleteStatement: (node) => `delete from ${node.table.name}`,
  BatchStatement: (node) => `batch of ${node.statements.length}`,
  DescribeStatement: (node) => `describe ${node.target}`,
  CreateRoleStatement: (node) => `create role ${node.role}`,
  AlterRoleStatement: (node) => `alter role ${node.role}`,
  DropRoleStatement: (node) => `drop role ${node.role}`,
  ListRolesStatement: (node) => `list ${node.form}`,
  GrantRoleStatement: (node) => `grant ${node.role} to ${node.grantee}`,
  RevokeRoleStatement: (node) => `revoke ${node.role} from ${node.revokee}`,
  GrantPermissionsStatement: (node) => `grant ${node.permissions.join(',')} to ${node.grantee}`,
  RevokePermissionsStatement: (node) => `revoke ${node.permissions.join(',')} from ${node.revokee}`,
  ListPermissionsStatement: (node) => `list ${node.permissions.length} permissions`,
};

describe('statement visitor and companions', () => {
  it('dispatches every kind', () => {
    const sources = [
      'CREATE KEYSPACE a WITH x = 1',
      'ALTER KEYSPACE a WITH x = 1',
      'DROP KEYSPACE a',
      'USE a',
      'CREATE TABLE t (k int PRIMARY KEY)',
      'ALTER TABLE t DROP v',
      'DROP TABLE t',
      'TRUNCATE t',
      'CREATE TYPE u (f int)',
      'DROP TYPE u',
      'SELECT * FROM t',
      'INSERT INTO t (k) VALUES (1)',
      'UPDATE t SET v = 1 WHERE k = 0',
      'DELETE FROM t WHERE k = 0',
      'BEGIN BATCH DELETE FROM t WHERE k = 0; APPLY BATCH',
      'DESCRIBE KEYSPACES',
      'CREATE ROLE r',
      'ALTER ROLE r WITH LOGIN = true',
      'DROP ROLE r',
      'LIST ROLES',
      'GRANT a TO b',
      'REVOKE a FROM b',
      'GRANT SELECT ON t TO b',
      'REVOKE MODIFY ON t FROM b',
      'LIST ALL',
    ];
    const statements = sources.map(parseStatement);
    expect(new Set(statements.map((s) => s.kind))).toEqual(new Set(STATEMENT_KINDS));
    expect(statements.map((s) => visitStatement(s, describeStatement))).toEqual([
      'create keyspace a',
      'alter keyspace a',
      'drop keyspace a',
      'use a',
      'create table t (1)',
      'alter table t DropColumnsAction',
      'drop table t',
      'truncate t',
      'create type u',
      'drop type u',
      'select from t',
      'insert into t',
      'update t',
      'delete from t',
      'batch of 1',
      'describe keyspaces',
      'create role r',
      'alter role r',
      'drop role r',
      'list roles',
      'grant a to b',
      'revoke a from b',
      'grant SELECT to b',
      'revoke MODIFY from b',
      'list 8 permissions',
    ]);
  });

  it('builds frozen nodes and narrows with is', () => {
    const use = UseStatement.create({ keyspace: 'ks' });
    expect(use).toEqual({ kind: 'UseStatement', keyspace: 'ks' });
    expect(Object.isFrozen(use)).toBe(true);
    expect(Object.isFrozen(UseStatement)).toBe(true);
    expect(UseStatement.is(use)).toBe(true);
    expect(CreateKeyspaceStatement.is(use)).toBe(false);
  });
});
