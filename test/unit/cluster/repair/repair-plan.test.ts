/**
 * Which ranges a repair covers and with whom: every ring range a node replicates (or only those
 * it is the first replica of, with -pr), grouped by replica set, ranges replicated by the node
 * alone left out; and the node tool's arguments read as Cassandra's nodetool reads them.
 */

import { describe, expect, it } from 'vitest';
import { planRepairSessions } from '../../../../src/cluster/repair/repair-plan.js';
import { parseRepairArgs } from '../../../../src/cluster/repair/repair-options.js';
import { SimpleStrategy } from '../../../../src/cluster/replication/simple-strategy.js';
import type { TableMetadata } from '../../../../src/cql/schema/table-metadata.js';
import { endpoint, ringOf } from '../cluster-fixtures.js';

const a = endpoint('a');
const b = endpoint('b');
const c = endpoint('c');
const d = endpoint('d');
// Ring: a@10 b@20 c@30 d@40 a@50 b@60.
const ring = ringOf([
  [a, [10, 50]],
  [b, [20, 60]],
  [c, [30]],
  [d, [40]],
]);
const table = { keyspace: 'ks', name: 't', id: 100 } as TableMetadata;
const hosts = (session: { replicas: readonly { hostId: string }[] }): string[] => session.replicas.map((r) => r.hostId);
const spans = (session: { ranges: readonly { left: bigint; right: bigint }[] }): string[] => session.ranges.map((r) => `(${r.left},${r.right}]`);

describe('planRepairSessions', () => {
  it('covers every range the node replicates, one session per replica set, the node first', () => {
    const sessions = planRepairSessions(ring, a, [{ keyspace: 'ks', strategy: new SimpleStrategy(2), tables: [table] }], false);
    // RF 2: a replicates the ranges ending at its tokens (10, 50) and those whose next node it is
    // (40 -> d then a; 60 -> b then a, wrapping); (10,20] and (20,30] are b, c and c, d.
    expect(sessions.map((s) => [hosts(s), spans(s)])).toEqual([
      [['a', 'b'], ['(60,10]', '(40,50]', '(50,60]']],
      [['a', 'd'], ['(30,40]']],
    ]);
  });

  it('with -pr keeps only the ranges whose first replica the node is', () => {
    const sessions = planRepairSessions(ring, a, [{ keyspace: 'ks', strategy: new SimpleStrategy(3), tables: [table] }], true);
    expect(sessions.flatMap(spans).sort()).toEqual(['(40,50]', '(60,10]']);
    const all = planRepairSessions(ring, a, [{ keyspace: 'ks', strategy: new SimpleStrategy(3), tables: [table] }], false);
    expect(all.flatMap(spans)).toHaveLength(5); // every range but (10,20], whose replicas are b, c, d
  });

  it('skips ranges the node alone replicates, and keyspaces without tables', () => {
    expect(planRepairSessions(ring, a, [{ keyspace: 'ks', strategy: new SimpleStrategy(1), tables: [table] }], false)).toEqual([]);
    expect(planRepairSessions(ring, a, [{ keyspace: 'ks', strategy: new SimpleStrategy(3), tables: [] }], false)).toEqual([]);
  });
});

describe('parseRepairArgs', () => {
  it('reads [-pr] [-full] [keyspace [table ...]]', () => {
    expect(parseRepairArgs([])).toEqual({ primaryRangeOnly: false });
    expect(parseRepairArgs(['-pr', 'ks'])).toEqual({ keyspace: 'ks', primaryRangeOnly: true });
    expect(parseRepairArgs(['-full', 'ks', 't1', 't2'])).toEqual({ keyspace: 'ks', tables: ['t1', 't2'], primaryRangeOnly: false });
    expect(parseRepairArgs(['--partitioner-range'])).toEqual({ primaryRangeOnly: true });
    expect(() => parseRepairArgs(['-inc'])).toThrow(/unknown repair option -inc/);
  });
});
