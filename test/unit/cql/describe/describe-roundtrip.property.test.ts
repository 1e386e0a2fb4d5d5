/**
 * The property that makes DESCRIBE useful: what it prints is runnable CQL that rebuilds the same
 * metadata. Random tables, types and keyspaces are printed, parsed by the real parser and rebuilt
 * by the real schema builders, and must come back equal (column ids and options included).
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CreateKeyspaceStatement } from '../../../../src/cql/ast/create-keyspace-statement.js';
import { CreateTableStatement } from '../../../../src/cql/ast/create-table-statement.js';
import { CreateTypeStatement } from '../../../../src/cql/ast/create-type-statement.js';
import { createKeyspaceCql } from '../../../../src/cql/describe/create-keyspace-cql.js';
import { createTableCql } from '../../../../src/cql/describe/create-table-cql.js';
import { createTypeCql } from '../../../../src/cql/describe/create-type-cql.js';
import { describeKeyspace } from '../../../../src/cql/describe/describe-keyspace.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';
import { keyspaceFromCreate } from '../../../../src/cql/schema/keyspace-metadata.js';
import { tableFromCreate, type TableMetadata } from '../../../../src/cql/schema/table-metadata.js';
import { userTypeFromCreate } from '../../../../src/cql/schema/user-type-metadata.js';
import type { UdtCqlType } from '../../../../src/cql/types/cql-type.js';
import { splitStatements } from '../../../../src/cli/shell/statement-splitter.js';
import { resolverOf } from './describe-helpers.js';
import { keyspaceArbitrary, nameArbitrary, tableArbitrary, userTypesArbitrary } from './schema-arbitraries.js';

const schemaArbitrary = nameArbitrary.chain((keyspace) =>
  userTypesArbitrary(keyspace).chain((types) => fc.record({ types: fc.constant(types), table: tableArbitrary(keyspace, types) })),
);

function rebuildTable(text: string, types: readonly UdtCqlType[], tableId: number): TableMetadata {
  const statement = parseStatement(text);
  if (!CreateTableStatement.is(statement)) throw new Error(`not CREATE TABLE: ${text}`);
  return tableFromCreate(statement, { keyspace: 'elsewhere', resolveUserType: resolverOf(types), tableId });
}

function rebuildType(text: string, types: readonly UdtCqlType[]): UdtCqlType {
  const statement = parseStatement(text);
  if (!CreateTypeStatement.is(statement)) throw new Error(`not CREATE TYPE: ${text}`);
  return userTypeFromCreate(statement, { keyspace: 'elsewhere', resolveUserType: resolverOf(types) });
}

describe('DESCRIBE round trip', () => {
  it('CREATE TABLE text rebuilds the table', () => {
    fc.assert(
      fc.property(schemaArbitrary, ({ types, table }) => {
        expect(rebuildTable(createTableCql(table), types, table.id)).toEqual(table);
      }),
      { numRuns: 400 },
    );
  });

  it('CREATE TYPE text rebuilds each type', () => {
    fc.assert(
      fc.property(nameArbitrary.chain(userTypesArbitrary), (types) => {
        for (const type of types) expect(rebuildType(createTypeCql(type), types)).toEqual(type);
      }),
      { numRuns: 200 },
    );
  });

  it('CREATE KEYSPACE text rebuilds the keyspace', () => {
    fc.assert(
      fc.property(keyspaceArbitrary, (keyspace) => {
        const statement = parseStatement(createKeyspaceCql(keyspace));
        if (!CreateKeyspaceStatement.is(statement)) throw new Error('not CREATE KEYSPACE');
        expect(keyspaceFromCreate(statement)).toEqual(keyspace);
      }),
      { numRuns: 200 },
    );
  });

  it('DESCRIBE KEYSPACE text splits into statements that run in order', () => {
    const keyspaceSchema = keyspaceArbitrary.chain((keyspace) =>
      userTypesArbitrary(keyspace.name).chain((types) =>
        fc.record({
          keyspace: fc.constant(keyspace),
          types: fc.constant(types),
          tables: fc.uniqueArray(tableArbitrary(keyspace.name, types), { maxLength: 3, selector: (t) => t.name }),
        }),
      ),
    );
    fc.assert(
      fc.property(keyspaceSchema, ({ keyspace, types, tables }) => {
        const split = splitStatements(describeKeyspace(keyspace, tables, types));
        expect(split.remainder.trim()).toBe('');
        expect(split.statements).toHaveLength(1 + types.length + tables.length);
        const created: UdtCqlType[] = [];
        const rebuiltTables: TableMetadata[] = [];
        for (const text of split.statements) {
          const statement = parseStatement(text);
          if (CreateKeyspaceStatement.is(statement)) expect(keyspaceFromCreate(statement)).toEqual(keyspace);
          else if (CreateTypeStatement.is(statement)) created.push(rebuildType(text, created));
          else rebuiltTables.push(rebuildTable(text, created, tables.find((t) => t.name === (statement as CreateTableStatement).table.name)!.id));
        }
        expect(new Set(created)).toEqual(new Set(types));
        expect(new Set(rebuiltTables)).toEqual(new Set(tables));
      }),
      { numRuns: 100 },
    );
  });
});
