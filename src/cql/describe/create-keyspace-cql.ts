/**
 * CREATE KEYSPACE as Cassandra 4's KeyspaceMetadata.toCqlString prints it, two spaces before
 * AND included:
 *
 *   CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'}  AND durable_writes = true;
 *
 * Strategies of org.apache.cassandra.locator go by their short name (ReplicationParams), every
 * option is a quoted string and the map is sorted by key, 'class' included.
 */

import { assertNever } from '../../lib/assert.js';
import type { KeyspaceMetadata, ReplicationMetadata } from '../schema/keyspace-metadata.js';
import { cqlStringMap, quoteIdentifierIfNeeded } from './cql-identifier.js';

export function createKeyspaceCql(keyspace: KeyspaceMetadata): string {
  const replication = cqlStringMap(replicationOptions(keyspace.replication));
  return `CREATE KEYSPACE ${quoteIdentifierIfNeeded(keyspace.name)} WITH replication = ${replication}  AND durable_writes = ${keyspace.durableWrites};`;
}

function replicationOptions(replication: ReplicationMetadata): [string, string][] {
  switch (replication.class) {
    case 'SimpleStrategy':
      return [['class', replication.class], ['replication_factor', String(replication.replicationFactor)]];
    case 'NetworkTopologyStrategy':
      return [['class', replication.class], ...[...replication.datacenters].map(([dc, factor]): [string, string] => [dc, String(factor)])];
    case 'LocalStrategy':
      return [['class', replication.class]];
    default:
      return assertNever(replication, 'replication');
  }
}
