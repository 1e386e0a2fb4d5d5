/**
 * The promises a simulated run must keep, checked against the clients' history and the
 * replicas' storage (ARCHITECTURE.md section 11). Each check returns the violations it found,
 * as sentences naming the operations involved; none means the promise held. Reads are judged
 * row by row: for every clustering value of the partition, what the read found there (a value
 * or nothing) must be explained by the writes covering that row.
 *
 *   1. quorum-read-sees-quorum-write  a read issued after a write or delete was acknowledged
 *      returns that operation's effect or a newer one's, whenever their levels owe it
 *      (level-overlap.ts: QUORUM/EACH_QUORUM to QUORUM/EACH_QUORUM, LOCAL_QUORUM to
 *      LOCAL_QUORUM in the same datacenter and to EACH_QUORUM, never ONE to anything), and
 *      the read's coordinator had heard of every ring change the write's had: its view of the
 *      ring was first seen no earlier (ringEpoch). While a node's going NORMAL or leaving
 *      spreads by gossip, a coordinator still on the old ring reads old replicas that a write
 *      through the new ring skipped; Cassandra has the same window. A view that only a bug
 *      produces is first seen late, so reads through it stay owed.
 *   2. no-phantom-value  no read returns a value no client had issued, for that row, by the
 *      time it answered.
 *   3. replicas-identical-after-repair  after every node ran a full repair, every replica of
 *      a partition holds it identically (same canonical bytes, compared by digest).
 *   4. no-resurrection-after-repair  after repair, within gc_grace (no tombstone is purged in a
 *      simulated run), a read returns the newest acknowledged operation's effect or a newer
 *      one's, whatever its level: a value deleted by an acknowledged delete never comes back,
 *      and no acknowledged write is lost.
 * A replica removed or replaced while dead (ReplicaLoss) excuses what it alone may have held.
 */

import { CLUSTERINGS, covers, type History, type ReadRecord, type SimTable, type WriteRecord } from './history.js';
import { ackableBy, mustOverlap, type ReplicaCounts } from './level-overlap.js';

/**
 * A replica lost for good: a node removed (removenode) or replaced while dead. What only it
 * held is gone, and the nodes that took its ranges copied them from one surviving replica,
 * which may have missed a write the lost one acknowledged (Cassandra's removenode and replace
 * stream from any live replica too, and advise a repair after). So, for the partitions it
 * replicated, and for writes issued before it died:
 *   - a read issued once its removal had begun is not owed the write (it may be on one
 *     surviving replica only, until repair);
 *   - after repair, a write its level let the replicas lost since it was issued acknowledge on
 *     their own (one lost: ONE, LOCAL_ONE...; two of three: QUORUM too) may be gone: it counts
 *     as unacknowledged (may or may not have been applied).
 */
export interface ReplicaLoss {
  readonly node: string;
  readonly datacenter: string;
  /** Step at which it went down for the last time. */
  readonly diedStep: number;
  /** Step at which its removal (or replacement) began. */
  readonly removalStep: number;
  /** The partitions it replicated then, as "table:key". */
  readonly partitions: ReadonlySet<string>;
}

function lostBefore(loss: ReplicaLoss, w: WriteRecord): boolean {
  return loss.partitions.has(`${w.table}:${w.key}`) && w.issuedStep < loss.diedStep;
}

/** What a read saw of one partition, to be explained by the writes of its rows. */
export interface PartitionObservation {
  readonly table: SimTable;
  readonly key: number;
  readonly rows: ReadonlyMap<number, string>;
  /** Step at which the rows were seen (the read's answer). */
  readonly answeredStep: number;
  /** The operations the rows must reflect: per row, the newest covering it, or a newer one. */
  readonly mustReflect: readonly WriteRecord[];
  readonly describe: string;
}

/** Invariants 1 and 2 over every read the clients got an answer to; `replicas` are the keyspace's per datacenter. */
export function checkReadsDuringRun(history: History, replicas: ReplicaCounts, losses: readonly ReplicaLoss[] = []): string[] {
  const violations: string[] = [];
  const owed = (w: WriteRecord, read: ReadRecord): boolean => !losses.some((loss) => lostBefore(loss, w) && read.issuedStep > loss.removalStep);
  for (const read of history.reads()) {
    if (read.outcome !== 'ok' || read.answeredStep === null || read.rows === null) continue;
    const acknowledged = history
      .writesOf(read.table, read.key)
      .filter((w) => w.outcome === 'ok' && w.answeredStep !== null && w.answeredStep < read.issuedStep && w.ringEpoch <= read.ringEpoch && mustOverlap(w, read, replicas) && owed(w, read));
    violations.push(
      ...explainPartition(
        history,
        {
          table: read.table,
          key: read.key,
          rows: read.rows,
          answeredStep: read.answeredStep,
          mustReflect: acknowledged,
          describe: `read op#${read.id} (${read.level} via ${read.coordinator} in ${read.datacenter}, steps ${read.issuedStep}-${read.answeredStep})`,
        },
        'quorum-read-sees-quorum-write',
      ),
    );
  }
  return violations;
}

/** Invariant 3: per partition, the digest each replica holds (hex), by host. */
export function checkReplicasIdentical(partitions: ReadonlyArray<{ table: SimTable; key: number; digests: ReadonlyArray<{ host: string; digest: string }> }>): string[] {
  const violations: string[] = [];
  for (const { table, key, digests } of partitions) {
    const distinct = new Set(digests.map((d) => d.digest));
    if (distinct.size > 1) {
      violations.push(
        `replicas-identical-after-repair: ${table} key ${key} differs between replicas after repair: ${digests.map((d) => `${d.host}=${d.digest.slice(0, 8)}`).join(' ')}`,
      );
    }
  }
  return violations;
}

/** Invariants 2 and 4 over the reads made after repair, one per partition. */
export function checkAfterRepair(
  history: History,
  finals: ReadonlyArray<Omit<PartitionObservation, 'mustReflect'>>,
  replicas: ReplicaCounts = new Map(),
  losses: readonly ReplicaLoss[] = [],
): string[] {
  const violations: string[] = [];
  const survives = (w: WriteRecord): boolean => {
    const lost = new Map<string, number>();
    for (const loss of losses) if (lostBefore(loss, w)) lost.set(loss.datacenter, (lost.get(loss.datacenter) ?? 0) + 1);
    return lost.size === 0 || !ackableBy(w, lost, replicas);
  };
  for (const seen of finals) {
    const acknowledged = history.writesOf(seen.table, seen.key).filter((w) => w.outcome === 'ok' && survives(w));
    violations.push(...explainPartition(history, { ...seen, mustReflect: acknowledged }, 'no-resurrection-after-repair'));
  }
  return violations;
}

function explainPartition(history: History, seen: PartitionObservation, invariant: string): string[] {
  const violations: string[] = [];
  for (const clustering of seen.rows.keys()) {
    if (!CLUSTERINGS[seen.table].includes(clustering)) violations.push(`no-phantom-value: ${seen.describe} of ${seen.table} key ${seen.key} returned row c=${clustering}, which no client wrote`);
  }
  for (const clustering of CLUSTERINGS[seen.table]) {
    const violation = explainRow(history, seen, clustering, invariant);
    if (violation !== null) violations.push(violation);
  }
  return violations;
}

/**
 * Whether what was seen at one row is the effect of the newest operation covering it that it
 * must reflect, or of a newer one: a put's value with a timestamp at least the newest's, or no
 * row when a delete covering it, at least that new, was issued before the read answered.
 */
function explainRow(history: History, seen: PartitionObservation, clustering: number, invariant: string): string | null {
  const where = `${seen.table} key ${seen.key}${seen.table === 'kv' ? '' : ` row c=${clustering}`}`;
  const newest = seen.mustReflect
    .filter((w) => covers(w, clustering))
    .reduce<WriteRecord | null>((best, w) => (best === null || w.timestamp > best.timestamp ? w : best), null);
  const value = seen.rows.get(clustering);
  if (value !== undefined) {
    const source = history.writeOfValue(value);
    if (source === undefined || source.table !== seen.table || source.key !== seen.key || !covers(source, clustering) || source.issuedStep > seen.answeredStep) {
      return `no-phantom-value: ${seen.describe} of ${where} returned ${value}, which no client had written there`;
    }
    if (newest !== null && source.timestamp < newest.timestamp) {
      return `${invariant}: ${seen.describe} of ${where} returned ${value} (op#${source.id}, ts ${source.timestamp}), older than acknowledged ${describeWrite(newest)}`;
    }
    return null;
  }
  if (newest === null || newest.kind === 'delete') return null;
  const deleter = history
    .writesOf(seen.table, seen.key)
    .find((w) => w.kind === 'delete' && covers(w, clustering) && w.timestamp > newest.timestamp && w.issuedStep < seen.answeredStep);
  if (deleter !== undefined) return null;
  return `${invariant}: ${seen.describe} of ${where} found no row, but ${describeWrite(newest)} was acknowledged and no later delete of it was issued`;
}

function describeWrite(w: WriteRecord): string {
  const target = w.target.kind === 'row' ? '' : w.target.kind === 'from' ? ` c>=${w.target.clustering}` : ' partition';
  const what = w.kind === 'put' ? `put ${w.value}` : `delete${target}`;
  return `op#${w.id} ${what} (ts ${w.timestamp}, ${w.level} via ${w.coordinator}, steps ${w.issuedStep}-${w.answeredStep})`;
}
