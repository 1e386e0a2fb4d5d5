/**
 * What the executor hands its storage proxy for a batch: every write of one partition as one
 * mutation (one commit-log record, so a single-partition batch is atomic and isolated), plain
 * INSERTs of distinct partitions still through the row batch writer. The proxy here records the
 * calls and passes each to a real engine (executor-on-engine.ts), which applies it; the rows read
 * back are checked too.
 */

import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WriteMutation } from '../../../src/storage/storage-engine.js';
import { useExecutorOnEngine, type ProxyCall } from './executor-on-engine.js';

const s = useExecutorOnEngine();
const execute = (cql: string): Promise<unknown[][]> => s.execute(cql);
const tableId = (name: string): number => s.tableId(name);

/** The writes recorded, as what a reader of the commit log would see: per call, its partitions. */
function writesOf(calls: readonly ProxyCall[]): Array<{ kind: string; table: number; keys: string[] } | { kind: string; table: number; rows: number }> {
  return calls.map((call) =>
    call.kind === 'writeRows'
      ? { kind: call.kind, table: call.tableId, rows: call.rows }
      : { kind: call.kind, table: call.mutations[0]!.tableId, keys: call.mutations.map((m) => Buffer.from(m.key).toString('hex')) },
  );
}

const KEY_1 = '00000001';
const KEY_2 = '00000002';

beforeAll(async () => {
  await execute('CREATE TABLE t (k int, c int, v text, s int static, PRIMARY KEY (k, c))');
  await execute('CREATE TABLE u (k int PRIMARY KEY, v text)');
  await execute('CREATE TABLE n (k int PRIMARY KEY, c counter)');
});

beforeEach(() => {
  s.proxy.calls = [];
});

describe('the writes of one partition in a batch', () => {
  it('a plain INSERT with an UPDATE, a DELETE and a static write of its partition: one call, one mutation', async () => {
    await execute("INSERT INTO t (k, c, v) VALUES (1, 3, 'gone')");
    s.proxy.calls = [];
    await execute(
      "BEGIN BATCH INSERT INTO t (k, c, v) VALUES (1, 1, 'a'); UPDATE t SET v = 'b' WHERE k = 1 AND c = 2; DELETE FROM t WHERE k = 1 AND c = 3; UPDATE t SET s = 7 WHERE k = 1; APPLY BATCH",
    );
    expect(writesOf(s.proxy.calls)).toEqual([{ kind: 'write', table: tableId('t'), keys: [KEY_1] }]);
    const [mutation] = (s.proxy.calls[0] as { mutations: readonly WriteMutation[] }).mutations;
    expect(mutation!.rows.map((row) => row.clustering.length > 0)).toEqual([true, true, true]);
    expect(mutation!.staticRow).not.toBeNull();
    expect(await execute('SELECT c, v, s FROM t WHERE k = 1')).toEqual([
      [1, 'a', 7],
      [2, 'b', 7],
    ]);
  });

  it('two plain INSERTs of one partition, logged or not: one mutation', async () => {
    for (const kind of ['', 'UNLOGGED ']) {
      s.proxy.calls = [];
      await execute(`BEGIN ${kind}BATCH INSERT INTO t (k, c, v) VALUES (2, 1, 'x'); INSERT INTO t (k, c, v) VALUES (2, 2, 'y'); APPLY BATCH`);
      expect(writesOf(s.proxy.calls)).toEqual([{ kind: 'write', table: tableId('t'), keys: ['00000002'] }]);
    }
    expect(await execute('SELECT c, v FROM t WHERE k = 2')).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
  });

  it('an unlogged batch over two partitions: each partition one mutation, plain rows of a partition alone by the row writer', async () => {
    await execute("BEGIN UNLOGGED BATCH INSERT INTO u (k, v) VALUES (1, 'p'); UPDATE u SET v = 'q' WHERE k = 2; DELETE v FROM u WHERE k = 2; INSERT INTO u (k, v) VALUES (3, 'r'); APPLY BATCH");
    const writes = writesOf(s.proxy.calls);
    expect(writes).toContainEqual({ kind: 'write', table: tableId('u'), keys: [KEY_2] });
    expect(writes).toContainEqual({ kind: 'writeRows', table: tableId('u'), rows: 2 });
    expect(writes).toHaveLength(2);
    expect((await execute('SELECT k, v FROM u')).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [1, 'p'],
      [3, 'r'],
    ]);
  });

  it('a counter batch incrementing one counter twice: one mutation holding the sum', async () => {
    await execute('BEGIN COUNTER BATCH UPDATE n SET c = c + 2 WHERE k = 1; UPDATE n SET c = c + 3 WHERE k = 1; UPDATE n SET c = c + 1 WHERE k = 2; APPLY BATCH');
    expect(writesOf(s.proxy.calls)).toEqual([{ kind: 'write', table: tableId('n'), keys: [KEY_1, KEY_2] }]);
    expect((await execute('SELECT k, c FROM n')).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [1, '5'],
      [2, '1'],
    ]);
  });

  it('a logged batch over two partitions: its applied writes hold one mutation per partition', async () => {
    await execute("BEGIN BATCH INSERT INTO u (k, v) VALUES (5, 'a'); UPDATE u SET v = 'b' WHERE k = 5; INSERT INTO u (k, v) VALUES (6, 'c'); UPDATE u SET v = 'd' WHERE k = 6; APPLY BATCH");
    const applied = writesOf(s.proxy.calls).filter((w) => w.table === tableId('u'));
    expect(applied).toEqual([{ kind: 'write', table: tableId('u'), keys: ['00000005', '00000006'] }]);
    expect((await execute('SELECT k, v FROM u WHERE k IN (5, 6)')).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [5, 'b'],
      [6, 'd'],
    ]);
  });

  it('a plain INSERT alone still goes by the row batch writer', async () => {
    await execute("INSERT INTO u (k, v) VALUES (9, 'z')");
    expect(writesOf(s.proxy.calls)).toEqual([{ kind: 'writeRows', table: tableId('u'), rows: 1 }]);
  });
});
