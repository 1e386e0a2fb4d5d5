/** `sibyl stress` run as a user runs it: the built CLI (dist/) in its own process, output collected. */

import { spawn } from 'node:child_process';
import path from 'node:path';

const MAIN = path.resolve('dist/src/cli/main.js');

export interface StressRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

export function runStressCli(args: readonly string[], cwd?: string): Promise<StressRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, 'stress', ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...(cwd === undefined ? {} : { cwd }) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ stdout, stderr, status }));
  });
}
