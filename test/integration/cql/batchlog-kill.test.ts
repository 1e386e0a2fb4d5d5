/**
 * Kill -9 while logged batches run over partitions on both storage threads, at seeded random
 * moments: after every restart each batch is all or nothing on every partition set, and no
 * acknowledged batch is lost. Without the batchlog, a kill between the two threads' commit-log
 * appends leaves a batch torn (the child reports "BAD set ... is torn").
 *
 * The child runs from dist/: build first (npx tsc -p tsconfig.build.json).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBatchlogKillRounds } from '../../fixtures/batchlog-kill-rounds.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-batchlog-kill-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('kill -9 during logged batches', () => {
  it('leaves every logged batch all or nothing (5 kills)', async () => {
    const result = await runBatchlogKillRounds({ dataDirectory: path.join(root, 'data'), rounds: 5, seed: 21, killAfterMsMax: 1000 });
    expect(result.failure).toBeNull();
    expect(result.kills).toBe(5);
    expect(result.ackedBatches).toBeGreaterThan(5);
  }, 120_000);
});
