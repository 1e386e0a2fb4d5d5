/**
 * Profiles name their table alone (`CREATE TABLE posts (...)`, `SELECT * FROM posts`), as
 * cassandra-stress runs them in the profile's keyspace. A driver session has no keyspace
 * here, so the table's own name is qualified where CQL names a table: after TABLE, FROM,
 * INTO and UPDATE.
 */

export function qualifyTable(cql: string, keyspace: string, table: string): string {
  const name = `(?:"${table}"|${table})`;
  const pattern = new RegExp(`\\b(TABLE(?:\\s+IF\\s+NOT\\s+EXISTS)?|FROM|INTO|UPDATE)(\\s+)(${name})(?![\\w."])`, 'gi');
  return cql.replace(pattern, (_all, keyword: string, space: string, found: string) => `${keyword}${space}${keyspace}.${found}`);
}
