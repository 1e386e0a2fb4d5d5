/**
 * Runs a DESCRIBE over the catalog: the rows Cassandra 4's server-side DescribeStatement returns
 * for each target, in its order, with its error messages (all Invalid, 0x2200).
 *
 *   KEYSPACES           every keyspace, by name                              (listing)
 *   TABLES / TYPES      the session keyspace's, or every keyspace's          (listing)
 *   KEYSPACE [ks]       the keyspace, its types (dependencies first), its tables
 *   [FULL] SCHEMA       that for each keyspace, system ones only with FULL
 *   TABLE / TYPE [ks.]x the one element
 *   [ks.]x              a keyspace named x (when no ks is written), else table x
 *   CLUSTER             cluster name, partitioner, snitch (+ ranges in a user keyspace)
 *
 * Names in rows are quoted when CQL needs it (elementNameQuotedIfNeeded).
 */

import { assertNever } from '../../lib/assert.js';
import { InvalidRequestError } from '../../lib/errors.js';
import type { DescribeStatement } from '../ast/describe-statement.js';
import type { KeyspaceMetadata } from '../schema/keyspace-metadata.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import type { UdtCqlType } from '../types/cql-type.js';
import { quoteIdentifierIfNeeded } from './cql-identifier.js';
import { createKeyspaceCql } from './create-keyspace-cql.js';
import { createTableCql } from './create-table-cql.js';
import { createTypeCql } from './create-type-cql.js';
import type { DescribeCatalog } from './describe-catalog.js';
import { CLUSTER_COLUMNS, ELEMENT_COLUMNS, LISTING_COLUMNS, RANGE_OWNERSHIP_COLUMN, type DescribeResult } from './describe-result.js';
import { byNameIgnoringCase, typesInDependencyOrder } from './schema-element-order.js';
import { isSystemKeyspace } from './system-keyspaces.js';

type SchemaElement =
  | { readonly kind: 'keyspace'; readonly keyspace: KeyspaceMetadata }
  | { readonly kind: 'type'; readonly type: UdtCqlType }
  | { readonly kind: 'table'; readonly table: TableMetadata };

export function describeResultRows(statement: DescribeStatement, catalog: DescribeCatalog, sessionKeyspace: string | null): DescribeResult {
  const target = statement.target;
  switch (target) {
    case 'cluster':
      return describeCluster(catalog, sessionKeyspace);
    case 'keyspaces':
      return listing(byNameIgnoringCase(catalog.keyspaces()).map((keyspace) => ({ kind: 'keyspace', keyspace })));
    case 'tables':
    case 'types':
      return listing(
        listedKeyspaces(catalog, sessionKeyspace).flatMap((keyspace): SchemaElement[] =>
          target === 'tables'
            ? byNameIgnoringCase(catalog.tables(keyspace.name)).map((table) => ({ kind: 'table', table }))
            : byNameIgnoringCase(catalog.types(keyspace.name)).map((type) => ({ kind: 'type', type })),
        ),
      );
    case 'schema':
    case 'full-schema':
      return elements(
        byNameIgnoringCase(catalog.keyspaces())
          .filter((keyspace) => target === 'full-schema' || !isSystemKeyspace(keyspace.name))
          .flatMap((keyspace) => keyspaceElements(catalog, keyspace)),
      );
    case 'keyspace':
      return elements(keyspaceElements(catalog, lookupKeyspace(catalog, statement.keyspace ?? requireSessionKeyspace(sessionKeyspace))));
    case 'table':
      return elements([{ kind: 'table', table: lookupTable(catalog, elementKeyspace(catalog, statement, sessionKeyspace), elementName(statement)) }]);
    case 'type':
      return elements([{ kind: 'type', type: lookupType(catalog, elementKeyspace(catalog, statement, sessionKeyspace), elementName(statement)) }]);
    case 'name':
      return elements(describeName(catalog, statement, sessionKeyspace));
    default:
      return assertNever(target, 'DESCRIBE target');
  }
}

/** Cassandra's generic DESCRIBE x: a keyspace x first (when no keyspace is written), else a table. */
function describeName(catalog: DescribeCatalog, statement: DescribeStatement, sessionKeyspace: string | null): SchemaElement[] {
  const name = elementName(statement);
  if (statement.keyspace === null) {
    const keyspace = catalog.keyspaces().find((k) => k.name === name);
    if (keyspace !== undefined) return keyspaceElements(catalog, keyspace);
  }
  const keyspace = lookupKeyspace(catalog, statement.keyspace ?? sessionKeyspace ?? name);
  const table = catalog.tables(keyspace.name).find((t) => t.name === name);
  if (table === undefined) throw new InvalidRequestError(`'${name}' not found in keyspace '${keyspace.name}'`);
  return [{ kind: 'table', table }];
}

function describeCluster(catalog: DescribeCatalog, sessionKeyspace: string | null): DescribeResult {
  const cluster = catalog.cluster();
  const row: Record<string, unknown> = { cluster: cluster.clusterName, partitioner: cluster.partitioner, snitch: cluster.snitch };
  if (sessionKeyspace === null || isSystemKeyspace(sessionKeyspace)) return { columns: CLUSTER_COLUMNS, rows: [row] };
  row['range_ownership'] = Object.fromEntries([...catalog.rangeOwnership(sessionKeyspace)].map(([token, hosts]) => [token, [...hosts]]));
  return { columns: [...CLUSTER_COLUMNS, RANGE_OWNERSHIP_COLUMN], rows: [row] };
}

function keyspaceElements(catalog: DescribeCatalog, keyspace: KeyspaceMetadata): SchemaElement[] {
  return [
    { kind: 'keyspace', keyspace },
    ...typesInDependencyOrder(catalog.types(keyspace.name)).map((type): SchemaElement => ({ kind: 'type', type })),
    ...byNameIgnoringCase(catalog.tables(keyspace.name)).map((table): SchemaElement => ({ kind: 'table', table })),
  ];
}

/** Listings cover the session keyspace alone when there is one (DescribeStatement.Listing). */
function listedKeyspaces(catalog: DescribeCatalog, sessionKeyspace: string | null): readonly KeyspaceMetadata[] {
  return sessionKeyspace === null ? byNameIgnoringCase(catalog.keyspaces()) : [lookupKeyspace(catalog, sessionKeyspace)];
}

function elementKeyspace(catalog: DescribeCatalog, statement: DescribeStatement, sessionKeyspace: string | null): KeyspaceMetadata {
  return lookupKeyspace(catalog, statement.keyspace ?? requireSessionKeyspace(sessionKeyspace));
}

function elementName(statement: DescribeStatement): string {
  if (statement.name === null) throw new InvalidRequestError(`DESCRIBE ${statement.target.toUpperCase()} needs a name`);
  return statement.name;
}

function requireSessionKeyspace(sessionKeyspace: string | null): string {
  if (sessionKeyspace === null) throw new InvalidRequestError('No keyspace specified and no current keyspace');
  return sessionKeyspace;
}

function lookupKeyspace(catalog: DescribeCatalog, name: string): KeyspaceMetadata {
  const keyspace = catalog.keyspaces().find((k) => k.name === name);
  if (keyspace === undefined) throw new InvalidRequestError(`'${name}' not found in keyspaces`);
  return keyspace;
}

function lookupTable(catalog: DescribeCatalog, keyspace: KeyspaceMetadata, name: string): TableMetadata {
  const table = catalog.tables(keyspace.name).find((t) => t.name === name);
  if (table === undefined) throw new InvalidRequestError(`Table '${name}' not found in keyspace '${keyspace.name}'`);
  return table;
}

function lookupType(catalog: DescribeCatalog, keyspace: KeyspaceMetadata, name: string): UdtCqlType {
  const type = catalog.types(keyspace.name).find((t) => t.name === name);
  if (type === undefined) throw new InvalidRequestError(`User defined type '${name}' not found in '${keyspace.name}'`);
  return type;
}

function listing(found: readonly SchemaElement[]): DescribeResult {
  return { columns: LISTING_COLUMNS, rows: found.map(identityOf) };
}

function elements(found: readonly SchemaElement[]): DescribeResult {
  return { columns: ELEMENT_COLUMNS, rows: found.map((element) => ({ ...identityOf(element), create_statement: createStatementOf(element) })) };
}

function identityOf(element: SchemaElement): Record<string, unknown> {
  switch (element.kind) {
    case 'keyspace':
      return row(element.keyspace.name, 'keyspace', element.keyspace.name);
    case 'type':
      return row(element.type.keyspace, 'type', element.type.name);
    case 'table':
      return row(element.table.keyspace, 'table', element.table.name);
    default:
      return assertNever(element, 'schema element');
  }
}

function row(keyspace: string, type: string, name: string): Record<string, unknown> {
  return { keyspace_name: quoteIdentifierIfNeeded(keyspace), type, name: quoteIdentifierIfNeeded(name) };
}

function createStatementOf(element: SchemaElement): string {
  switch (element.kind) {
    case 'keyspace':
      return createKeyspaceCql(element.keyspace);
    case 'type':
      return createTypeCql(element.type);
    case 'table':
      return createTableCql(element.table);
    default:
      return assertNever(element, 'schema element');
  }
}
