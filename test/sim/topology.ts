/**
 * Where a simulated run's nodes stand and how its keyspace is replicated, drawn from the seed:
 *
 *   simple  (7 seeds in 10)  3-5 nodes in datacenter1/rack1; SimpleStrategy RF 3; writes at
 *                            QUORUM or ONE, reads at QUORUM (a few at ONE)
 *   nts     (3 seeds in 10)  dc1 with 2-3 nodes, dc2 with 2-3 (5 at most), each over 1-2
 *                            racks; NetworkTopologyStrategy with dc1: 2-3 and dc2: 1-2 (never
 *                            more than the datacenter's nodes); writes and reads at QUORUM,
 *                            LOCAL_QUORUM, EACH_QUORUM, ONE, LOCAL_ONE
 *
 * A node added later (bootstrap) goes into a datacenter drawn then, on the next rack round robin.
 */

import type { Random } from '../../src/lib/random.js';
import type { ReplicaCounts } from './level-overlap.js';
import type { LevelMix } from './workload.js';

export interface DatacenterPlan {
  readonly name: string;
  readonly nodes: number;
  readonly racks: number;
}

export interface SimTopology {
  readonly kind: 'simple' | 'nts';
  /** The initial nodes per datacenter, in slot order. */
  readonly datacenters: readonly DatacenterPlan[];
  /** The keyspace's replication as a CQL map. */
  readonly replication: string;
  /** Replicas of each partition per datacenter (SimpleStrategy: its factor in the one datacenter). */
  readonly replicas: ReplicaCounts;
  readonly writeLevels: LevelMix;
  readonly readLevels: LevelMix;
}

export interface TopologyOverrides {
  /** Nodes in one datacenter under SimpleStrategy (tests of the simulator itself). */
  readonly nodes?: number;
  readonly kind?: 'simple' | 'nts';
}

const SIMPLE_RF = 3;

export function drawTopology(random: Random, overrides: TopologyOverrides = {}): SimTopology {
  const nts = random.next() < 0.3;
  const kind = overrides.kind ?? (overrides.nodes !== undefined ? 'simple' : nts ? 'nts' : 'simple');
  if (kind === 'simple') {
    const nodes = overrides.nodes ?? 3 + random.int(3);
    return {
      kind,
      datacenters: [{ name: 'datacenter1', nodes, racks: 1 }],
      replication: `{'class': 'SimpleStrategy', 'replication_factor': ${SIMPLE_RF}}`,
      replicas: new Map([['datacenter1', SIMPLE_RF]]),
      writeLevels: [
        ['QUORUM', 0.7],
        ['ONE', 0.3],
      ],
      readLevels: [
        ['QUORUM', 0.9],
        ['ONE', 0.1],
      ],
    };
  }
  const dc1Nodes = 2 + random.int(2);
  const dc2Nodes = dc1Nodes === 3 ? 2 : 2 + random.int(2);
  const dc1 = { name: 'dc1', nodes: dc1Nodes, racks: 1 + random.int(2) };
  const dc2 = { name: 'dc2', nodes: dc2Nodes, racks: 1 + random.int(2) };
  const rf1 = Math.min(dc1.nodes, 2 + random.int(2));
  const rf2 = Math.min(dc2.nodes, 1 + random.int(2));
  return {
    kind,
    datacenters: [dc1, dc2],
    replication: `{'class': 'NetworkTopologyStrategy', 'dc1': ${rf1}, 'dc2': ${rf2}}`,
    replicas: new Map([
      ['dc1', rf1],
      ['dc2', rf2],
    ]),
    writeLevels: [
      ['QUORUM', 0.25],
      ['LOCAL_QUORUM', 0.3],
      ['EACH_QUORUM', 0.2],
      ['ONE', 0.15],
      ['LOCAL_ONE', 0.1],
    ],
    readLevels: [
      ['QUORUM', 0.3],
      ['LOCAL_QUORUM', 0.35],
      ['EACH_QUORUM', 0.2],
      ['ONE', 0.05],
      ['LOCAL_ONE', 0.1],
    ],
  };
}

/** The replication factor token allocation balances for in `datacenter`. */
export function localReplicationFactor(topology: SimTopology, datacenter: string): number {
  return Math.max(1, topology.replicas.get(datacenter) ?? 1);
}
