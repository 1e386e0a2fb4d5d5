/**
 * The embedded Database (src/api/database.ts) as a ShellSession. The module is loaded when the
 * shell starts, by a computed specifier, so that the CLI builds whether or not the API is there.
 */

import type { ShellColumn, ShellSession } from './shell-session.js';

/** The part of the Database API the shell uses. */
interface EmbeddedDatabase {
  execute(
    query: string,
    params: readonly unknown[],
    options: { readonly fetchSize: number; readonly pageState?: string },
  ): Promise<{
    readonly rows: readonly Readonly<Record<string, unknown>>[];
    readonly columns: readonly ShellColumn[] | null;
    readonly pageState?: string | null;
  }>;
  readonly keyspace: string | null;
  close(): Promise<void>;
}

interface DatabaseModule {
  readonly Database: { open(options: { readonly dataDir: string }): Promise<EmbeddedDatabase> };
}

const DATABASE_MODULE = '../../api/database.js';

export async function openDatabaseSession(dataDir: string): Promise<ShellSession> {
  const module = (await import(DATABASE_MODULE)) as DatabaseModule;
  const database = await module.Database.open({ dataDir });
  return {
    async execute(query, paging) {
      const options = paging.pageState === null ? { fetchSize: paging.pageSize } : { fetchSize: paging.pageSize, pageState: paging.pageState };
      const result = await database.execute(query, [], options);
      return { rows: result.rows, columns: result.columns, pageState: result.pageState ?? null };
    },
    get keyspace() {
      return database.keyspace;
    },
    close: () => database.close(),
  };
}
