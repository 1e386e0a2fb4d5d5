/**
 * Kill -9 during a heavy ingest, at many seeded random points: after each restart every write
 * acknowledged under batch or group sync is there, whole (no row half-applied). 2 x 25 kills
 * here; `npm run soak:kill` runs many more.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKillRounds } from '../../fixtures/kill-rounds.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-kill-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('kill -9 during ingest', () => {
  for (const [syncMode, seed] of [['batch', 11], ['group', 12]] as const) {
    it(`loses no acknowledged write under ${syncMode} sync (25 kills)`, async () => {
      const result = await runKillRounds({
        dataDirectory: path.join(root, syncMode),
        syncMode,
        rounds: 25,
        seed,
        killAfterMsMax: 600,
      });
      expect(result.failure).toBeNull();
      expect(result.kills).toBe(25);
      expect(result.ackedBatches).toBeGreaterThan(25);
      expect(result.verifiedRows).toBe(result.ackedBatches * 50);
    }, 300_000);
  }
});
