/**
 * The REPL's history file: one entry a line, oldest first (as cqlsh's readline writes
 * ~/.cassandra/cqlsh_history). `SIBYL_HISTORY` names another file; node:readline keeps the list
 * newest first, so it is reversed on the way in and out.
 */

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Entries kept, in memory and on disk. */
export const HISTORY_SIZE_MAX = 1000;

export function historyFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env['SIBYL_HISTORY'] ?? path.join(os.homedir(), '.sibyl_history');
}

/** Newest first, as readline's `history` option wants; empty when there is no file yet. */
export async function loadHistory(file: string): Promise<string[]> {
  try {
    const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
    return lines.slice(-HISTORY_SIZE_MAX).reverse();
  } catch {
    return []; // no history yet, or unreadable: the shell works without it, as cqlsh does
  }
}

/** Writes readline's list (newest first) oldest first. */
export async function saveHistory(file: string, newestFirst: readonly string[]): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${[...newestFirst].slice(0, HISTORY_SIZE_MAX).reverse().join('\n')}\n`, { mode: 0o600 });
  } catch {
    // History is a convenience: a read-only home must not break the shell (cqlsh ignores IOError too).
  }
}
