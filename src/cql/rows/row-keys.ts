/**
 * Key bytes of a CQL row: the partition key (Cassandra's bytes, so tokens are Cassandra's) and
 * the clustering (byte-comparable; a table without clustering columns has one row per
 * partition, stored under the empty clustering).
 */

import { EMPTY_CLUSTERING } from '../../storage/model/row.js';
import { decodeClustering, encodeClustering } from '../keys/clustering-codec.js';
import { decodePartitionKey, encodePartitionKey } from '../keys/partition-key-codec.js';
import type { TableLayout } from './table-layout.js';

export function partitionKeyBytes(layout: TableLayout, values: readonly unknown[]): Uint8Array {
  return encodePartitionKey(layout.partitionTypes, values, layout.partitionNames);
}

export function partitionKeyValues(layout: TableLayout, key: Uint8Array): unknown[] {
  return decodePartitionKey(layout.partitionTypes, key);
}

export function clusteringBytes(layout: TableLayout, values: readonly unknown[]): Uint8Array {
  return layout.clusteringColumns.length === 0 ? EMPTY_CLUSTERING : encodeClustering(layout.clusteringColumns, values);
}

export function clusteringValues(layout: TableLayout, clustering: Uint8Array): unknown[] {
  return layout.clusteringColumns.length === 0 ? [] : decodeClustering(layout.clusteringColumns, clustering);
}
