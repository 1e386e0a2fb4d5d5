/**
 * Consistency levels as Cassandra's ConsistencyLevel.java: protocol codes, blockFor, and
 * whether the live replicas suffice, for every level on SimpleStrategy (RF=3) and on
 * NetworkTopologyStrategy (dc1: 3, dc2: 2, local datacenter dc1).
 */

import { describe, expect, it } from 'vitest';
import {
  CONSISTENCY_LEVELS,
  assureSufficientLiveNodes,
  blockFor,
  blockForWrite,
  consistencyLevelCode,
  consistencyLevelFromCode,
  consistencyLevelFromName,
  isSufficientLiveNodes,
  validateCounterForWrite,
  validateForCas,
  validateForCasCommit,
  validateForRead,
  validateForWrite,
  type ConsistencyLevel,
} from '../../../../src/cluster/consistency/consistency-level.js';
import { UnavailableError } from '../../../../src/cluster/consistency/unavailable-error.js';
import { NetworkTopologyStrategy } from '../../../../src/cluster/replication/network-topology-strategy.js';
import { SimpleStrategy } from '../../../../src/cluster/replication/simple-strategy.js';
import type { Endpoint } from '../../../../src/cluster/ring/endpoint.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';
import { endpoint } from '../cluster-fixtures.js';

const simple = new SimpleStrategy(3);
const topology = new NetworkTopologyStrategy(new Map([['dc1', 3], ['dc2', 2]]));
const local = 'dc1';

const d1 = [endpoint('a', 'dc1'), endpoint('b', 'dc1'), endpoint('c', 'dc1')];
const d2 = [endpoint('x', 'dc2'), endpoint('y', 'dc2')];
const byHostId = (hostId: string): Endpoint => [...d1, ...d2].find((node) => node.hostId === hostId)!;

describe('consistency level codes', () => {
  it('uses the native protocol codes 0x0000..0x000A', () => {
    expect(CONSISTENCY_LEVELS).toEqual([
      'ANY', 'ONE', 'TWO', 'THREE', 'QUORUM', 'ALL', 'LOCAL_QUORUM', 'EACH_QUORUM', 'SERIAL', 'LOCAL_SERIAL', 'LOCAL_ONE',
    ]);
    CONSISTENCY_LEVELS.forEach((level, code) => {
      expect(consistencyLevelCode(level)).toBe(code);
      expect(consistencyLevelFromCode(code)).toBe(level);
    });
    expect(consistencyLevelFromCode(0x000b)).toBeUndefined();
    expect(consistencyLevelFromCode(-1)).toBeUndefined();
  });

  it('reads names in any case', () => {
    expect(consistencyLevelFromName('local_quorum')).toBe('LOCAL_QUORUM');
    expect(consistencyLevelFromName('Quorum')).toBe('QUORUM');
    expect(consistencyLevelFromName('MOST')).toBeUndefined();
    expect(consistencyLevelFromName('toString')).toBeUndefined();
  });
});

describe('blockFor', () => {
  const expected: ReadonlyArray<readonly [ConsistencyLevel, number, number]> = [
    // level, SimpleStrategy RF=3, NTS dc1:3 dc2:2 (RF 5) from dc1
    ['ANY', 1, 1],
    ['ONE', 1, 1],
    ['TWO', 2, 2],
    ['THREE', 3, 3],
    ['QUORUM', 2, 3],
    ['ALL', 3, 5],
    ['LOCAL_QUORUM', 2, 2],
    ['EACH_QUORUM', 2, 4],
    ['SERIAL', 2, 3],
    ['LOCAL_SERIAL', 2, 2],
    ['LOCAL_ONE', 1, 1],
  ];
  it.each(expected)('%s blocks for %i (SimpleStrategy) and %i (NTS)', (level, forSimple, forTopology) => {
    expect(blockFor(level, simple, local)).toBe(forSimple);
    expect(blockFor(level, topology, local)).toBe(forTopology);
  });

  it('takes LOCAL_QUORUM from the coordinator datacenter', () => {
    expect(blockFor('LOCAL_QUORUM', topology, 'dc2')).toBe(2);
    expect(blockFor('LOCAL_QUORUM', topology, 'dc9')).toBe(1);
  });

  it('adds pending replicas to a write, only local ones for local levels', () => {
    const pending = [endpoint('p', 'dc1'), endpoint('q', 'dc2')];
    expect(blockForWrite('QUORUM', topology, local, pending)).toBe(5);
    expect(blockForWrite('LOCAL_QUORUM', topology, local, pending)).toBe(3);
    expect(blockForWrite('LOCAL_ONE', topology, local, pending)).toBe(2);
    expect(blockForWrite('ANY', topology, local, pending)).toBe(1);
    expect(blockForWrite('ALL', simple, local, [])).toBe(3);
  });
});

describe('isSufficientLiveNodes', () => {
  // Each row: level, live replicas, sufficient?
  const simpleCases: ReadonlyArray<readonly [ConsistencyLevel, readonly string[], boolean]> = [
    ['ANY', [], true],
    ['ONE', [], false],
    ['ONE', ['a'], true],
    ['TWO', ['a'], false],
    ['TWO', ['a', 'b'], true],
    ['THREE', ['a', 'b'], false],
    ['THREE', ['a', 'b', 'c'], true],
    ['QUORUM', ['a'], false],
    ['QUORUM', ['a', 'b'], true],
    ['ALL', ['a', 'b'], false],
    ['ALL', ['a', 'b', 'c'], true],
    ['SERIAL', ['a', 'b'], true],
    ['EACH_QUORUM', ['a', 'b'], true], // SimpleStrategy: plain QUORUM
    ['LOCAL_ONE', ['x'], false], // the only live replica is remote
    ['LOCAL_ONE', ['a'], true],
    ['LOCAL_QUORUM', ['a', 'x'], false], // quorum of RF 3, counted locally
    ['LOCAL_QUORUM', ['a', 'b'], true],
    ['LOCAL_SERIAL', ['a', 'x'], false],
  ];
  it.each(simpleCases)('SimpleStrategy RF=3: %s with %j live -> %s', (level, live, sufficient) => {
    expect(isSufficientLiveNodes(level, simple, live.map(byHostId), local)).toBe(sufficient);
  });

  const topologyCases: ReadonlyArray<readonly [ConsistencyLevel, readonly string[], boolean]> = [
    ['ANY', [], true],
    ['ONE', ['x'], true],
    ['TWO', ['a', 'x'], true],
    ['THREE', ['a', 'x'], false],
    ['QUORUM', ['a', 'x', 'y'], true], // 3 of 5, from any datacenter
    ['QUORUM', ['a', 'x'], false],
    ['ALL', ['a', 'b', 'c', 'x'], false],
    ['ALL', ['a', 'b', 'c', 'x', 'y'], true],
    ['LOCAL_QUORUM', ['a', 'x', 'y'], false], // 1 of the 2 needed in dc1
    ['LOCAL_QUORUM', ['a', 'b'], true],
    ['LOCAL_SERIAL', ['a', 'x', 'y'], false],
    ['LOCAL_SERIAL', ['b', 'c'], true],
    ['EACH_QUORUM', ['a', 'b', 'c', 'x'], false], // dc2 needs 2 of 2
    ['EACH_QUORUM', ['a', 'b', 'x', 'y'], true],
    ['SERIAL', ['a', 'x', 'y'], true],
    ['LOCAL_ONE', ['x', 'y'], false],
    ['LOCAL_ONE', ['c'], true],
  ];
  it.each(topologyCases)('NTS dc1:3 dc2:2: %s with %j live -> %s', (level, live, sufficient) => {
    expect(isSufficientLiveNodes(level, topology, live.map(byHostId), local)).toBe(sufficient);
  });
});

describe('assureSufficientLiveNodes', () => {
  it('throws Unavailable (0x1000) with the required and alive counts', () => {
    let error: unknown;
    try {
      assureSufficientLiveNodes('QUORUM', simple, [d1[0]!], local);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnavailableError);
    const unavailable = error as UnavailableError;
    expect(unavailable.code).toBe(0x1000);
    expect(unavailable.consistency).toBe('QUORUM');
    expect(unavailable.required).toBe(2);
    expect(unavailable.alive).toBe(1);
    expect(unavailable.message).toMatch(/^Cannot achieve consistency level QUORUM/);
  });

  it('names the datacenter that falls short for EACH_QUORUM', () => {
    expect(() => assureSufficientLiveNodes('EACH_QUORUM', topology, [...d1, d2[0]!], local)).toThrow(
      /EACH_QUORUM in DC dc2 \(required 2, alive 1\)/,
    );
  });

  it('counts only local replicas for the local levels', () => {
    expect(() => assureSufficientLiveNodes('LOCAL_ONE', topology, d2, local)).toThrow(/required 1, alive 0/);
    expect(() => assureSufficientLiveNodes('ONE', topology, d2, local)).not.toThrow();
  });
});

describe('validation', () => {
  it('refuses ANY for reads and SERIAL levels for plain writes', () => {
    expect(() => validateForRead('ANY')).toThrow(InvalidRequestError);
    expect(() => validateForRead('LOCAL_SERIAL')).not.toThrow();
    expect(() => validateForWrite('SERIAL')).toThrow(/conditional updates/);
    expect(() => validateForWrite('ANY')).not.toThrow();
  });

  it('checks conditional update levels', () => {
    expect(() => validateForCas('QUORUM')).toThrow(/SERIAL or LOCAL_SERIAL/);
    expect(() => validateForCas('LOCAL_SERIAL')).not.toThrow();
    expect(() => validateForCasCommit('EACH_QUORUM', simple)).toThrow(/not compatible with replication strategy/);
    expect(() => validateForCasCommit('EACH_QUORUM', topology)).not.toThrow();
    expect(() => validateForCasCommit('SERIAL', topology)).toThrow(/commit consistency/);
  });

  it('checks counter writes', () => {
    expect(() => validateCounterForWrite('ANY', 'hits')).toThrow(/counter table hits/);
    expect(() => validateCounterForWrite('SERIAL', 'hits')).toThrow(/non-serializable/);
    expect(() => validateCounterForWrite('QUORUM', 'hits')).not.toThrow();
  });
});
