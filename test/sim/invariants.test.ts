/**
 * The invariant checks on hand-written histories: each promise is broken once on purpose and
 * must be reported, and the legal outcomes next to it (an unacknowledged write seen or not, a
 * delete that explains a missing row, a ONE write not owed to a QUORUM read during the run, a
 * range delete that does not reach a row) must not be.
 */

import { describe, expect, it } from 'vitest';
import { History, type ReadRecord, type SimTable, type WriteRecord, type WriteTarget } from './history.js';
import { checkAfterRepair, checkReadsDuringRun, checkReplicasIdentical } from './invariants.js';

let nextStep = 0;

/** SimpleStrategy RF 3, as one datacenter; and two datacenters under NetworkTopologyStrategy. */
const SIMPLE = new Map([['dc1', 3]]);
const TWO_DCS = new Map([
  ['dc1', 3],
  ['dc2', 2],
]);

interface WriteSpec {
  readonly table?: SimTable;
  readonly level?: WriteRecord['level'];
  readonly target?: WriteTarget;
  readonly datacenter?: string;
  readonly ringEpoch?: number;
}

function write(kind: 'put' | 'delete', id: number, timestamp: bigint, outcome: WriteRecord['outcome'], spec: WriteSpec): WriteRecord {
  const issuedStep = ++nextStep;
  const target = spec.target ?? (kind === 'put' ? { kind: 'row', clustering: 0 } : { kind: 'partition' });
  return {
    kind,
    id,
    table: spec.table ?? 'kv',
    key: 1,
    target,
    value: kind === 'put' ? `v${id}` : null,
    timestamp,
    level: spec.level ?? 'QUORUM',
    coordinator: 'n1',
    datacenter: spec.datacenter ?? 'dc1',
    ringEpoch: spec.ringEpoch ?? 0,
    issuedStep,
    answeredStep: ++nextStep,
    outcome,
    error: null,
  };
}

const put = (id: number, ts: bigint, outcome: WriteRecord['outcome'], spec: WriteSpec = {}) => write('put', id, ts, outcome, spec);
const del = (id: number, ts: bigint, outcome: WriteRecord['outcome'], spec: WriteSpec = {}) => write('delete', id, ts, outcome, spec);

function read(id: number, rows: ReadonlyArray<readonly [number, string]>, table: SimTable = 'kv', at: { level?: ReadRecord['level']; datacenter?: string; ringEpoch?: number } = {}): ReadRecord {
  const issuedStep = ++nextStep;
  const level = at.level ?? 'QUORUM';
  const ringEpoch = at.ringEpoch ?? 0;
  return { kind: 'read', id, table, key: 1, level, coordinator: 'n2', datacenter: at.datacenter ?? 'dc1', ringEpoch, issuedStep, answeredStep: ++nextStep, outcome: 'ok', rows: new Map(rows), error: null };
}

function historyOf(...operations: Array<WriteRecord | ReadRecord>): History {
  const history = new History();
  for (const op of operations) history.add(op);
  return history;
}

describe('checkReadsDuringRun', () => {
  it('accepts a QUORUM read of the newest acknowledged QUORUM write, or of a newer unacknowledged one', () => {
    expect(checkReadsDuringRun(historyOf(put(1, 10n, 'ok'), read(2, [[0, 'v1']])), SIMPLE)).toEqual([]);
    expect(checkReadsDuringRun(historyOf(put(1, 10n, 'ok'), put(2, 20n, 'failed'), read(3, [[0, 'v2']])), SIMPLE)).toEqual([]);
    expect(checkReadsDuringRun(historyOf(put(1, 10n, 'ok'), put(2, 20n, 'lost'), read(3, [[0, 'v1']])), SIMPLE)).toEqual([]);
  });

  it('reports a QUORUM read older than an acknowledged QUORUM write', () => {
    const violations = checkReadsDuringRun(historyOf(put(1, 10n, 'ok'), put(2, 20n, 'ok'), read(3, [[0, 'v1']])), SIMPLE);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(/^quorum-read-sees-quorum-write: read op#3 .* returned v1 .* older than acknowledged op#2 put v2/);
  });

  it('does not owe a QUORUM read a write acknowledged at ONE', () => {
    expect(checkReadsDuringRun(historyOf(put(1, 10n, 'ok'), put(2, 20n, 'ok', { level: 'ONE' }), read(3, [[0, 'v1']])), SIMPLE)).toEqual([]);
  });

  it('does not owe a write through a newer ring to a read through an older one, and owes it the other way', () => {
    expect(checkReadsDuringRun(historyOf(put(1, 10n, 'ok', { ringEpoch: 2 }), read(2, [], 'kv', { ringEpoch: 1 })), SIMPLE)).toEqual([]);
    expect(checkReadsDuringRun(historyOf(put(1, 10n, 'ok', { ringEpoch: 1 }), read(2, [], 'kv', { ringEpoch: 2 })), SIMPLE)).toHaveLength(1);
  });

  it('reports a missing row after an acknowledged write, unless a newer delete was issued', () => {
    expect(checkReadsDuringRun(historyOf(put(1, 10n, 'ok'), read(2, [])), SIMPLE)[0]).toMatch(/found no row, but op#1 put v1/);
    expect(checkReadsDuringRun(historyOf(put(1, 10n, 'ok'), del(2, 20n, 'failed', { level: 'ONE' }), read(3, [])), SIMPLE)).toEqual([]);
    expect(checkReadsDuringRun(historyOf(put(1, 10n, 'ok'), del(2, 5n, 'ok'), read(3, [])), SIMPLE)).toHaveLength(1);
  });

  it('reports a value deleted by an acknowledged QUORUM delete', () => {
    expect(checkReadsDuringRun(historyOf(put(1, 10n, 'ok'), del(2, 20n, 'ok'), read(3, [[0, 'v1']])), SIMPLE)[0]).toMatch(/older than acknowledged op#2 delete partition/);
  });

  it('reports a value no client wrote, or one written only after the read answered', () => {
    expect(checkReadsDuringRun(historyOf(read(1, [[0, 'v99']])), SIMPLE)[0]).toMatch(/^no-phantom-value: .* returned v99/);
    const early = read(1, [[0, 'v2']]);
    expect(checkReadsDuringRun(historyOf(early, put(2, 10n, 'ok')), SIMPLE)[0]).toMatch(/^no-phantom-value/);
  });

  it('judges rows of a partition one by one: a range delete covers the rows from its bound on', () => {
    const rows = (c: number): WriteSpec => ({ table: 'rows', target: { kind: 'row', clustering: c } });
    const history = historyOf(put(1, 10n, 'ok', rows(1)), put(2, 11n, 'ok', rows(3)), del(3, 20n, 'ok', { table: 'rows', target: { kind: 'from', clustering: 2 } }));
    expect(checkReadsDuringRun(historyOf(...history.operations, read(4, [[1, 'v1']], 'rows')), SIMPLE)).toEqual([]);
    const resurrected = checkReadsDuringRun(historyOf(...history.operations, read(5, [[1, 'v1'], [3, 'v2']], 'rows')), SIMPLE);
    expect(resurrected).toEqual([expect.stringMatching(/rows key 1 row c=3 returned v2 .* older than acknowledged op#3 delete c>=2/)]);
    const lost = checkReadsDuringRun(historyOf(...history.operations, read(6, [], 'rows')), SIMPLE);
    expect(lost).toEqual([expect.stringMatching(/rows key 1 row c=1 found no row, but op#1 put v1/)]);
    // v7 was written to row 1: seen at row 2 it is a phantom there, and row 1 is missing it.
    const moved = checkReadsDuringRun(historyOf(put(7, 10n, 'ok', rows(1)), read(8, [[2, 'v7']], 'rows')), SIMPLE);
    expect(moved).toContainEqual(expect.stringMatching(/^no-phantom-value: .* row c=2 returned v7/));
    expect(moved).toContainEqual(expect.stringMatching(/row c=1 found no row, but op#7 put v7/));
  });

  it('owes a LOCAL_QUORUM write only to LOCAL_QUORUM reads in its datacenter and to EACH_QUORUM reads', () => {
    const local = put(1, 10n, 'ok', { level: 'LOCAL_QUORUM', datacenter: 'dc2' });
    const stale = (level: ReadRecord['level'], datacenter: string) => checkReadsDuringRun(historyOf(local, read(2, [], 'kv', { level, datacenter })), TWO_DCS);
    expect(stale('LOCAL_QUORUM', 'dc2')[0]).toMatch(/read op#2 \(LOCAL_QUORUM via n2 in dc2.* found no row, but op#1 put v1/);
    expect(stale('EACH_QUORUM', 'dc1')).toHaveLength(1);
    expect(stale('LOCAL_QUORUM', 'dc1')).toEqual([]);
    expect(stale('QUORUM', 'dc2')).toEqual([]);
  });

  it('owes EACH_QUORUM and QUORUM writes to QUORUM and EACH_QUORUM reads, across datacenters', () => {
    for (const [w, r] of [['EACH_QUORUM', 'QUORUM'], ['QUORUM', 'EACH_QUORUM'], ['EACH_QUORUM', 'EACH_QUORUM']] as const) {
      const history = historyOf(put(1, 10n, 'ok', { level: w, datacenter: 'dc1' }), read(2, [], 'kv', { level: r, datacenter: 'dc2' }));
      expect(checkReadsDuringRun(history, TWO_DCS), `${w} then ${r}`).toHaveLength(1);
    }
    const quorumThenLocal = historyOf(put(1, 10n, 'ok', { level: 'QUORUM' }), read(2, [], 'kv', { level: 'LOCAL_QUORUM', datacenter: 'dc1' }));
    expect(checkReadsDuringRun(quorumThenLocal, TWO_DCS)).toEqual([]);
  });
});

describe('checkAfterRepair', () => {
  it('owes every acknowledged operation, at any level, to the read after repair', () => {
    const history = historyOf(put(1, 10n, 'ok'), put(2, 20n, 'ok', { level: 'ONE' }), del(3, 30n, 'ok', { level: 'ONE' }), put(4, 40n, 'failed'));
    const final = (rows: ReadonlyArray<readonly [number, string]>) => [{ table: 'kv' as const, key: 1, rows: new Map(rows), answeredStep: ++nextStep, describe: 'the read after repair' }];
    expect(checkAfterRepair(history, final([]))).toEqual([]);
    expect(checkAfterRepair(history, final([[0, 'v4']]))).toEqual([]);
    expect(checkAfterRepair(history, final([[0, 'v2']]))[0]).toMatch(/^no-resurrection-after-repair: .* returned v2 .* older than acknowledged op#3 delete/);
  });
});

describe('a replica lost for good (removenode, replace)', () => {
  const loss = (diedStep: number, removalStep: number) => ({ node: 'n3', datacenter: 'dc1', diedStep, removalStep, partitions: new Set(['kv:1']) });

  it('excuses, for reads after its removal began, writes issued before it died; not later writes nor earlier reads', () => {
    const w = put(1, 10n, 'ok');
    const died = ++nextStep;
    const early = read(2, []);
    const removal = ++nextStep;
    const late = read(3, []);
    const history = historyOf(w, early, late);
    expect(checkReadsDuringRun(history, SIMPLE, [loss(died, removal)])).toEqual([expect.stringMatching(/read op#2 .* found no row, but op#1/)]);
    const afterDeath = put(4, 20n, 'ok');
    const lateAgain = read(5, []);
    expect(checkReadsDuringRun(historyOf(w, afterDeath, lateAgain), SIMPLE, [loss(died, removal)])).toEqual([expect.stringMatching(/read op#5 .* found no row, but op#4/)]);
    expect(checkReadsDuringRun(historyOf(w, late), SIMPLE, [{ ...loss(died, removal), partitions: new Set(['kv:2']) }])).toHaveLength(1);
  });

  it('after repair, excuses a write one replica could acknowledge alone, issued before it died', () => {
    const one = put(1, 10n, 'ok', { level: 'ONE' });
    const quorum = put(2, 5n, 'ok');
    const died = ++nextStep;
    const final = (rows: ReadonlyArray<readonly [number, string]>) => [{ table: 'kv' as const, key: 1, rows: new Map(rows), answeredStep: ++nextStep, describe: 'the read after repair' }];
    const history = historyOf(quorum, one);
    expect(checkAfterRepair(history, final([[0, 'v2']]), SIMPLE, [loss(died, died + 1)])).toEqual([]);
    expect(checkAfterRepair(history, final([]), SIMPLE, [loss(died, died + 1)])[0]).toMatch(/found no row, but op#2 put v2/);
    expect(checkAfterRepair(history, final([[0, 'v2']]), SIMPLE)[0]).toMatch(/returned v2 .* older than acknowledged op#1/);
  });

  it('after repair, excuses a QUORUM write once two of its three replicas were lost after it', () => {
    const quorum = put(1, 10n, 'ok');
    const died = ++nextStep;
    const final = [{ table: 'kv' as const, key: 1, rows: new Map<number, string>(), answeredStep: ++nextStep, describe: 'the read after repair' }];
    expect(checkAfterRepair(historyOf(quorum), final, SIMPLE, [loss(died, died + 1)])).toHaveLength(1);
    expect(checkAfterRepair(historyOf(quorum), final, SIMPLE, [loss(died, died + 1), { ...loss(died + 2, died + 3), node: 'n1' }])).toEqual([]);
  });
});

describe('checkReplicasIdentical', () => {
  it('reports a partition whose replicas differ, and nothing when they agree', () => {
    const same = [{ host: 'a', digest: 'ff' }, { host: 'b', digest: 'ff' }];
    expect(checkReplicasIdentical([{ table: 'kv', key: 1, digests: same }])).toEqual([]);
    const differing = checkReplicasIdentical([{ table: 'rows', key: 2, digests: [...same, { host: 'c', digest: '00' }] }]);
    expect(differing).toEqual(['replicas-identical-after-repair: rows key 2 differs between replicas after repair: a=ff b=ff c=00']);
  });
});
