/**
 * The JSON each built-in node tool command answers (the `result` of its reply), as the CLI
 * formats it (src/cli/nodetool). Addresses are listen addresses (127.0.0.2), without the port;
 * sizes are bytes; shares are fractions of the ring (1 = 100%); latencies are milliseconds.
 */

/** Cassandra's node states in `nodetool status` (N, L, J, M). */
export type NodeState = 'normal' | 'leaving' | 'joining' | 'moving';

export interface StatusNode {
  readonly address: string;
  readonly up: boolean;
  readonly state: NodeState;
  /** Live SSTable bytes as the node gossips them (LOAD), or null before it has. */
  readonly loadBytes: number | null;
  readonly tokens: number;
  /** Effective (or, without a keyspace to judge by, primary) share of the ring. */
  readonly owns: number | null;
  readonly hostId: string;
  readonly rack: string;
}

export interface StatusResult {
  readonly datacenters: ReadonlyArray<{ readonly name: string; readonly nodes: readonly StatusNode[] }>;
  /** Whether `owns` is effective ownership (replicas counted) or primary ranges only. */
  readonly effective: boolean;
  /** Why ownership is not effective, Cassandra's "Note: ..." line; null if it is. */
  readonly note: string | null;
}

export interface RingEntry {
  readonly address: string;
  readonly rack: string;
  readonly up: boolean;
  readonly state: NodeState;
  readonly loadBytes: number | null;
  readonly owns: number | null;
  readonly token: string;
}

export interface RingResult {
  readonly datacenters: ReadonlyArray<{ readonly name: string; readonly entries: readonly RingEntry[] }>;
  readonly effective: boolean;
  readonly note: string | null;
}

export interface InfoResult {
  readonly hostId: string;
  readonly gossipActive: boolean;
  readonly nativeTransportActive: boolean;
  readonly loadBytes: number;
  readonly generation: number;
  readonly uptimeSeconds: number;
  readonly heapUsedBytes: number;
  readonly heapTotalBytes: number;
  readonly datacenter: string;
  readonly rack: string;
  /** Requests this node coordinated that failed, timed out or were Unavailable. */
  readonly exceptions: number;
  readonly tokens: readonly string[];
  readonly drained: boolean;
}

export interface DescribeRingResult {
  readonly keyspace: string;
  readonly schemaVersion: string;
  readonly ranges: ReadonlyArray<{
    readonly start: string;
    readonly end: string;
    readonly endpoints: readonly string[];
    readonly details: ReadonlyArray<{ readonly host: string; readonly datacenter: string; readonly rack: string }>;
  }>;
}

export interface TableStatsEntry {
  readonly name: string;
  readonly sstableCount: number;
  readonly spaceUsedBytes: number;
  readonly memtableRows: number;
  readonly memtableBytes: number;
  readonly pendingFlushes: number;
  readonly partitionsEstimate: number;
  readonly readCount: number;
  readonly readLatencyMs: number | null;
  readonly writeCount: number;
  readonly writeLatencyMs: number | null;
  readonly rangeReadCount: number;
}

export interface TableStatsResult {
  readonly totalTables: number;
  readonly keyspaces: ReadonlyArray<{
    readonly name: string;
    readonly readCount: number;
    readonly readLatencyMs: number | null;
    readonly writeCount: number;
    readonly writeLatencyMs: number | null;
    readonly pendingFlushes: number;
    readonly tables: readonly TableStatsEntry[];
  }>;
}

export interface ThreadPoolStatsResult {
  readonly actors: ReadonlyArray<{ readonly kind: string; readonly actors: number; readonly pending: number; readonly completed: number; readonly failures: number }>;
  readonly pools: ReadonlyArray<{ readonly name: string; readonly active: number }>;
  readonly messages: ReadonlyArray<{ readonly verb: string; readonly sent: number; readonly received: number; readonly dropped: number }>;
  readonly deadLetters: number;
}

export interface DescribeClusterResult {
  readonly name: string;
  readonly snitch: string;
  readonly partitioner: string;
  /** Schema version to the addresses that hold it; unreachable nodes under "UNREACHABLE". */
  readonly schemaVersions: Readonly<Record<string, readonly string[]>>;
}
