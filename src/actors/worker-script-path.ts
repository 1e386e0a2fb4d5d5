/**
 * Where the built actor host worker lives (ADR 0001: worker threads always run the compiled
 * JS in dist/). This module is at <root>/src/actors under vitest and at
 * <root>/dist/src/actors once built; both resolve to <root>/dist/workers/.
 */

import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRootFrom(moduleUrl: string): string {
  const actorsDir = path.dirname(fileURLToPath(moduleUrl));
  let root = path.resolve(actorsDir, '..', '..');
  if (path.basename(root) === 'dist') root = path.dirname(root);
  return root;
}

export function actorHostWorkerScript(): string {
  return path.join(packageRootFrom(import.meta.url), 'dist', 'workers', 'actor-host.worker.js');
}
