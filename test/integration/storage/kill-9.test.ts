/**
 * Kill -9 during a heavy ingest, at many seeded random points: after each restart every write
 * acknowledged under batch or group sync is there, whole (no row half-applied). 2 x 25 kills
 * here; `npm run soak:kill` runs many more.
 *
 * Periodic sync may lose up to one sync window on a power failure, because the fsync lags.
 * A killed process is not a power failure: every acknowledged batch was already handed to the
 * kernel by write(2), so under kill -9 periodic sync must lose nothing either, and is held to
 * the same check.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKillRounds } from '../../fixtures/kill-rounds.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-kill-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('kill -9 during ingest', () => {
  for (const [syncMode, seed, rounds] of [['batch', 11, 25], ['group', 12, 25], ['periodic', 13, 8]] as const) {
    it(`loses no acknowledged write under ${syncMode} sync (${rounds} kills)`, async () => {
      const result = await runKillRounds({
        dataDirectory: path.join(root, syncMode),
        syncMode,
        rounds,
        seed,
        killAfterMsMax: 600,
      });
      expect(result.failure).toBeNull();
      expect(result.kills).toBe(rounds);
      expect(result.ackedBatches).toBeGreaterThan(rounds);
      expect(result.verifiedRows).toBe(result.ackedBatches * 50);
    }, 300_000);
  }
});
