/**
 * The servers the protocol benchmark measures, each started fresh in this process for one run
 * and closed after it:
 *
 *   one-node     1 node, RF 1           Database.open({ nodes: 1 }), keyspace ks at RF 1
 *   three-nodes  3 nodes, RF 3, QUORUM  Database.open({ nodes: 3 }): 127.0.0.1-3, one port, RF 3
 *   null         null server            NativeServer over NullBackend on 127.0.0.1: every frame
 *                                       answered at once (INSERT Void, SELECT empty Rows), the
 *                                       ceiling the client itself allows
 *
 * The cluster targets get the schema before the client connects (so the driver's metadata has
 * the table); the null server needs none. Admin ports are off, so no run collides with another
 * process's admin server.
 */

import { Database } from '../../src/api/database.js';
import { nativeCqlType } from '../../src/cql/types/cql-type.js';
import { NativeServer } from '../../src/protocol/server/native-server.js';
import { NullBackend } from '../../src/protocol/server/null-backend.js';
import { withTempDir } from '../lib/temp-dir.js';
import type { ProtocolGoal } from './protocol-report.js';
import { STRESS_TABLE_DDL } from './protocol-statements.js';

/** Every node of the 3-node target listens on these with one port (the 1-node target on the first). */
export const NODE_HOSTS: readonly string[] = ['127.0.0.1', '127.0.0.2', '127.0.0.3'];

export type ProtocolTargetRole = 'database' | 'null';

export interface ProtocolTarget {
  /** For --only. */
  readonly name: string;
  readonly label: string;
  readonly role: ProtocolTargetRole;
  /** What issue 5 asks of it; null for the null server (the yardstick). */
  readonly goal: ProtocolGoal | null;
  /** Starts the server on `port`, runs `body` against it, and closes it (and its files). */
  serve<T>(port: number, body: () => Promise<T>): Promise<T>;
}

const blob = nativeCqlType('blob')!;

function clusterTarget(name: string, label: string, nodes: number, rf: number, goal: ProtocolGoal): ProtocolTarget {
  return {
    name,
    label,
    role: 'database',
    goal,
    serve: (port, body) =>
      withTempDir('sibyl-bench-protocol', async (dir) => {
        const db = await Database.open({ dataDir: dir, nodes, cluster: { nativePort: port, adminPort: 0 } });
        try {
          await db.execute(`CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': ${rf}}`);
          await db.execute(STRESS_TABLE_DDL);
          return await body();
        } finally {
          await db.close();
        }
      }),
  };
}

const nullTarget: ProtocolTarget = {
  name: 'null',
  label: 'null server',
  role: 'null',
  goal: null,
  async serve(port, body) {
    // Every marker of the stress statements binds a blob (the driver encodes Buffers as such).
    const server = new NativeServer(new NullBackend({ markerTypes: (_query, count) => Array.from({ length: count }, () => blob) }), { host: '127.0.0.1', port });
    await server.listen();
    try {
      return await body();
    } finally {
      await server.close();
    }
  },
};

export const PROTOCOL_TARGETS: readonly ProtocolTarget[] = [
  clusterTarget('one-node', '1 node, RF 1', 1, 1, { minNullRatio: 0.5 }),
  clusterTarget('three-nodes', '3 nodes, RF 3, QUORUM', 3, 3, { minNullRatio: 0.25, halfRateP99MaxMs: 10 }),
  nullTarget,
];
