/**
 * The long kill -9 soak: `npm run soak:kill -- [--rounds N] [--sync batch|group|periodic] [--seed S]`.
 * Prints one line per round with the running totals; exits non-zero on the first lost write.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runKillRounds } from '../fixtures/kill-rounds.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '200' },
    sync: { type: 'string', default: 'group' },
    seed: { type: 'string', default: String(Date.now() % 100_000) },
  },
});
const rounds = Number(values.rounds);
const syncMode = values.sync as 'batch' | 'group' | 'periodic';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-kill-soak-'));
const started = Date.now();
console.log(`kill -9 soak: ${rounds} rounds, ${syncMode} sync, seed ${values.seed} (replay: --seed ${values.seed})`);
const result = await runKillRounds({
  dataDirectory: path.join(root, 'data'),
  syncMode,
  rounds,
  seed: Number(values.seed),
  killAfterMsMax: 2000,
  onRound: (round, acked, verified) => {
    const elapsed = (Date.now() - started) / 1000;
    const eta = round > 0 ? ((rounds - round) * elapsed) / round : 0;
    process.stdout.write(`round ${round}/${rounds}  acked ${acked} batches  verified ${verified} rows  ETA ${eta.toFixed(0)} s\n`);
  },
});
fs.rmSync(root, { recursive: true, force: true });
if (result.failure !== null) {
  console.error(`FAILED: ${result.failure}`);
  process.exit(1);
}
console.log(`ok: ${result.kills} kills, ${result.ackedBatches} acknowledged batches, ${result.verifiedRows} rows verified`);
