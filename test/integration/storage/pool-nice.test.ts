/**
 * A flusher pool started from a thread at nice -6 (a process run under `nice -n -6`) gets its
 * +5: its thread lands on nice -1, which piscina's nice() binding took for an error, killing
 * the pool at start. Run as a child process at that priority (skipped where lowering nice is
 * not permitted).
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/lib/package-root.js';

const flusher = path.join(packageRoot(), 'dist', 'src', 'storage', 'flush', 'node-flusher.js');

function mayRaisePriority(): boolean {
  const before = os.getPriority(0);
  try {
    os.setPriority(0, before - 1);
    os.setPriority(0, before);
    return true;
  } catch {
    return false;
  }
}

describe('pools started from a thread at a negative nice', () => {
  it.skipIf(!mayRaisePriority())('start their threads whatever nice value the increment lands on', () => {
    const script = `
      import os from 'node:os';
      import { pathToFileURL } from 'node:url';
      os.setPriority(0, -6);
      const { NodeFlusher } = await import(pathToFileURL(${JSON.stringify(flusher)}).href);
      const pool = new NodeFlusher({ niceIncrement: 5 });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await pool.close();
      console.log('ok');
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('ok');
  });
});
