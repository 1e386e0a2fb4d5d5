/** CREATE KEYSPACE IF NOT EXISTS as cassandra-stress writes it (SettingsSchema), from -schema. */

import type { SchemaSettings } from '../options/stress-settings.js';

export function createKeyspaceCql(keyspace: string, schema: SchemaSettings): string {
  const options = [...schema.replicationOptions].map(([name, value]) => `, '${name}': '${value}'`).join('');
  return `CREATE KEYSPACE IF NOT EXISTS "${keyspace}" WITH replication = {'class': '${schema.replicationStrategy}'${options}} AND durable_writes = true`;
}
