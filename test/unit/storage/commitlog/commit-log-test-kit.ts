/**
 * Shared pieces for the commit-log tests: temp folders on the real disk, a port that counts
 * fsyncs, a port that tears one write half-way (ENOSPC after some bytes), and payload makers.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { enospc } from '../../../../src/lib/faulty-storage-port.js';
import { NodeStoragePort } from '../../../../src/lib/node-storage-port.js';
import { SeededRandom } from '../../../../src/lib/random.js';
import type { StoragePort } from '../../../../src/lib/storage-port.js';
import { CommitLogReplayer } from '../../../../src/storage/commitlog/commit-log-replayer.js';
import type { CorruptionError } from '../../../../src/lib/errors.js';

export function makeTempDirectory(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `sibyl-commitlog-${tag}-`));
}

/** `count` payloads of `bytes` bytes each, distinct and reproducible. */
export function makePayloads(count: number, bytes: number, seed = 1): Uint8Array[] {
  const random = new SeededRandom(seed);
  const payloads: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const payload = new Uint8Array(bytes);
    for (let j = 0; j < bytes; j++) payload[j] = random.int(256);
    payloads.push(payload);
  }
  return payloads;
}

export interface ReplayResult {
  readonly payloads: Uint8Array[];
  readonly offsets: number[];
  readonly corruptions: CorruptionError[];
  readonly tornTails: number;
}

export function replayAll(port: StoragePort, segments: readonly string[]): ReplayResult {
  const corruptions: CorruptionError[] = [];
  const replay = CommitLogReplayer.replay(port, segments, (e) => corruptions.push(e));
  const payloads: Uint8Array[] = [];
  const offsets: number[] = [];
  for (const entry of replay) {
    payloads.push(Uint8Array.from(entry.payload));
    offsets.push(entry.offset);
  }
  return { payloads, offsets, corruptions, tornTails: replay.stats().tornTails };
}

/** A NodeStoragePort that counts fsyncs of files, in place or in the background. */
export class CountingStoragePort extends NodeStoragePort {
  syncCalls = 0;
  /** Background syncs not yet settled (settle() waits for them). */
  readonly syncsInFlight = new Set<Promise<void>>();

  override sync(fd: number): void {
    this.syncCalls++;
    super.sync(fd);
  }

  override syncInBackground(fd: number): Promise<void> {
    this.syncCalls++;
    const synced = super.syncInBackground(fd);
    const tracked = synced.then(
      () => void this.syncsInFlight.delete(tracked),
      () => void this.syncsInFlight.delete(tracked),
    );
    this.syncsInFlight.add(tracked);
    return synced;
  }
}

/**
 * A port whose next write, once armed, writes only `bytesBeforeFailure` bytes and then fails
 * with ENOSPC, as a disk that fills in the middle of a write does.
 */
export class TearingStoragePort extends NodeStoragePort {
  private bytesBeforeFailure: number | null = null;

  tearNextWrite(bytesBeforeFailure: number): void {
    this.bytesBeforeFailure = bytesBeforeFailure;
  }

  override write(fd: number, data: Uint8Array, offset: number, length: number, position: number | null): void {
    const tear = this.bytesBeforeFailure;
    if (tear === null) {
      super.write(fd, data, offset, length, position);
      return;
    }
    this.bytesBeforeFailure = null;
    super.write(fd, data, offset, Math.min(tear, length), position);
    throw enospc('write');
  }
}

export function segmentFiles(directory: string): string[] {
  return fs
    .readdirSync(directory)
    .filter((name) => name.startsWith('CommitLog-'))
    .sort((a, b) => segmentIdOf(a) - segmentIdOf(b));
}

export function segmentIdOf(name: string): number {
  return Number(/-(\d+)\.log$/.exec(name)?.[1] ?? Number.NaN);
}

/** Lets pending promise callbacks (and microtasks they queue) run. */
/** Lets queued callbacks run and, given the port, its background syncs finish (their reactions too). */
export async function settle(port?: CountingStoragePort): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  while (port !== undefined && port.syncsInFlight.size > 0) {
    await Promise.all(port.syncsInFlight);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
