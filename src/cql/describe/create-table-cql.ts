/**
 * CREATE TABLE as Cassandra 4's TableMetadata.toCqlString prints it:
 *
 *   CREATE TABLE ks.t (
 *       k int,
 *       c text,
 *       s int static,
 *       v text,
 *       PRIMARY KEY (k, c)
 *   ) WITH CLUSTERING ORDER BY (c ASC)
 *       AND bloom_filter_fp_chance = 0.01
 *       ...
 *       AND gc_grace_seconds = 864000;
 *
 * Columns come in Cassandra's create order (allColumnsInCreateOrder): partition key, clustering,
 * then static and then regular columns, each group with single-cell columns before multi-cell
 * ones (non-frozen collections and UDTs), by UTF-8 name within. A lone partition key column
 * without clustering is written inline as `k int PRIMARY KEY`; CLUSTERING ORDER BY is always
 * written when there are clustering columns.
 */

import type { ColumnMetadata } from '../schema/column-metadata.js';
import { isMultiCell } from '../schema/resolve-type.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import { quoteIdentifierIfNeeded } from './cql-identifier.js';
import { typeCql } from './cql-type-text.js';
import { tableOptionsCql } from './table-options-cql.js';

const INDENT = '    ';

export function createTableCql(table: TableMetadata): string {
  const inlineKey = table.partitionKey.length === 1 && table.clustering.length === 0;
  const columns = columnsInCreateOrder(table);
  const lines = columns.map((column, i) => {
    const definition = `${quoteIdentifierIfNeeded(column.name)} ${typeCql(column.type)}${column.kind === 'static' ? ' static' : ''}`;
    const key = inlineKey && column.kind === 'partition_key' ? ' PRIMARY KEY' : '';
    const comma = !inlineKey || i < columns.length - 1 ? ',' : '';
    return `${INDENT}${definition}${key}${comma}`;
  });
  if (!inlineKey) lines.push(`${INDENT}${primaryKeyCql(table)}`);

  const options = [...tableOptionsCql(table.options)];
  if (table.clustering.length > 0) {
    const orders = table.clustering.map((column) => `${quoteIdentifierIfNeeded(column.name)} ${column.order.toUpperCase()}`);
    options.unshift(`CLUSTERING ORDER BY (${orders.join(', ')})`);
  }
  const name = `${quoteIdentifierIfNeeded(table.keyspace)}.${quoteIdentifierIfNeeded(table.name)}`;
  return `CREATE TABLE ${name} (\n${lines.join('\n')}\n) WITH ${options.join(`\n${INDENT}AND `)};`;
}

function primaryKeyCql(table: TableMetadata): string {
  const names = (columns: readonly ColumnMetadata[]): string => columns.map((c) => quoteIdentifierIfNeeded(c.name)).join(', ');
  const partition = table.partitionKey.length > 1 ? `(${names(table.partitionKey)})` : names(table.partitionKey);
  return table.clustering.length > 0 ? `PRIMARY KEY (${partition}, ${names(table.clustering)})` : `PRIMARY KEY (${partition})`;
}

/** The columns in Cassandra's create order (see the header). */
export function columnsInCreateOrder(table: TableMetadata): readonly ColumnMetadata[] {
  return [...table.partitionKey, ...table.clustering, ...cellOrder(table.static), ...cellOrder(table.regular)];
}

/** Single-cell before multi-cell, then by UTF-8 name (ColumnMetadata.comparisonOrder). */
function cellOrder(columns: readonly ColumnMetadata[]): readonly ColumnMetadata[] {
  return [...columns].sort(
    (a, b) => Number(isMultiCell(a.type)) - Number(isMultiCell(b.type)) || Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)),
  );
}
