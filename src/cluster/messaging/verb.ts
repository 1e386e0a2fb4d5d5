/**
 * What a message between nodes asks for (Cassandra's Verb). A request verb's reply travels
 * as a response to the request's id, so replies need no verbs of their own.
 */

export const Verb = {
  /** Apply mutations on this replica (the coordinator's write). */
  mutation: 1,
  /** Read one partition (data or digest) on this replica. */
  read: 2,
  /** Read partitions of a token range on this replica. */
  rangeRead: 3,
  /** Lead these counter mutations (deltas): build this node's shards, apply, replicate (CounterMutation). */
  counterMutation: 4,
  /** Every gossip message (SYN, ACK, ACK2, echo), encoded by cluster/gossip's codec. */
  gossip: 10,
  /** A node's schema mutations, applied by the receiver (MigrationManager's push). */
  schemaPush: 20,
  /** Asks a node for its whole schema, as rows (MigrationManager's pull). */
  schemaPull: 21,
  /** A hinted mutation replayed to the replica it was meant for. */
  hint: 30,
  /** Build a Merkle tree of a range (repair's validation). */
  validation: 40,
  /** Stream the partitions of ranges (repair's sync, bootstrap, decommission): one page pulled by the receiver. */
  streamRanges: 41,
  /** One page of streamed partitions pushed by the sender, written by the receiver. */
  streamPush: 42,
  /** Repair's sync task: stream these ranges both ways with a named peer (SyncRequest). */
  repairSync: 43,
  /** removenode: fetch what a removed node's ranges give this node from named live replicas; answered when written. */
  restoreReplicas: 44,
  /** Truncate a table on this replica. */
  truncate: 50,
  /** Is this node alive and serving? */
  echo: 60,
} as const;

export type Verb = (typeof Verb)[keyof typeof Verb];

const names = new Map<number, string>(Object.entries(Verb).map(([name, value]) => [value, name]));

export function verbName(verb: number): string {
  return names.get(verb) ?? `verb ${verb}`;
}
