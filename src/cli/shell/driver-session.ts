/**
 * A CQL native protocol connection as a ShellSession, through the DataStax Node driver: what
 * makes `sibyl shell --host` work against Sibyl or any Cassandra-compatible server, as cqlsh
 * does. Like cqlsh it talks to the one host it was given (an allow-list policy), so no local
 * datacenter needs naming; statements go unprepared, paged by the shell.
 */

import cassandra from 'cassandra-driver';
import type { ShellSession } from './shell-session.js';

export interface DriverTarget {
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
}

export interface DriverSession extends ShellSession {
  /** cqlsh's banner: what it connected to. */
  readonly banner: string;
}

export async function openDriverSession(target: DriverTarget): Promise<DriverSession> {
  const endpoint = `${target.host}:${target.port}`;
  const { loadBalancing } = cassandra.policies;
  const client = new cassandra.Client({
    contactPoints: [target.host],
    protocolOptions: { port: target.port },
    policies: { loadBalancing: new loadBalancing.AllowListPolicy(new loadBalancing.RoundRobinPolicy(), [endpoint]) },
    ...(target.username === undefined ? {} : { authProvider: new cassandra.auth.PlainTextAuthProvider(target.username, target.password ?? '') }),
  });
  try {
    await client.connect();
  } catch (error) {
    await client.shutdown();
    throw new Error(`Connection error: ('Unable to connect to any servers', {'${endpoint}': ${error instanceof Error ? error.message : String(error)}})`);
  }
  const local = (await client.execute('SELECT cluster_name, release_version, cql_version FROM system.local')).first();
  const version = client.getState().getConnectedHosts()[0]?.cassandraVersion ?? String(local?.['release_version'] ?? '?');
  const banner = `Connected to ${String(local?.['cluster_name'] ?? '?')} at ${endpoint}\n[sibyl shell | Cassandra ${version} | CQL spec ${String(local?.['cql_version'] ?? '?')}]\nUse HELP for help.\n`;
  return {
    banner,
    async execute(query, paging) {
      const options = { prepare: false, fetchSize: paging.pageSize, ...(paging.pageState === null ? {} : { pageState: paging.pageState }) };
      const result = await client.execute(query, [], options);
      const columns = result.columns === null || result.columns === undefined || result.columns.length === 0 ? null : result.columns.map((c) => ({ name: c.name, type: c.type }));
      return { rows: result.rows ?? [], columns, pageState: result.pageState ?? null };
    },
    get keyspace() {
      return client.keyspace ?? null;
    },
    close: () => client.shutdown(),
  };
}
