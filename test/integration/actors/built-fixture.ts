/**
 * Paths of the built JS that actor integration tests start workers from (ADR 0001): run
 * `npm run build` (npm test does it in pretest) before these tests.
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const probeKindsModule = path.join(root, 'dist', 'test', 'fixtures', 'actors', 'probe-kinds.js');
const workerScript = path.join(root, 'dist', 'workers', 'actor-host.worker.js');

export function assertBuilt(): void {
  for (const file of [probeKindsModule, workerScript]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
}
