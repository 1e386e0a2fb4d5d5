/**
 * One row written from column values by name, as INSERT writes it: the primary-key liveness,
 * then every column given (null deletes it; a column not given is left as it is). The catalog
 * writes its schema rows this way too.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import type { WriteMutation } from '../../storage/storage-engine.js';
import { writeColumn } from './column-writes.js';
import { PartitionWrite } from './partition-write.js';
import { clusteringBytes, partitionKeyBytes } from './row-keys.js';
import type { TableLayout } from './table-layout.js';
import type { WriteAttributes } from './write-attributes.js';

export function insertRow(layout: TableLayout, values: ReadonlyMap<string, unknown>, attributes: WriteAttributes): WriteMutation {
  const { table } = layout;
  const keyValue = (name: string): unknown => {
    const value = values.get(name);
    if (value === undefined) throw new InvalidRequestError(`Some partition key parts are missing: ${name}`);
    return value;
  };
  const key = partitionKeyBytes(layout, table.partitionKey.map((c) => keyValue(c.name)));
  const write = new PartitionWrite(layout, key, attributes);
  const clustering = clusteringBytes(layout, table.clustering.map((c) => {
    const value = values.get(c.name);
    if (value === undefined) throw new InvalidRequestError(`Some clustering keys are missing: ${c.name}`);
    return value;
  }));
  const row = write.row(clustering);
  row.markInserted();
  for (const column of [...table.regular, ...table.static]) {
    const value = values.get(column.name);
    if (value === undefined) continue;
    writeColumn(column.kind === 'static' ? write.static() : row, column, value, attributes.timestamp);
  }
  return write.build();
}

/**
 * An INSERT that sets static columns only and names no clustering column: the partition's
 * static row, with no row (and no row liveness), as Cassandra writes it.
 */
export function insertStaticRow(layout: TableLayout, values: ReadonlyMap<string, unknown>, attributes: WriteAttributes): WriteMutation {
  const { table } = layout;
  const key = partitionKeyBytes(layout, table.partitionKey.map((c) => {
    const value = values.get(c.name);
    if (value === undefined) throw new InvalidRequestError(`Some partition key parts are missing: ${c.name}`);
    return value;
  }));
  const write = new PartitionWrite(layout, key, attributes);
  for (const column of table.static) {
    const value = values.get(column.name);
    if (value !== undefined) writeColumn(write.static(), column, value, attributes.timestamp);
  }
  return write.build();
}
