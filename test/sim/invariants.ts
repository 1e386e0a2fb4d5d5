/**
 * The promises a simulated run must keep, checked against the clients' history and the
 * replicas' storage (ARCHITECTURE.md section 11). Each check returns the violations it found,
 * as sentences naming the operations involved; none means the promise held.
 *
 *   1. quorum-read-sees-quorum-write  a QUORUM read answered after a QUORUM (or ALL) write or
 *      delete was acknowledged returns that operation's effect or a newer one's.
 *   2. no-phantom-value  no read returns a value no client had issued by the time it answered.
 *   3. replicas-identical-after-repair  after every node ran a full repair, every replica of
 *      a partition holds it identically (same canonical bytes, compared by digest).
 *   4. no-resurrection-after-repair  after repair, within gc_grace (no tombstone is purged in a
 *      simulated run), a read returns the newest acknowledged operation's effect or a newer
 *      one's, whatever its level: a value deleted by an acknowledged delete never comes back,
 *      and no acknowledged write is lost.
 */

import type { History, WriteRecord } from './history.js';

/** What a read saw, to be explained by the writes of its key. */
interface Observation {
  readonly key: number;
  readonly value: string | null;
  /** Step at which the value was seen (the read's answer). */
  readonly answeredStep: number;
  /** The operations the value must reflect: the newest of them, or a newer one. */
  readonly mustReflect: readonly WriteRecord[];
  readonly describe: string;
}

/** Invariants 1 and 2 over every QUORUM read the clients got an answer to. */
export function checkReadsDuringRun(history: History): string[] {
  const violations: string[] = [];
  for (const read of history.reads()) {
    if (read.outcome !== 'ok' || read.answeredStep === null) continue;
    const acknowledged = history
      .writesOf(read.key)
      .filter((w) => w.outcome === 'ok' && w.answeredStep !== null && w.answeredStep < read.issuedStep && isQuorumOrMore(w.level));
    const observation: Observation = {
      key: read.key,
      value: read.value,
      answeredStep: read.answeredStep,
      mustReflect: acknowledged,
      describe: `read op#${read.id} (${read.level} via ${read.coordinator}, steps ${read.issuedStep}-${read.answeredStep})`,
    };
    violations.push(...explain(history, observation, 'quorum-read-sees-quorum-write'));
  }
  return violations;
}

/** Invariant 3: per partition, the digest each replica holds (hex), by host. */
export function checkReplicasIdentical(partitions: ReadonlyArray<{ key: number; digests: ReadonlyArray<{ host: string; digest: string }> }>): string[] {
  const violations: string[] = [];
  for (const { key, digests } of partitions) {
    const distinct = new Set(digests.map((d) => d.digest));
    if (distinct.size > 1) {
      violations.push(`replicas-identical-after-repair: key ${key} differs between replicas after repair: ${digests.map((d) => `${d.host}=${d.digest.slice(0, 8)}`).join(' ')}`);
    }
  }
  return violations;
}

/** Invariants 2 and 4 over the reads made after repair, one per key. */
export function checkAfterRepair(history: History, finalValues: ReadonlyMap<number, { value: string | null; step: number; via: string }>): string[] {
  const violations: string[] = [];
  for (const [key, seen] of finalValues) {
    const acknowledged = history.writesOf(key).filter((w) => w.outcome === 'ok');
    violations.push(
      ...explain(history, { key, value: seen.value, answeredStep: seen.step, mustReflect: acknowledged, describe: `the read after repair of key ${key} via ${seen.via}` }, 'no-resurrection-after-repair'),
    );
  }
  return violations;
}

/**
 * Whether a value seen is the effect of the newest operation it must reflect, or of a newer
 * one: a put's value with a timestamp at least the newest's, or no row when a delete at least
 * that new was issued before the value was seen.
 */
function explain(history: History, seen: Observation, invariant: string): string[] {
  const newest = seen.mustReflect.reduce<WriteRecord | null>((best, w) => (best === null || w.timestamp > best.timestamp ? w : best), null);
  if (seen.value !== null) {
    const source = history.writeOfValue(seen.value);
    if (source === undefined || source.key !== seen.key || source.issuedStep > seen.answeredStep) {
      return [`no-phantom-value: ${seen.describe} of key ${seen.key} returned ${seen.value}, which no client had written`];
    }
    if (newest !== null && source.timestamp < newest.timestamp) {
      return [`${invariant}: ${seen.describe} of key ${seen.key} returned ${seen.value} (op#${source.id}, ts ${source.timestamp}), older than acknowledged ${describeWrite(newest)}`];
    }
    return [];
  }
  if (newest === null || newest.kind === 'delete') return [];
  const deleter = history
    .writesOf(seen.key)
    .find((w) => w.kind === 'delete' && w.timestamp > newest.timestamp && w.issuedStep < seen.answeredStep);
  if (deleter !== undefined) return [];
  return [`${invariant}: ${seen.describe} of key ${seen.key} found no row, but ${describeWrite(newest)} was acknowledged and no later delete was issued`];
}

function describeWrite(w: WriteRecord): string {
  const what = w.kind === 'put' ? `put ${w.value}` : 'delete';
  return `op#${w.id} ${what} (ts ${w.timestamp}, ${w.level} via ${w.coordinator}, steps ${w.issuedStep}-${w.answeredStep})`;
}

function isQuorumOrMore(level: string): boolean {
  return level === 'QUORUM' || level === 'ALL' || level === 'EACH_QUORUM';
}
