/**
 * The invariant checks on hand-written histories: each promise is broken once on purpose and
 * must be reported, and the legal outcomes next to it (an unacknowledged write seen or not, a
 * delete that explains a missing row, a ONE write not owed to a QUORUM read during the run)
 * must not be.
 */

import { describe, expect, it } from 'vitest';
import { History, type ReadRecord, type WriteRecord } from './history.js';
import { checkAfterRepair, checkReadsDuringRun, checkReplicasIdentical } from './invariants.js';

let nextStep = 0;

function put(id: number, timestamp: bigint, outcome: WriteRecord['outcome'], level: WriteRecord['level'] = 'QUORUM'): WriteRecord {
  const issuedStep = ++nextStep;
  return { kind: 'put', id, key: 1, value: `v${id}`, timestamp, level, coordinator: 'n1', issuedStep, answeredStep: ++nextStep, outcome, error: null };
}

function del(id: number, timestamp: bigint, outcome: WriteRecord['outcome'], level: WriteRecord['level'] = 'QUORUM'): WriteRecord {
  const issuedStep = ++nextStep;
  return { kind: 'delete', id, key: 1, value: null, timestamp, level, coordinator: 'n1', issuedStep, answeredStep: ++nextStep, outcome, error: null };
}

function read(id: number, value: string | null): ReadRecord {
  const issuedStep = ++nextStep;
  return { kind: 'read', id, key: 1, level: 'QUORUM', coordinator: 'n2', issuedStep, answeredStep: ++nextStep, outcome: 'ok', value, error: null };
}

function historyOf(...operations: Array<WriteRecord | ReadRecord>): History {
  const history = new History();
  history.operations.push(...operations);
  return history;
}

describe('checkReadsDuringRun', () => {
  it('accepts a QUORUM read of the newest acknowledged QUORUM write, or of a newer unacknowledged one', () => {
    expect(checkReadsDuringRun(historyOf(put(1, 10n, 'ok'), read(2, 'v1')))).toEqual([]);
    expect(checkReadsDuringRun(historyOf(put(1, 10n, 'ok'), put(2, 20n, 'failed'), read(3, 'v2')))).toEqual([]);
    expect(checkReadsDuringRun(historyOf(put(1, 10n, 'ok'), put(2, 20n, 'lost'), read(3, 'v1')))).toEqual([]);
  });

  it('reports a QUORUM read older than an acknowledged QUORUM write', () => {
    const violations = checkReadsDuringRun(historyOf(put(1, 10n, 'ok'), put(2, 20n, 'ok'), read(3, 'v1')));
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(/^quorum-read-sees-quorum-write: read op#3 .* returned v1 .* older than acknowledged op#2 put v2/);
  });

  it('does not owe a QUORUM read a write acknowledged at ONE', () => {
    expect(checkReadsDuringRun(historyOf(put(1, 10n, 'ok'), put(2, 20n, 'ok', 'ONE'), read(3, 'v1')))).toEqual([]);
  });

  it('reports a missing row after an acknowledged write, unless a newer delete was issued', () => {
    expect(checkReadsDuringRun(historyOf(put(1, 10n, 'ok'), read(2, null)))[0]).toMatch(/found no row, but op#1 put v1/);
    expect(checkReadsDuringRun(historyOf(put(1, 10n, 'ok'), del(2, 20n, 'failed', 'ONE'), read(3, null)))).toEqual([]);
    expect(checkReadsDuringRun(historyOf(put(1, 10n, 'ok'), del(2, 5n, 'ok'), read(3, null)))).toHaveLength(1);
  });

  it('reports a value deleted by an acknowledged QUORUM delete', () => {
    expect(checkReadsDuringRun(historyOf(put(1, 10n, 'ok'), del(2, 20n, 'ok'), read(3, 'v1')))[0]).toMatch(/older than acknowledged op#2 delete/);
  });

  it('reports a value no client wrote, or one written only after the read answered', () => {
    expect(checkReadsDuringRun(historyOf(read(1, 'v99')))[0]).toMatch(/^no-phantom-value: .* returned v99/);
    const early = read(1, 'v2');
    expect(checkReadsDuringRun(historyOf(early, put(2, 10n, 'ok')))[0]).toMatch(/^no-phantom-value/);
  });
});

describe('checkAfterRepair', () => {
  it('owes every acknowledged operation, at any level, to the read after repair', () => {
    const history = historyOf(put(1, 10n, 'ok'), put(2, 20n, 'ok', 'ONE'), del(3, 30n, 'ok', 'ONE'), put(4, 40n, 'failed'));
    expect(checkAfterRepair(history, new Map([[1, { value: null, step: ++nextStep, via: 'n1' }]]))).toEqual([]);
    expect(checkAfterRepair(history, new Map([[1, { value: 'v4', step: ++nextStep, via: 'n1' }]]))).toEqual([]);
    const resurrected = checkAfterRepair(history, new Map([[1, { value: 'v2', step: ++nextStep, via: 'n1' }]]));
    expect(resurrected[0]).toMatch(/^no-resurrection-after-repair: .* returned v2 .* older than acknowledged op#3 delete/);
  });
});

describe('checkReplicasIdentical', () => {
  it('reports a partition whose replicas differ, and nothing when they agree', () => {
    const same = [{ host: 'a', digest: 'ff' }, { host: 'b', digest: 'ff' }];
    expect(checkReplicasIdentical([{ key: 1, digests: same }])).toEqual([]);
    const differing = checkReplicasIdentical([{ key: 2, digests: [...same, { host: 'c', digest: '00' }] }]);
    expect(differing).toEqual(['replicas-identical-after-repair: key 2 differs between replicas after repair: a=ff b=ff c=00']);
  });
});
