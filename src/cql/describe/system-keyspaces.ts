/** Cassandra's system keyspaces (SchemaConstants.isSystemKeyspace): DESCRIBE SCHEMA skips them. */
export const SYSTEM_KEYSPACE_NAMES: ReadonlySet<string> = new Set([
  'system',
  'system_schema',
  'system_auth',
  'system_distributed',
  'system_traces',
  'system_views',
  'system_virtual_schema',
]);

export function isSystemKeyspace(name: string): boolean {
  return SYSTEM_KEYSPACE_NAMES.has(name);
}
