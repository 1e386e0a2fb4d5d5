/**
 * The DataStax Node driver (`cassandra-driver`) against any Cassandra-compatible cluster:
 * prepared statements (the driver prepares each text once per host and caches it), token-aware
 * routing from the driver's defaults, one shared options object per consistency level so a
 * request allocates no options of its own.
 */

import cassandra from 'cassandra-driver';
import { consistencyLevelCode } from '../../../cluster/consistency/consistency-level.js';
import type { ConsistencyLevelName } from '../options/consistency-level-name.js';
import type { NodeSettings } from '../options/stress-settings.js';
import type { BatchEntry, PreparedQuery, ResultRow, StressBackend } from './stress-backend.js';

/** Requests one connection carries at once; the driver queues beyond it. */
const REQUESTS_PER_CONNECTION_MAX = 2048;
/** A request unanswered this long fails with a client timeout (the driver's default is 12 s). */
const CLIENT_TIMEOUT_MS = 12_000;

export class DriverBackend implements StressBackend {
  private readonly optionsByLevel = new Map<ConsistencyLevelName, cassandra.QueryOptions>();

  private constructor(
    private readonly client: cassandra.Client,
    readonly description: string,
  ) {}

  static async connect(node: NodeSettings): Promise<DriverBackend> {
    const client = new cassandra.Client({
      contactPoints: [...node.hosts],
      localDataCenter: node.datacenter,
      protocolOptions: { port: node.nativePort },
      socketOptions: { readTimeout: CLIENT_TIMEOUT_MS },
      pooling: { maxRequestsPerConnection: REQUESTS_PER_CONNECTION_MAX },
      // No retries behind the measurement's back: a timeout or Unavailable is counted as the
      // server answered it, by its code, as cassandra-stress counts errors.
      policies: { retry: new cassandra.policies.retry.FallthroughRetryPolicy() },
    });
    try {
      await client.connect();
    } catch (error) {
      await client.shutdown();
      // The driver's message goes on with each host's error inspected, stack and all: its first line says it.
      const reason = (error instanceof Error ? error.message : String(error)).split('\n', 1)[0];
      throw new Error(`cannot connect to ${node.hosts.join(', ')} port ${node.nativePort}: ${reason}`);
    }
    const hosts = client.hosts.values().length;
    return new DriverBackend(client, `cassandra-driver to ${node.hosts.join(',')}:${node.nativePort} (${hosts} node${hosts === 1 ? '' : 's'} found)`);
  }

  async execute(cql: string, params: readonly unknown[] = []): Promise<readonly ResultRow[]> {
    const result = await this.client.execute(cql, [...params]);
    return result.rows;
  }

  async prepare(cql: string): Promise<PreparedQuery> {
    // The driver has no public prepare-only call: the first execution with `prepare: true`
    // prepares the text on its host and caches it for every later one.
    return { cql };
  }

  async executePrepared(query: PreparedQuery, params: readonly unknown[], consistency: ConsistencyLevelName): Promise<readonly ResultRow[]> {
    const result = await this.client.execute(query.cql, params as unknown[], this.optionsFor(consistency));
    return result.rows;
  }

  async batch(entries: readonly BatchEntry[], logged: boolean, consistency: ConsistencyLevelName): Promise<void> {
    await this.client.batch(
      entries.map((entry) => ({ query: entry.query.cql, params: entry.params as unknown[] })),
      { ...this.optionsFor(consistency), logged },
    );
  }

  async close(): Promise<void> {
    await this.client.shutdown();
  }

  private optionsFor(consistency: ConsistencyLevelName): cassandra.QueryOptions {
    let options = this.optionsByLevel.get(consistency);
    if (options === undefined) {
      options = { prepare: true, consistency: consistencyLevelCode(consistency), isIdempotent: true };
      this.optionsByLevel.set(consistency, options);
    }
    return options;
  }
}
