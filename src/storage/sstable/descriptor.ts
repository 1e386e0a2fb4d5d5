/**
 * Names an SSTable on disk: a folder and a generation number. Each component is one file,
 * `sb-<generation>-<Component>.db`, as Cassandra's `nb-<gen>-big-Data.db`. The TOC component is
 * written last (sstable-writer.ts), so a generation without a TOC is a write that never
 * finished: listSSTables deletes its leftovers.
 */

import { assert } from '../../lib/assert.js';
import type { StoragePort } from '../../lib/storage-port.js';

export interface SSTableDescriptor {
  readonly directory: string;
  readonly generation: number;
}

export type SSTableComponent = 'Data' | 'Index' | 'Summary' | 'Filter' | 'Statistics' | 'TOC';

/** Every component, in the order the writer finishes them (TOC last). */
export const SSTABLE_COMPONENTS: readonly SSTableComponent[] = [
  'Data',
  'Index',
  'Summary',
  'Filter',
  'Statistics',
  'TOC',
];

const FILE_NAME = /^sb-(\d+)-(Data|Index|Summary|Filter|Statistics|TOC)\.db(\.tmp)?$/;

export function componentPath(d: SSTableDescriptor, c: SSTableComponent): string {
  assert(Number.isSafeInteger(d.generation) && d.generation > 0, `bad generation ${d.generation}`);
  return `${d.directory}/sb-${d.generation}-${c}.db`;
}

/**
 * Complete SSTables (TOC present) in a folder, sorted by generation. Files of a generation
 * without a TOC, and temporary files, are leftovers of writes that never finished and are
 * deleted. Call it when no SSTableWriter is writing into `directory` (at start-up), or it
 * would delete that writer's files.
 */
export function listSSTables(port: StoragePort, directory: string): SSTableDescriptor[] {
  if (!port.exists(directory)) return [];
  const filesByGeneration = new Map<number, string[]>();
  const complete = new Set<number>();
  for (const name of port.readdir(directory)) {
    const match = FILE_NAME.exec(name);
    if (match === null) continue;
    const generation = Number(match[1]);
    const files = filesByGeneration.get(generation) ?? [];
    files.push(name);
    filesByGeneration.set(generation, files);
    if (match[2] === 'TOC' && match[3] === undefined) complete.add(generation);
  }
  const result: SSTableDescriptor[] = [];
  for (const [generation, files] of filesByGeneration) {
    if (complete.has(generation)) {
      // A temporary file beside a complete TOC is a rename that was interrupted after the
      // final file was already in place: safe to drop.
      for (const name of files) if (name.endsWith('.tmp')) port.unlink(`${directory}/${name}`);
      result.push({ directory, generation });
    } else {
      for (const name of files) port.unlink(`${directory}/${name}`);
    }
  }
  result.sort((a, b) => a.generation - b.generation);
  return result;
}

/** The generation a component file (or its temporary) belongs to, or null for other files. */
export function generationOfFile(name: string): number | null {
  const match = FILE_NAME.exec(name);
  return match === null ? null : Number(match[1]);
}

/**
 * Deletes every component file below generation `below` in `directory`, complete or not: the
 * files of a store that was truncated, once nothing writes them any more. Returns how many.
 */
export function deleteGenerationsBelow(port: StoragePort, directory: string, below: number): number {
  if (!port.exists(directory)) return 0;
  let deleted = 0;
  // TOCs first: a crash part-way leaves generations without a TOC, which listSSTables removes.
  const names = port.readdir(directory).sort((a, b) => Number(b.includes('-TOC.')) - Number(a.includes('-TOC.')));
  for (const name of names) {
    const generation = generationOfFile(name);
    if (generation === null || generation >= below) continue;
    port.unlink(`${directory}/${name}`);
    deleted++;
  }
  return deleted;
}

export function nextGeneration(existing: readonly SSTableDescriptor[]): number {
  let max = 0;
  for (const d of existing) max = Math.max(max, d.generation);
  return max + 1;
}
