/**
 * The load generator's target in the process that runs the cluster: cassandra-stress' schema
 * (keyspace1.standard1: a 10-byte key, five 34-byte blob columns), replicated by
 * NetworkTopologyStrategy up to three times in every datacenter, written and read at
 * LOCAL_QUORUM through the running nodes of the local datacenter in turn, as an application
 * whose driver has localDataCenter set would. With the other datacenters cut off, its
 * requests still find a quorum at home: the point of the red button.
 */

import type { Database } from '../api/database.js';
import type { ClusterNode } from '../cluster/node/cluster-node.js';
import type { Cluster } from '../cluster/node/cluster.js';
import { STANDARD1_COLUMNS, Standard1Rows } from '../cli/stress/workloads/standard1-rows.js';
import type { LoadTarget } from './load-generator.js';

const KEYSPACE = 'keyspace1';
const TABLE = 'standard1';
const CONSISTENCY = 'LOCAL_QUORUM';
const REPLICAS_PER_DATACENTER_MAX = 3;
const COLUMN_NAMES = STANDARD1_COLUMNS.map((name) => `"${name}"`).join(', ');
const INSERT = `INSERT INTO ${KEYSPACE}.${TABLE} (key, ${COLUMN_NAMES}) VALUES (?, ?, ?, ?, ?, ?)`;
const SELECT = `SELECT * FROM ${KEYSPACE}.${TABLE} WHERE key = ?`;

export class NoCoordinatorError extends Error {
  override readonly name = 'NoCoordinatorError';
}

export class DatabaseLoadTarget implements LoadTarget {
  readonly description: string;
  /** One session per running node object: a restarted node is a new object with a session of its own. */
  private readonly sessions = new WeakMap<ClusterNode, Database>();
  private turn = 0;
  /** The rows `sibyl stress` writes: computed from the key number, values views into one pool. */
  private readonly rows = new Standard1Rows(0);

  constructor(
    private readonly db: Database,
    private readonly cluster: Cluster,
    /** Every datacenter with its node count (the replication factors are chosen from these). */
    private readonly datacenters: ReadonlyArray<{ readonly name: string; readonly nodes: number }>,
    private readonly localDatacenter: string,
  ) {
    this.description = `${KEYSPACE}.${TABLE} at ${CONSISTENCY} through ${localDatacenter}`;
  }

  async prepare(): Promise<void> {
    const factors = this.datacenters.map((dc) => `'${dc.name}': ${Math.min(REPLICAS_PER_DATACENTER_MAX, dc.nodes)}`).join(', ');
    const session = this.coordinator();
    await session.execute(`CREATE KEYSPACE IF NOT EXISTS ${KEYSPACE} WITH replication = {'class': 'NetworkTopologyStrategy', ${factors}}`);
    const columns = STANDARD1_COLUMNS.map((name) => `"${name}" blob`).join(', ');
    await session.execute(`CREATE TABLE IF NOT EXISTS ${KEYSPACE}.${TABLE} (key blob PRIMARY KEY, ${columns})`);
  }

  async write(keyIndex: number): Promise<void> {
    const values = STANDARD1_COLUMNS.map((_, c) => this.rows.column(keyIndex, c));
    await this.coordinator().execute(INSERT, [this.rows.key(keyIndex), ...values], { prepare: true, consistency: CONSISTENCY });
  }

  async read(keyIndex: number): Promise<void> {
    await this.coordinator().execute(SELECT, [this.rows.key(keyIndex)], { prepare: true, consistency: CONSISTENCY });
  }

  /** The next running node of the local datacenter, round robin. */
  private coordinator(): Database {
    const local = this.cluster.runningNodes().filter((node) => node.options.datacenter === this.localDatacenter);
    if (local.length === 0) throw new NoCoordinatorError(`no node of ${this.localDatacenter} is running`);
    const node = local[this.turn++ % local.length]!;
    let session = this.sessions.get(node);
    if (session === undefined) this.sessions.set(node, (session = this.db.onNode(node.host)));
    return session;
  }
}
