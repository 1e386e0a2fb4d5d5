/**
 * Goal: the engine's threads run at the priorities docs/adr/0005, 0007 and 0008 give them, so
 * the embedding application's event loop wins the cores, flushes beat the write path they
 * unblock, and compaction takes only what is left.
 * Method: open an engine, flush and compact, then read each thread's nice value from
 * /proc/self/task (Linux; other systems skip).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_CLUSTERING } from '../../../src/storage/model/row.js';
import { StorageEngine } from '../../../src/storage/storage-engine.js';
import { defaultTableOptions } from '../../../src/storage/table-options.js';
import { mutation, row } from '../../helpers/rows.js';

const TABLE = 1;
let dir = '';
let engine: StorageEngine | null = null;

afterEach(async () => {
  await engine?.close();
  engine = null;
  if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
});

/** Nice value -> how many of this process's threads run at it. */
function threadsByNice(): Map<number, number> {
  const counts = new Map<number, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    // Fields after the parenthesized name: state is the first, nice the 17th.
    const nice = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    counts.set(nice, (counts.get(nice) ?? 0) + 1);
  }
  return counts;
}

describe.runIf(process.platform === 'linux')('thread priorities', () => {
  it('storage threads at nice 5, the flusher at 2, compaction at 19', async () => {
    const before = threadsByNice();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-priorities-'));
    engine = await StorageEngine.open({ dataDirectory: dir, tables: [defaultTableOptions(TABLE, 'ks.t')], threads: 2, vnodeCount: 4 });
    for (let i = 0; i < 4; i++) {
      await engine.write([mutation(TABLE, `key-${i}`, [row(EMPTY_CLUSTERING, { 0: `v${i}` }, BigInt(i + 1))])]);
      await engine.flush();
    }
    await engine.compact(); // the compaction threads stay up, idle, for a while after
    const after = threadsByNice();
    const added = (nice: number): number => (after.get(nice) ?? 0) - (before.get(nice) ?? 0);
    expect(added(5)).toBe(2);
    expect(added(2)).toBe(1);
    expect(added(19)).toBeGreaterThanOrEqual(1);
  });
});
