/**
 * What `nodetool repair [options] [keyspace [table ...]]` asks for, and how it reads its
 * arguments. Only full repair exists here (Cassandra's `-full`; incremental repair, its
 * default since 4.0, is not built), so `-full` is accepted and changes nothing.
 */

import { InvalidRequestError } from '../../lib/errors.js';

export interface RepairOptions {
  /** The keyspace to repair; every replicated keyspace when absent. */
  readonly keyspace?: string;
  /** Tables of that keyspace; all of them when absent or empty. */
  readonly tables?: readonly string[];
  /** -pr: only the ranges this node is the first replica of (run on every node in turn). */
  readonly primaryRangeOnly?: boolean;
  /** The deepest Merkle tree (repair_session_max_tree_depth, default 20). */
  readonly maxTreeDepth?: number;
  /** How long a replica may take to build its trees of one table (default 10 min). */
  readonly validationTimeoutMs?: number;
  /** How long a replica may take to sync one table with a peer (default 60 min). */
  readonly syncTimeoutMs?: number;
}

export const REPAIR_DEFAULTS = Object.freeze({
  maxTreeDepth: 20,
  validationTimeoutMs: 10 * 60_000,
  syncTimeoutMs: 60 * 60_000,
});

/** The node tool's words after `repair`, read as Cassandra's nodetool reads them. */
export function parseRepairArgs(args: readonly string[]): RepairOptions {
  let primaryRangeOnly = false;
  const names: string[] = [];
  for (const arg of args) {
    if (arg === '-pr' || arg === '--partitioner-range') primaryRangeOnly = true;
    else if (arg === '-full' || arg === '--full') continue;
    else if (arg.startsWith('-')) throw new InvalidRequestError(`unknown repair option ${arg} (known: -pr, -full)`);
    else names.push(arg);
  }
  const [keyspace, ...tables] = names;
  return { ...(keyspace === undefined ? {} : { keyspace }), ...(tables.length === 0 ? {} : { tables }), primaryRangeOnly };
}
