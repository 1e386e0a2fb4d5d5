/** Hint batches and temporary hints directories for the hints tests. */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mutationsFromBytes, mutationsToBytes } from '../../../../src/cluster/coordinator/replica-messages.js';
import { text, decode, mutation, row } from '../../../helpers/rows.js';

export const TARGET = '5d9c2a3e-1111-4c4c-9a9a-0123456789ab';

/** One write of `key` (table 7) as an encoded batch, as a coordinator would hint it. */
export function hintBatch(key: string, value = `v-${key}`): Uint8Array {
  return mutationsToBytes([mutation(7, key, [row(new Uint8Array(0), { 1: value }, 1_000n)])]);
}

/** The keys an encoded batch writes. */
export function keysOf(batch: Uint8Array): string[] {
  return mutationsFromBytes(batch).map((m) => decode(m.key)!);
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-hints-'));
}

export { text };
