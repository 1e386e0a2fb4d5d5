/** Builds schema metadata from DDL text, through the real parser and schema builders. */

import { CreateKeyspaceStatement } from '../../../../src/cql/ast/create-keyspace-statement.js';
import { CreateTableStatement } from '../../../../src/cql/ast/create-table-statement.js';
import { CreateTypeStatement } from '../../../../src/cql/ast/create-type-statement.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';
import { keyspaceFromCreate, type KeyspaceMetadata } from '../../../../src/cql/schema/keyspace-metadata.js';
import { tableFromCreate, type TableMetadata } from '../../../../src/cql/schema/table-metadata.js';
import { userTypeFromCreate } from '../../../../src/cql/schema/user-type-metadata.js';
import type { CqlType, UdtCqlType } from '../../../../src/cql/types/cql-type.js';

export function keyspaceFrom(source: string): KeyspaceMetadata {
  const statement = parseStatement(source);
  if (!CreateKeyspaceStatement.is(statement)) throw new Error(`not CREATE KEYSPACE: ${source}`);
  return keyspaceFromCreate(statement);
}

export function resolverOf(types: readonly UdtCqlType[]) {
  return (keyspace: string, name: string): CqlType | null => types.find((t) => t.keyspace === keyspace && t.name === name) ?? null;
}

export function tableFrom(source: string, types: readonly UdtCqlType[] = [], tableId = 1): TableMetadata {
  const statement = parseStatement(source);
  if (!CreateTableStatement.is(statement)) throw new Error(`not CREATE TABLE: ${source}`);
  return tableFromCreate(statement, { keyspace: 'ks', resolveUserType: resolverOf(types), tableId });
}

export function typeFrom(source: string, types: readonly UdtCqlType[] = []): UdtCqlType {
  const statement = parseStatement(source);
  if (!CreateTypeStatement.is(statement)) throw new Error(`not CREATE TYPE: ${source}`);
  return userTypeFromCreate(statement, { keyspace: 'ks', resolveUserType: resolverOf(types) });
}
