/** Every example runs as a user would run it (built JavaScript, its own process) and succeeds. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/lib/package-root.js';

const built = path.join(packageRoot(), 'dist', 'examples');
const examples = fs.readdirSync(path.join(packageRoot(), 'examples')).filter((f) => /^\d+-.*\.ts$/.test(f));

describe('examples', () => {
  for (const example of examples) {
    it(`${example} runs and checks its own result`, () => {
      const run = spawnSync(process.execPath, [path.join(built, example.replace(/\.ts$/, '.js'))], { encoding: 'utf8', timeout: 150_000 });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    }, 160_000);
  }
});
