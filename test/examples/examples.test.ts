/**
 * Every example runs as a user would run it (built JavaScript, its own process) and succeeds:
 * the flat examples/NN-name.ts files and the use-case folders examples/<name>/main.ts. They
 * run as `npm run examples` (vitest.examples.config.ts), beside `npm test` in CI, so the
 * suite keeps its time budget.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/lib/package-root.js';

const sources = path.join(packageRoot(), 'examples');
const built = path.join(packageRoot(), 'dist', 'examples');
const examples = fs
  .readdirSync(sources, { withFileTypes: true })
  .flatMap((entry) => {
    if (entry.isFile() && /^\d+-.*\.ts$/.test(entry.name)) return [entry.name.replace(/\.ts$/, '.js')];
    if (entry.isDirectory() && fs.existsSync(path.join(sources, entry.name, 'main.ts'))) return [path.join(entry.name, 'main.js')];
    return [];
  })
  .sort();

describe('examples', () => {
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const example of examples) {
    it(`${example} runs and checks its own result`, () => {
      const run = spawnSync(process.execPath, [path.join(built, example)], { encoding: 'utf8', timeout: 280_000 });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    }, 300_000);
  }
});
