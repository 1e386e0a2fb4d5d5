/**
 * The registry of ingest targets: the four peers, always present, plus our engine when its
 * target module exists. Nothing here pretends: with no engine module the harness simply runs
 * the peers and reports the engine's fields as null.
 *
 * The engine joins in one of two ways:
 * - bench/macro/targets/engine-target.ts, once written and built, is found next to this file
 *   (dist/bench/macro/targets/engine-target.js) and loaded;
 * - `--engine-module <path>` loads any module (e.g. an experiment) by path.
 * Either module exports `ingestTargetFactory: IngestTargetFactory` (kind 'engine'), the same
 * contract as the peers' files. Code that embeds the harness can also call
 * registerIngestTarget() directly.
 */

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assert } from '../../src/lib/assert.js';
import type { IngestTargetFactory, IngestTargetKind } from './ingest-target.js';
import { ingestTargetFactory as classicLevelBatch } from './targets/classic-level-batch-target.js';
import {
  ingestTargetFactory as classicLevelSingle,
} from './targets/classic-level-single-target.js';
import { ingestTargetFactory as lmdb } from './targets/lmdb-target.js';
import { ingestTargetFactory as sqlite } from './targets/sqlite-target.js';

const ENGINE_TARGET_URL = new URL('./targets/engine-target.js', import.meta.url);

const KINDS: readonly IngestTargetKind[] = [
  'engine',
  'classic-level-batch',
  'classic-level-single',
  'lmdb',
  'sqlite',
];

const registered: IngestTargetFactory[] = [classicLevelBatch, classicLevelSingle, lmdb, sqlite];

/** Adds a target; names are unique and at most one target is the engine. */
export function registerIngestTarget(factory: IngestTargetFactory): void {
  assert(
    !registered.some((other) => other.name === factory.name),
    `an ingest target named "${factory.name}" is already registered`,
  );
  assert(
    factory.kind !== 'engine' || !registered.some((other) => other.kind === 'engine'),
    'only one engine ingest target can be registered',
  );
  registered.push(factory);
}

/** Every registered target, engine first (the ratios in the report are read against peers). */
export function ingestTargetFactories(): readonly IngestTargetFactory[] {
  return [...registered].sort((a, b) => Number(b.kind === 'engine') - Number(a.kind === 'engine'));
}

/**
 * Registers the engine target from its module, if there is one: the explicit path first,
 * else the conventional file next to the built harness.
 */
export async function loadEngineTarget(engineModulePath: string | null): Promise<void> {
  let url: URL | null = null;
  if (engineModulePath !== null) url = pathToFileURL(resolve(engineModulePath));
  else if (existsSync(fileURLToPath(ENGINE_TARGET_URL))) url = ENGINE_TARGET_URL;
  if (url === null) return;
  const loaded: unknown = await import(url.href);
  registerIngestTarget(toFactory(loaded, url.href));
}

/** Narrows a loaded module to its factory export, with an error naming what is wrong. */
function toFactory(loaded: unknown, where: string): IngestTargetFactory {
  const candidate =
    typeof loaded === 'object' && loaded !== null && 'ingestTargetFactory' in loaded
      ? loaded.ingestTargetFactory
      : undefined;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    !('name' in candidate && typeof candidate.name === 'string') ||
    !('kind' in candidate && KINDS.some((kind) => kind === candidate.kind)) ||
    !('create' in candidate && typeof candidate.create === 'function')
  ) {
    throw new TypeError(
      `${where} must export ingestTargetFactory: { name: string, kind, create(): IngestTarget }`,
    );
  }
  return candidate as IngestTargetFactory;
}
