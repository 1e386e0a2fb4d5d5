/**
 * A mutation that carries nothing (no deletion, no row, no static row) is accepted and reads
 * back as absent, before and after its commit log replays it into a memtable that is then
 * flushed: the flushed SSTable holds the empty partition, and its plain read path (stored bytes
 * handed on without decoding) answered it as an empty partition instead of "absent".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { StorageEngine, type WriteMutation } from '../../../src/storage/storage-engine.js';
import { defaultTableOptions } from '../../../src/storage/table-options.js';
import { EncodedBatchBuilder } from '../../../src/storage/vnode/encoded-batch.js';

const TABLE = 1;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-empty-update-'));
const engines: StorageEngine[] = [];
afterAll(async () => {
  for (const engine of engines) await engine.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const open = async (name: string): Promise<StorageEngine> => {
  const engine = await StorageEngine.open({ dataDirectory: path.join(root, name), tables: [defaultTableOptions(TABLE, 'ks.t')], threads: 2, vnodeCount: 4, commitLogSync: 'group', commitLogSyncPeriodMs: 5 });
  engines.push(engine);
  return engine;
};

it('reads an empty update back as absent, written either way, before and after replay', async () => {
  const key = new TextEncoder().encode('nothing');
  const empty: WriteMutation = { tableId: TABLE, key, deletion: null, rangeTombstones: [], staticRow: null, rows: [] };
  const viaWrite = await open('write');
  const viaEncoded = await open('encoded');
  await viaWrite.write([empty]);
  const builder = new EncodedBatchBuilder();
  builder.add(empty);
  await viaEncoded.writeEncodedBatch(builder.finish());
  for (const engine of [viaWrite, viaEncoded]) {
    expect([await engine.read(TABLE, key), await engine.readUnfiltered(TABLE, key)]).toEqual([null, null]);
    await engine.crashThreadForTesting(0);
    await engine.crashThreadForTesting(1);
    await engine.awaitRecovery();
    await engine.flush();
    expect([await engine.read(TABLE, key), await engine.readUnfiltered(TABLE, key)]).toEqual([null, null]);
  }
}, 60_000);
