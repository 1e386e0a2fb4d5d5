/**
 * Database.open in this process: the statements the driver would send, run by `db.execute`
 * with `prepare` (parsed once, kept by text), without the network. With nodes=N the cluster
 * is in process too, and requests go round-robin to each node's session as a driver spreads
 * them over coordinators.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../../api/database.js';
import type { QueryOptions } from '../../../api/query-options.js';
import type { ConsistencyLevelName } from '../options/consistency-level-name.js';
import type { BatchEntry, PreparedQuery, ResultRow, StressBackend } from './stress-backend.js';

export class EmbeddedBackend implements StressBackend {
  private readonly optionsByLevel = new Map<ConsistencyLevelName, QueryOptions>();
  private nextSession = 0;

  private constructor(
    private readonly db: Database,
    /** One session per node (just `db` for a lone node). */
    private readonly sessions: readonly Database[],
    /** A temporary data directory to remove on close; null when the user named one. */
    private readonly temporaryDir: string | null,
    readonly description: string,
  ) {}

  static async open(nodes: number, dataDir: string | null): Promise<EmbeddedBackend> {
    const directory = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-stress-'));
    try {
      const db =
        nodes === 1
          ? await Database.open({ dataDir: directory })
          : // No CQL listener or admin port: nothing outside this process talks to it.
            await Database.open({ dataDir: directory, nodes, cluster: { nativePort: 0, adminPort: 0 } });
      const sessions = nodes === 1 ? [db] : Array.from({ length: nodes }, (_, i) => (i === 0 ? db : db.onNode(i)));
      const where = dataDir === null ? 'a temporary directory' : directory;
      return new EmbeddedBackend(db, sessions, dataDir === null ? directory : null, `embedded Database, ${nodes === 1 ? 'one node' : `${nodes} nodes in process`}, data in ${where}`);
    } catch (error) {
      if (dataDir === null) fs.rmSync(directory, { recursive: true, force: true });
      throw error;
    }
  }

  async execute(cql: string, params: readonly unknown[] = []): Promise<readonly ResultRow[]> {
    const result = await this.db.execute(cql, params);
    return result.rows;
  }

  async prepare(cql: string): Promise<PreparedQuery> {
    await this.db.prepare(cql);
    return { cql };
  }

  async executePrepared(query: PreparedQuery, params: readonly unknown[], consistency: ConsistencyLevelName): Promise<readonly ResultRow[]> {
    const result = await this.session().execute(query.cql, params, this.optionsFor(consistency));
    return result.rows;
  }

  async batch(entries: readonly BatchEntry[], logged: boolean, consistency: ConsistencyLevelName): Promise<void> {
    await this.session().batch(
      entries.map((entry) => ({ query: entry.query.cql, params: entry.params })),
      { ...this.optionsFor(consistency), logged },
    );
  }

  async close(): Promise<void> {
    await this.db.close();
    if (this.temporaryDir !== null) fs.rmSync(this.temporaryDir, { recursive: true, force: true });
  }

  private session(): Database {
    const session = this.sessions[this.nextSession]!;
    this.nextSession = (this.nextSession + 1) % this.sessions.length;
    return session;
  }

  private optionsFor(consistency: ConsistencyLevelName): QueryOptions {
    let options = this.optionsByLevel.get(consistency);
    if (options === undefined) {
      options = { prepare: true, consistency };
      this.optionsByLevel.set(consistency, options);
    }
    return options;
  }
}
