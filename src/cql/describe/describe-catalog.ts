/**
 * What DESCRIBE reads of the schema and the cluster. The catalog implements it; DESCRIBE never
 * touches the catalog otherwise, so its rows can be tested over plain metadata.
 */

import type { KeyspaceMetadata } from '../schema/keyspace-metadata.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import type { UdtCqlType } from '../types/cql-type.js';

/** What DESCRIBE CLUSTER names, short class names as Cassandra trims them. */
export interface ClusterDescription {
  readonly clusterName: string;
  /** `Murmur3Partitioner` (org.apache.cassandra.dht. trimmed). */
  readonly partitioner: string;
  /** `SimpleSnitch` (org.apache.cassandra.locator. trimmed). */
  readonly snitch: string;
}

export interface DescribeCatalog {
  /** Every keyspace, system ones included, in any order. */
  keyspaces(): readonly KeyspaceMetadata[];
  /** The tables of an existing keyspace, in any order. */
  tables(keyspace: string): readonly TableMetadata[];
  /** The user types of an existing keyspace (non-frozen, as CREATE TYPE made them), in any order. */
  types(keyspace: string): readonly UdtCqlType[];
  cluster(): ClusterDescription;
  /**
   * For DESCRIBE CLUSTER in a user keyspace: each token range's end token (as text) to the
   * addresses of its replicas, in token order (StorageService.getRangeToAddressMap).
   */
  rangeOwnership(keyspace: string): ReadonlyMap<string, readonly string[]>;
}
