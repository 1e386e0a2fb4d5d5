/**
 * Consistency levels (Cassandra's db/ConsistencyLevel.java, 3.x/4.0 semantics): the native
 * protocol codes, how many replica answers a request blocks for, and whether enough replicas
 * are alive to try it.
 *
 *   level         blocks for (RF = sum of factors; local = the coordinator's datacenter)
 *   ANY           1 (a hint will do: always sufficient)
 *   ONE/TWO/THREE 1 / 2 / 3
 *   QUORUM        RF / 2 + 1                    SERIAL: the same, for Paxos
 *   ALL           RF
 *   LOCAL_QUORUM  RF(local) / 2 + 1 under NetworkTopologyStrategy, else QUORUM
 *   LOCAL_SERIAL  as LOCAL_QUORUM, for Paxos
 *   EACH_QUORUM   the sum over datacenters of RF(dc) / 2 + 1 (NTS), else QUORUM
 *   LOCAL_ONE     1, from the local datacenter
 *
 * Liveness counts only the replicas that can answer for the level: LOCAL_ONE, LOCAL_QUORUM and
 * LOCAL_SERIAL count live replicas of the local datacenter, EACH_QUORUM needs a quorum alive in
 * every datacenter of the keyspace, the others count every live replica. One deliberate
 * difference from ConsistencyLevel.java: Cassandra's enum does not mark LOCAL_SERIAL as
 * datacenter-local, because its Paxos code filters the participants to the local datacenter
 * before counting; here the level itself does it, so a caller cannot forget.
 *
 * Datacenters with factor 0 take no part (NetworkTopologyStrategy.datacenters() omits them).
 * NODE_LOCAL (code 0x000B, Cassandra 4.0's internal level) is not supported.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import { assertNever } from '../../lib/assert.js';
import type { Endpoint } from '../ring/endpoint.js';
import type { ReplicationStrategy } from '../replication/replication-strategy.js';
import { UnavailableError } from './unavailable-error.js';

/** Native protocol [consistency] codes (protocol v4 spec, section 3). */
const CODES = {
  ANY: 0x0000,
  ONE: 0x0001,
  TWO: 0x0002,
  THREE: 0x0003,
  QUORUM: 0x0004,
  ALL: 0x0005,
  LOCAL_QUORUM: 0x0006,
  EACH_QUORUM: 0x0007,
  SERIAL: 0x0008,
  LOCAL_SERIAL: 0x0009,
  LOCAL_ONE: 0x000a,
} as const;

export type ConsistencyLevel = keyof typeof CODES;

/** Every level, in code order. */
export const CONSISTENCY_LEVELS: readonly ConsistencyLevel[] = Object.freeze(
  (Object.keys(CODES) as ConsistencyLevel[]).sort((a, b) => CODES[a] - CODES[b]),
);

export function consistencyLevelCode(level: ConsistencyLevel): number {
  return CODES[level];
}

/** Levels indexed by code (read on every request). */
const LEVEL_BY_CODE: ReadonlyArray<ConsistencyLevel | undefined> = CONSISTENCY_LEVELS.reduce<(ConsistencyLevel | undefined)[]>((byCode, level) => {
  byCode[CODES[level]] = level;
  return byCode;
}, []);

/** The level of a protocol code; undefined for an unknown code (a protocol error to the caller). */
export function consistencyLevelFromCode(code: number): ConsistencyLevel | undefined {
  return LEVEL_BY_CODE[code];
}

/** The level of a name in any case ('quorum', 'LOCAL_ONE'); undefined for an unknown name. */
export function consistencyLevelFromName(name: string): ConsistencyLevel | undefined {
  const upper = name.toUpperCase();
  return Object.hasOwn(CODES, upper) ? (upper as ConsistencyLevel) : undefined;
}

/** Whether only the coordinator's datacenter counts (see the header about LOCAL_SERIAL). */
export function isDatacenterLocal(level: ConsistencyLevel): boolean {
  return level === 'LOCAL_ONE' || level === 'LOCAL_QUORUM' || level === 'LOCAL_SERIAL';
}

export function isSerialConsistency(level: ConsistencyLevel): boolean {
  return level === 'SERIAL' || level === 'LOCAL_SERIAL';
}

export function quorumFor(strategy: ReplicationStrategy): number {
  return Math.floor(strategy.replicationFactor() / 2) + 1;
}

/** A quorum of one datacenter's replicas; QUORUM of all when the strategy has no datacenters. */
export function localQuorumFor(strategy: ReplicationStrategy, datacenter: string): number {
  if (strategy.kind !== 'NetworkTopologyStrategy') return quorumFor(strategy);
  return Math.floor(strategy.replicationFactorIn(datacenter) / 2) + 1;
}

/** How many replica answers a request at `level` waits for (ConsistencyLevel.blockFor). */
export function blockFor(level: ConsistencyLevel, strategy: ReplicationStrategy, localDatacenter: string): number {
  switch (level) {
    case 'ANY':
    case 'ONE':
    case 'LOCAL_ONE':
      return 1;
    case 'TWO':
      return 2;
    case 'THREE':
      return 3;
    case 'QUORUM':
    case 'SERIAL':
      return quorumFor(strategy);
    case 'ALL':
      return strategy.replicationFactor();
    case 'LOCAL_QUORUM':
    case 'LOCAL_SERIAL':
      return localQuorumFor(strategy, localDatacenter);
    case 'EACH_QUORUM': {
      if (strategy.kind !== 'NetworkTopologyStrategy') return quorumFor(strategy);
      let total = 0;
      for (const datacenter of strategy.datacenters()) total += localQuorumFor(strategy, datacenter);
      return total;
    }
    default:
      return assertNever(level, 'consistency level');
  }
}

/**
 * Answers a write waits for when `pending` replicas (nodes about to own the range) also get
 * it: each pending replica raises the bar by one, counting only local ones for the local levels,
 * so a range moving mid-write still ends with `blockFor` acknowledged owners
 * (ConsistencyLevel.blockForWrite).
 */
export function blockForWrite(
  level: ConsistencyLevel,
  strategy: ReplicationStrategy,
  localDatacenter: string,
  pending: readonly Endpoint[],
): number {
  const base = blockFor(level, strategy, localDatacenter);
  if (level === 'ANY') return base;
  if (isDatacenterLocal(level)) return base + countIn(pending, localDatacenter);
  return base + pending.length;
}

/** Whether enough of `liveReplicas` are alive to try the request (isSufficientLiveNodes). */
export function isSufficientLiveNodes(
  level: ConsistencyLevel,
  strategy: ReplicationStrategy,
  liveReplicas: readonly Endpoint[],
  localDatacenter: string,
): boolean {
  return findShortfall(level, strategy, liveReplicas, localDatacenter) === undefined;
}

/** Throws UnavailableError when isSufficientLiveNodes is false (assureSufficientLiveNodes). */
export function assureSufficientLiveNodes(
  level: ConsistencyLevel,
  strategy: ReplicationStrategy,
  liveReplicas: readonly Endpoint[],
  localDatacenter: string,
): void {
  const shortfall = findShortfall(level, strategy, liveReplicas, localDatacenter);
  if (shortfall !== undefined) {
    throw new UnavailableError(level, shortfall.required, shortfall.alive, shortfall.datacenter);
  }
}

interface Shortfall {
  readonly required: number;
  readonly alive: number;
  readonly datacenter?: string;
}

function findShortfall(
  level: ConsistencyLevel,
  strategy: ReplicationStrategy,
  liveReplicas: readonly Endpoint[],
  localDatacenter: string,
): Shortfall | undefined {
  // ANY: the coordinator can always store a hint, and it is alive.
  if (level === 'ANY') return undefined;
  if (level === 'EACH_QUORUM' && strategy.kind === 'NetworkTopologyStrategy') {
    for (const datacenter of strategy.datacenters()) {
      const required = localQuorumFor(strategy, datacenter);
      const alive = countIn(liveReplicas, datacenter);
      if (alive < required) return { required, alive, datacenter };
    }
    return undefined;
  }
  const required = blockFor(level, strategy, localDatacenter);
  const alive = isDatacenterLocal(level) ? countIn(liveReplicas, localDatacenter) : liveReplicas.length;
  return alive < required ? { required, alive } : undefined;
}

/** ANY is for writes only (validateForRead). */
export function validateForRead(level: ConsistencyLevel): void {
  if (level === 'ANY') throw new InvalidRequestError('ANY ConsistencyLevel is only supported for writes');
}

/** SERIAL levels are for conditional updates only (validateForWrite). */
export function validateForWrite(level: ConsistencyLevel): void {
  if (isSerialConsistency(level)) {
    throw new InvalidRequestError('You must use conditional updates for serializable writes');
  }
}

/** The serial consistency of a conditional update (validateForCas). */
export function validateForCas(level: ConsistencyLevel): void {
  if (!isSerialConsistency(level)) {
    throw new InvalidRequestError('Invalid consistency for conditional update. Must be one of SERIAL or LOCAL_SERIAL');
  }
}

/** The commit consistency of a conditional update (validateForCasCommit). */
export function validateForCasCommit(level: ConsistencyLevel, strategy: ReplicationStrategy): void {
  if (level === 'EACH_QUORUM' && strategy.kind !== 'NetworkTopologyStrategy') {
    throw new InvalidRequestError(
      `consistency level ${level} not compatible with replication strategy (org.apache.cassandra.locator.${strategy.kind})`,
    );
  }
  if (isSerialConsistency(level)) {
    throw new InvalidRequestError(
      `${level} is not supported as conditional update commit consistency. Use ANY if you mean ` +
        `"make sure it is accepted but I don't care how many replicas commit it for non-SERIAL reads"`,
    );
  }
}

/** Counter writes need real replicas and cannot be serial (validateCounterForWrite). */
export function validateCounterForWrite(level: ConsistencyLevel, table: string): void {
  if (level === 'ANY') {
    throw new InvalidRequestError(`Consistency level ANY is not yet supported for counter table ${table}`);
  }
  if (isSerialConsistency(level)) throw new InvalidRequestError('Counter operations are inherently non-serializable');
}

export function countIn(endpoints: readonly Endpoint[], datacenter: string): number {
  let count = 0;
  for (const endpoint of endpoints) if (endpoint.datacenter === datacenter) count++;
  return count;
}
