import type { Statement } from './statement.js';

export type StatementKind = Statement['kind'];

/** Every kind, checked both ways: a kind missing here or unknown to `Statement` fails to compile. */
const KINDS: { readonly [K in StatementKind]: true } = {
  CreateKeyspaceStatement: true,
  AlterKeyspaceStatement: true,
  DropKeyspaceStatement: true,
  UseStatement: true,
  CreateTableStatement: true,
  AlterTableStatement: true,
  DropTableStatement: true,
  TruncateStatement: true,
  CreateTypeStatement: true,
  DropTypeStatement: true,
  SelectStatement: true,
  InsertStatement: true,
  UpdateStatement: true,
  DeleteStatement: true,
  BatchStatement: true,
  DescribeStatement: true,
  CreateRoleStatement: true,
  AlterRoleStatement: true,
  DropRoleStatement: true,
  ListRolesStatement: true,
  GrantRoleStatement: true,
  RevokeRoleStatement: true,
  GrantPermissionsStatement: true,
  RevokePermissionsStatement: true,
  ListPermissionsStatement: true,
};

export const STATEMENT_KINDS: readonly StatementKind[] = Object.freeze(Object.keys(KINDS) as StatementKind[]);
