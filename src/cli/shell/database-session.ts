/** The embedded Database (src/api/database.ts) as a ShellSession. */

import { Database } from '../../api/database.js';
import type { ShellSession } from './shell-session.js';

export async function openDatabaseSession(dataDir: string): Promise<ShellSession> {
  const database = await Database.open({ dataDir });
  return {
    async execute(query, paging) {
      const options = paging.pageState === null ? { fetchSize: paging.pageSize } : { fetchSize: paging.pageSize, pageState: paging.pageState };
      const result = await database.execute(query, [], options);
      return { rows: result.rows, columns: result.columns, pageState: result.pageState };
    },
    get keyspace() {
      return database.keyspace;
    },
    close: () => database.close(),
  };
}
