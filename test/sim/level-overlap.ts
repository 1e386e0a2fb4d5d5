/**
 * Which acknowledged writes a later read is owed, by consistency level: a write must show in a
 * read exactly when no set of replicas that could have acknowledged the write (as its level
 * allows) can be disjoint from a set that could have answered the read (as its level allows).
 * Replicas are counted per datacenter, with the keyspace's factors:
 *
 *   level          at least                                  (c: the coordinator's datacenter)
 *   ONE, TWO...    1, 2... replicas in all
 *   LOCAL_ONE      1 replica in c
 *   QUORUM         sum(RF) / 2 + 1 in all
 *   LOCAL_QUORUM   RF(c) / 2 + 1 in c
 *   EACH_QUORUM    RF(d) / 2 + 1 in every datacenter d
 *   ALL            RF(d) in every datacenter d
 *
 * So QUORUM and EACH_QUORUM owe each other (each counts more than half of all replicas), a
 * LOCAL_QUORUM write is owed only to a LOCAL_QUORUM read in its own datacenter or to an
 * EACH_QUORUM read (and the other way round), and ONE owes nothing to QUORUM. Pending replicas
 * (a node joining or leaving) do not change the answer: a write to them waits for one more
 * acknowledgement per pending replica (in its group), so once the range has moved the new
 * replicas still hold what the level promised (membership/pending-write.ts).
 *
 * The adversary's question, decided greedily: give each side its per-datacenter minimum; if a
 * datacenter cannot hold both, they meet. Otherwise each side still short of its total takes
 * from the spare replicas; they can stay apart iff the spare replicas cover both shortfalls.
 */

import type { ConsistencyLevel } from '../../src/cluster/consistency/consistency-level.js';

/** A consistency level as a client used it: through a coordinator in `datacenter`. */
export interface LevelAt {
  readonly level: ConsistencyLevel;
  readonly datacenter: string;
}

/** Replicas per datacenter (the keyspace's factors; SimpleStrategy as one datacenter). */
export type ReplicaCounts = ReadonlyMap<string, number>;

interface Need {
  readonly total: number;
  readonly perDatacenter: ReadonlyMap<string, number>;
}

/** Whether every write acknowledged at `write` must be seen by a read at `read` issued after it. */
export function mustOverlap(write: LevelAt, read: LevelAt, replicas: ReplicaCounts): boolean {
  const w = needOf(write, replicas);
  const r = needOf(read, replicas);
  let spare = 0;
  let wHas = 0;
  let rHas = 0;
  for (const [datacenter, count] of replicas) {
    const wMin = w.perDatacenter.get(datacenter) ?? 0;
    const rMin = r.perDatacenter.get(datacenter) ?? 0;
    if (wMin + rMin > count) return true;
    spare += count - wMin - rMin;
    wHas += wMin;
    rHas += rMin;
  }
  return Math.max(0, w.total - wHas) + Math.max(0, r.total - rHas) > spare;
}

/**
 * Whether replicas out of `lost` alone (a count per datacenter) can acknowledge a write at
 * this level: if they are lost for good (removenode, replace), the write may be lost with them.
 */
export function ackableBy(write: LevelAt, lost: ReadonlyMap<string, number>, replicas: ReplicaCounts): boolean {
  const need = needOf(write, replicas);
  const total = [...lost.values()].reduce((sum, n) => sum + n, 0);
  if (need.total > total) return false;
  for (const [dc, count] of need.perDatacenter) if (count > (lost.get(dc) ?? 0)) return false;
  return true;
}

function needOf({ level, datacenter }: LevelAt, replicas: ReplicaCounts): Need {
  const all = [...replicas.values()].reduce((sum, n) => sum + n, 0);
  const quorumOf = (n: number): number => Math.floor(n / 2) + 1;
  const each = (f: (n: number) => number): Map<string, number> => new Map([...replicas].map(([dc, n]) => [dc, n === 0 ? 0 : f(n)]));
  switch (level) {
    case 'ANY':
      return { total: 0, perDatacenter: new Map() }; // a hint may be all there is
    case 'ONE':
      return { total: 1, perDatacenter: new Map() };
    case 'TWO':
      return { total: 2, perDatacenter: new Map() };
    case 'THREE':
      return { total: 3, perDatacenter: new Map() };
    case 'QUORUM':
    case 'SERIAL':
      return { total: quorumOf(all), perDatacenter: new Map() };
    case 'ALL':
      return { total: all, perDatacenter: each((n) => n) };
    case 'LOCAL_ONE':
      return { total: 1, perDatacenter: new Map([[datacenter, 1]]) };
    case 'LOCAL_QUORUM':
    case 'LOCAL_SERIAL':
      return { total: 0, perDatacenter: new Map([[datacenter, quorumOf(replicas.get(datacenter) ?? 0)]]) };
    case 'EACH_QUORUM':
      return { total: 0, perDatacenter: each(quorumOf) };
  }
}
