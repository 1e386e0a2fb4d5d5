/**
 * Finds the package's root folder (the one holding package.json) from any module inside it,
 * so code running from src/ under vitest and from dist/src/ both find the built workers in
 * dist/ (ADR 0001).
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

export function packageRoot(): string {
  if (cached !== null) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('sibyl: package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  cached = dir;
  return dir;
}

/** Absolute path of a built worker entry, e.g. builtWorker('flush') -> dist/workers/flush.worker.js. */
export function builtWorker(name: string): string {
  return path.join(packageRoot(), 'dist', 'workers', `${name}.worker.js`);
}
